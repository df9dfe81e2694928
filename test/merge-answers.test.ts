import { describe, expect, it } from "vitest";
import { changedQuestions, mergeAnswers } from "../server/respond/merge-answers.ts";

describe("merging answers by question", () => {
  const stored = { a: "stored-a", b: "colleague-b", c: "same" };
  const storedRevisions = { a: 1, b: 3, c: 1 };

  it("takes the respondent's value where the stored side did not change since the base", () => {
    const { merged, conflicts } = mergeAnswers({ incoming: { a: "mine-a", b: "old-b", c: "same" }, baseRevision: 2, changed: ["a"], stored, storedRevisions });
    expect(conflicts).toEqual([]);
    expect(merged).toEqual({ a: "mine-a", b: "colleague-b", c: "same" });
  });

  it("reports a conflict where both sides changed the same question", () => {
    const { merged, conflicts } = mergeAnswers({ incoming: { a: "stored-a", b: "mine-b", c: "same" }, baseRevision: 2, changed: ["b"], stored, storedRevisions });
    expect(conflicts).toEqual([{ question: "b", yours: "mine-b", theirs: "colleague-b" }]);
    expect(merged.b).toBe("colleague-b");
  });

  it("without a list of changes, treats every differing question changed on the stored side as a conflict", () => {
    const { conflicts } = mergeAnswers({ incoming: { a: "stored-a", b: "old-b", c: "same" }, baseRevision: 2, stored, storedRevisions });
    expect(conflicts.map((conflict) => conflict.question)).toEqual(["b"]);
  });

  it("keeps a question the respondent cleared, unless the stored side changed it since", () => {
    expect(mergeAnswers({ incoming: { b: "colleague-b", c: "same" }, baseRevision: 2, changed: ["a"], stored, storedRevisions }).merged).toEqual({ b: "colleague-b", c: "same" });
    const { conflicts } = mergeAnswers({ incoming: { a: "stored-a", c: "same" }, baseRevision: 2, changed: ["b"], stored, storedRevisions });
    expect(conflicts).toEqual([{ question: "b", yours: undefined, theirs: "colleague-b" }]);
  });

  it("lists changed questions, including removed ones and changes inside arrays and objects", () => {
    expect(changedQuestions({ a: 1, b: [1, 2], c: { x: 1 }, d: "gone" }, { a: 1, b: [1, 3], c: { x: 1 }, e: "new" }).sort()).toEqual(["b", "d", "e"]);
  });
});
