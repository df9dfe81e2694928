import { sameAnswer } from "../lib/same-answer.ts";
export interface AnswerConflict {
  question: string;
  /** The respondent's value (undefined: they cleared it). */
  yours: unknown;
  /** The stored value another device or colleague saved since. */
  theirs: unknown;
}

export interface MergeInput {
  /** The answers the respondent sends now. */
  incoming: Record<string, unknown>;
  /** The revision the respondent's copy was based on. */
  baseRevision: number;
  /** Questions the respondent changed since that revision, when the page knows them. */
  changed?: string[];
  /** What is stored now, and per question the revision of its last change. */
  stored: Record<string, unknown>;
  storedRevisions: Record<string, number>;
}

const same = sameAnswer;

/**
 * Three-way merge by question for a save based on an older revision. A question the stored
 * side has not touched since the respondent's base takes the respondent's value; a question only
 * the stored side changed keeps the stored value; a question both changed (to different values)
 * is a conflict for the respondent to decide. Nothing is ever dropped silently.
 */
export function mergeAnswers(input: MergeInput): { merged: Record<string, unknown>; conflicts: AnswerConflict[] } {
  const changedByRespondent = input.changed ? new Set(input.changed) : null;
  const merged: Record<string, unknown> = {};
  const conflicts: AnswerConflict[] = [];
  const questions = new Set([...Object.keys(input.incoming), ...Object.keys(input.stored)]);
  for (const question of questions) {
    const yours = input.incoming[question];
    const theirs = input.stored[question];
    let value: unknown;
    if (same(yours, theirs)) {
      value = theirs;
    } else if ((input.storedRevisions[question] ?? 0) <= input.baseRevision) {
      value = yours;
    } else if (changedByRespondent && !changedByRespondent.has(question)) {
      value = theirs;
    } else {
      conflicts.push({ question, yours, theirs });
      value = theirs;
    }
    if (value !== undefined) merged[question] = value;
  }
  return { merged, conflicts };
}

/** Questions whose value differs between two answer documents (added, changed or removed). */
export function changedQuestions(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const questions = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...questions].filter((question) => !same(before[question], after[question]));
}
