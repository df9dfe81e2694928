/**
 * Structured logs: one JSON object per line on stdout (`time`, `level`, `message`, `pid`, then
 * the fields). Callers pass only non-personal fields (ids, counts, codes); as a second line of
 * defence every string that reaches a log line is scrubbed: e-mail addresses become `[email]`
 * and anything shaped like a link secret (40+ URL-safe characters, e.g. a 43-character token or a
 * SHA-256 hash) becomes `[secret]`. Request paths are logged with tokens masked (maskTokensInPath);
 * request and response bodies are never logged.
 */
type Level = "debug" | "info" | "warn" | "error";
const order: Record<Level | "silent", number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

let threshold: number = order.info;
let write: (line: string) => void = (line) => process.stdout.write(line);

export function setLogLevel(level: Level | "silent"): void {
  threshold = order[level];
}

/** Whether a message of this level would be written (to skip building it otherwise). */
export function isLogged(level: Level): boolean {
  return order[level] >= threshold;
}

/** Sends log lines elsewhere (tests); returns a function that restores stdout. */
export function redirectLogs(sink: (line: string) => void): () => void {
  const previous = write;
  write = sink;
  return () => {
    write = previous;
  };
}

export function log(level: Level, message: string, fields: Record<string, unknown> = {}): void {
  if (order[level] < threshold) return;
  const entry = { time: new Date().toISOString(), level, message: scrub(message), pid: process.pid, ...(scrubFields(fields) as object) };
  write(`${JSON.stringify(entry)}\n`);
}

const EMAIL = /[^\s@<>()[\]"',;:]+@[^\s@<>()[\]"',;:]+\.[^\s@<>()[\]"',;:]+/g;
/** Respondent and invitation tokens are 43 base64url characters; UUIDs (36) stay readable. */
const SECRET = /[A-Za-z0-9_-]{40,}/g;

/** A log string without e-mail addresses or secret-looking runs. */
export function scrub(text: string): string {
  return text.replace(EMAIL, "[email]").replace(SECRET, "[secret]");
}

function scrubFields(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return scrub(value);
  if (value instanceof Error) return scrub(`${value.name}: ${value.message}`);
  if (value === null || typeof value !== "object" || depth > 4) return value;
  if (Array.isArray(value)) return value.map((entry) => scrubFields(entry, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, scrubFields(entry, depth + 1)]));
}

/**
 * Secrets in paths become `***`: `/r/abc…` and `/api/r/abc…` (respondent links), `/invite/abc…`
 * and `/api/team/invitations/abc…` (planner invitations), `/reset-password/abc…` and
 * `/api/auth/password-reset/abc…` (password resets); any other segment that looks like a secret
 * is masked too, so a new token route cannot leak by omission.
 */
export function maskTokensInPath(path: string): string {
  return path
    .replace(/\/(r|invite|n|reset-password)\/[^/?#]+/g, "/$1/***")
    .replace(/\/(team\/invitations|auth\/password-reset)\/[^/?#]+/g, "/$1/***")
    .replace(/\/[^/?#]{40,}(?=[/?#]|$)/g, "/***")
    .replace(/\/[^/?#]*@[^/?#]*(?=[/?#]|$)/g, "/***");
}
