/**
 * Whether two answer values are the same answer. Answers travel as JSON and come back from
 * jsonb with their object keys reordered (PostgreSQL sorts them), so key order never counts;
 * array order does (a ranking, the entries of a repeatable section). `undefined` and a missing
 * key are the same (an unanswered question).
 *
 * @example
 * sameAnswer({ name: "Anna", telefon: "12" }, { telefon: "12", name: "Anna" }); // true
 * sameAnswer(["a", "b"], ["b", "a"]); // false
 */
export function sameAnswer(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((value, index) => sameAnswer(value, other[index]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
  for (const key of keys) if (!sameAnswer(left[key], right[key])) return false;
  return true;
}
