import { sameAnswer } from "../../../server/lib/same-answer.ts";

/**
 * What the form shows after a save's reply brought answers saved elsewhere (another tab, device
 * or colleague): a three-way merge of the value that was sent, the value the form holds now and
 * the value the server stored. Whatever the respondent changed since the save was sent stays as
 * it is, down to the field of a composite question (an item of a multiple text, a cell of a
 * matrix, a field of one entry of a repeatable section); everything else takes the server's
 * value. So a reply never overwrites what is being typed.
 *
 * @example
 * mergeReply({ name: "An" }, { name: "Anna" }, { name: "An", telefon: "0202" });
 * // { name: "Anna", telefon: "0202" }
 */
export function mergeReply(sent: unknown, current: unknown, server: unknown): unknown {
  if (sameAnswer(current, sent)) return server;
  if (sameAnswer(server, sent)) return current;
  // Both sides changed it: look inside composite answers, field by field.
  if (isRecord(current) && isRecord(server) && (sent === undefined || isRecord(sent))) {
    const before = (sent ?? {}) as Record<string, unknown>;
    const merged: Record<string, unknown> = {};
    for (const key of new Set([...Object.keys(current), ...Object.keys(server)])) {
      const value = mergeReply(before[key], current[key], server[key]);
      if (value !== undefined) merged[key] = value;
    }
    return merged;
  }
  // Entries of a repeatable section or rows of a dynamic matrix, when none was added or removed here.
  if (Array.isArray(current) && Array.isArray(server) && Array.isArray(sent) && current.length === sent.length && server.length === sent.length) {
    if (current.every(isRecord) && server.every(isRecord) && sent.every(isRecord)) {
      return current.map((entry, index) => mergeReply(sent[index], entry, server[index]));
    }
  }
  // A single value (or a set of choices) changed here: the respondent's is what the form keeps.
  return current;
}

/**
 * The changes a reply makes to the form: for every question not in `keepWhole`, the merged value
 * where it differs from what the form holds (`undefined` clears a question).
 */
export function replyUpdates(
  sent: Record<string, unknown>,
  current: Record<string, unknown>,
  server: Record<string, unknown>,
  keepWhole: ReadonlySet<string>,
): Record<string, unknown> {
  const updates: Record<string, unknown> = {};
  for (const name of new Set([...Object.keys(current), ...Object.keys(server)])) {
    if (keepWhole.has(name) || keepWhole.has(name.replace(/-Comment$/, ""))) continue;
    const merged = mergeReply(sent[name], current[name], server[name]);
    if (!sameAnswer(merged, current[name])) updates[name] = merged;
  }
  return updates;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
