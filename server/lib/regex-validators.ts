import { safeRegex } from "safe-regex2";

type Json = Record<string, unknown>;

/** The longest pattern a check may have (a postcode or phone pattern is a few dozen characters). */
export const MAX_PATTERN_CHARS = 500;

/**
 * Whether a planner's or a file's regular expression (a SurveyJS `regex` validator) may run on
 * the server: it compiles, is not overlong, and has no nested or overlapping repetition that
 * backtracks exponentially (safe-regex2), since survey-core checks it on the request thread
 * when answers are submitted, and one pattern like `(a+)+$` would stall the server for everyone.
 */
export function isSafePattern(pattern: string): boolean {
  if (pattern.length > MAX_PATTERN_CHARS) return false;
  try {
    new RegExp(pattern);
  } catch {
    return false;
  }
  return safeRegex(pattern);
}

/** The names of the questions (at any depth) whose regex checks are unsafe, in order. */
export function unsafePatternQuestions(json: unknown): string[] {
  const found: string[] = [];
  const visit = (value: unknown, name: string) => {
    if (Array.isArray(value)) {
      for (const entry of value) visit(entry, name);
      return;
    }
    if (!value || typeof value !== "object") return;
    const node = value as Json;
    const own = typeof node.name === "string" ? node.name : name;
    if (node.type === "regex" && !isSafePattern(String(node.regex ?? ""))) found.push(name);
    for (const child of Object.values(node)) if (child && typeof child === "object") visit(child, own);
  };
  visit(json, "");
  return [...new Set(found)];
}

/**
 * A definition without its unsafe regex checks (the rest unchanged): the last line of defence
 * for definitions stored before patterns were checked, so the server's own validation never runs one.
 */
export function withoutUnsafePatterns<T>(json: T): T {
  if (Array.isArray(json)) {
    return json.filter((entry) => !(entry && typeof entry === "object" && (entry as Json).type === "regex" && !isSafePattern(String((entry as Json).regex ?? "")))).map(withoutUnsafePatterns) as T;
  }
  if (!json || typeof json !== "object") return json;
  return Object.fromEntries(Object.entries(json as Json).map(([key, value]) => [key, withoutUnsafePatterns(value)])) as T;
}
