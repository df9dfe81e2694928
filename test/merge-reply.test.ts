import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mergeReply, replyUpdates } from "../client/src/respond/merge-reply.ts";
import { sameAnswer } from "../server/lib/same-answer.ts";

/**
 * A save's reply is merged into the form three ways (what was sent, what the form holds now,
 * what the server stored): nothing the respondent changed since sending is ever overwritten,
 * down to the field of a composite answer; everything else takes the server's value.
 */
describe("merging a save's reply into the form", () => {
  it("keeps what is being typed and takes a colleague's other field of the same question", () => {
    expect(mergeReply({ name: "An" }, { name: "Anna" }, { name: "An", telefon: "0202" })).toEqual({ name: "Anna", telefon: "0202" });
    // The question was empty when the save left; the respondent started on one item, a colleague another.
    expect(mergeReply(undefined, { name: "Anna" }, { telefon: "0202" })).toEqual({ name: "Anna", telefon: "0202" });
  });

  it("merges the entries of a repeatable section field by field while none was added here", () => {
    const sent = [{ titel: "Basket" }, { titel: "Hausaufgaben" }];
    const current = [{ titel: "Basketball" }, { titel: "Hausaufgaben" }];
    const server = [{ titel: "Basket", leitung: "Trainerin" }, { titel: "Hausaufgabenhilfe" }];
    expect(mergeReply(sent, current, server)).toEqual([{ titel: "Basketball", leitung: "Trainerin" }, { titel: "Hausaufgabenhilfe" }]);
    // An entry added here since: the form's list stays as it is.
    expect(mergeReply(sent, [...current, {}], server)).toEqual([...current, {}]);
  });

  it("treats a set of choices as one answer: changed here, it stays", () => {
    expect(mergeReply(["a"], ["a", "b"], ["a", "c"])).toEqual(["a", "b"]);
    expect(mergeReply(["a"], ["a"], ["a", "c"])).toEqual(["a", "c"]);
  });

  it("ignores key order (jsonb sorts keys) when deciding what changed", () => {
    expect(replyUpdates({ q: { b: 1, a: 2 } }, { q: { b: 1, a: 2 } }, { q: { a: 2, b: 1 } }, new Set())).toEqual({});
  });

  it("leaves questions kept whole alone, comments with their question", () => {
    const updates = replyUpdates({ other: 1 }, { q: "mine", "q-Comment": "my note", other: 1 }, { q: "theirs", "q-Comment": "their note", other: 2 }, new Set(["q"]));
    expect(updates).toEqual({ other: 2 });
  });

  // Answer-like values: text, numbers, booleans, choice lists, records of them, lists of records.
  const leaf = fc.oneof(fc.constant(undefined), fc.string({ maxLength: 4 }), fc.integer({ min: 0, max: 3 }), fc.boolean());
  const record = fc.dictionary(fc.constantFrom("a", "b", "c"), leaf, { maxKeys: 3 });
  const value = fc.oneof(leaf, fc.array(fc.constantFrom("x", "y", "z"), { maxLength: 3 }), record, fc.array(record, { maxLength: 3 }));

  /** Every leaf of a value by path (records and lists of records opened up). */
  function leaves(input: unknown, path = ""): Map<string, unknown> {
    const out = new Map<string, unknown>();
    const isRecord = (entry: unknown) => typeof entry === "object" && entry !== null && !Array.isArray(entry);
    if (isRecord(input)) {
      for (const [key, entry] of Object.entries(input as Record<string, unknown>)) for (const [p, v] of leaves(entry, `${path}/${key}`)) out.set(p, v);
    } else if (Array.isArray(input) && input.every(isRecord) && input.length > 0) {
      input.forEach((entry, index) => {
        for (const [p, v] of leaves(entry, `${path}/${index}`)) out.set(p, v);
      });
    } else if (input !== undefined) {
      out.set(path, input);
    }
    return out;
  }

  it("never loses a change made in the form since the save was sent (property)", () => {
    fc.assert(
      fc.property(value, value, value, (sent, current, server) => {
        const merged = leaves(mergeReply(sent, current, server));
        const before = leaves(sent);
        for (const [path, mine] of leaves(current)) {
          if (!sameAnswer(mine, before.get(path))) expect(merged.get(path), `changed here at ${path || "/"}`).toEqual(mine);
        }
        if (sameAnswer(current, sent)) expect(mergeReply(sent, current, server)).toEqual(server);
      }),
      { numRuns: 2000 },
    );
  });
});
