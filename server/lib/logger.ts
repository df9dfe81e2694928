/**
 * Structured JSON logs on stdout. Callers pass only non-personal fields (ids, counts, codes);
 * request paths are logged with respondent tokens masked (see maskTokensInPath).
 */
type Level = "debug" | "info" | "warn" | "error";
const order: Record<Level | "silent", number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

let threshold: number = order.info;

export function setLogLevel(level: Level | "silent"): void {
  threshold = order[level];
}

/** Whether a message of this level would be written (to skip building it otherwise). */
export function isLogged(level: Level): boolean {
  return order[level] >= threshold;
}

export function log(level: Level, message: string, fields: Record<string, unknown> = {}): void {
  if (order[level] < threshold) return;
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level, message, ...fields })}\n`);
}

/** `/r/abc…` and `/api/r/abc…` become `/r/***` so secrets in links never reach a log. */
export function maskTokensInPath(path: string): string {
  return path.replace(/\/(r|invite)\/[^/?#]+/g, "/$1/***");
}
