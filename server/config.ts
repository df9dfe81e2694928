import { z } from "zod";
import { parseTrustedProxies, type TrustedProxies } from "./lib/trusted-proxies.ts";

/**
 * Environment → typed configuration (12-factor). Every variable is documented in the README.
 * A bad value stops the start with a message naming the variable, never a stack trace.
 */
const environmentSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().default("./data"),
  PUBLIC_URL: z.string().url().optional(),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default("Kanon <no-reply@kanon.localhost>"),
  MAIL_POLL_MS: z.coerce.number().int().min(50).default(2000),
  MAIL_RATE: z.coerce.number().min(0).max(100_000).default(0),
  MAIL_CONNECTIONS: z.coerce.number().int().min(1).max(100).default(5),
  MAIL_BATCH: z.coerce.number().int().min(1).max(5000).default(100),
  SESSION_DAYS: z.coerce.number().int().min(1).max(90).default(14),
  SECURE_COOKIES: z.enum(["auto", "true", "false"]).default("auto"),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  TRUSTED_PROXIES: z.string().default(""),
});

export interface AppConfig {
  port: number;
  host: string;
  /** PostgreSQL connection string; without it the embedded PGlite in `dataDir` is used. */
  databaseUrl?: string;
  /** PGlite data directory, or `memory://` for a throw-away in-memory database. */
  dataDir: string;
  /** Base URL used in mailed links; defaults to the request's origin or http://localhost:PORT. */
  publicUrl?: string;
  /** nodemailer SMTP URL; without it mails land in the built-in dev mailbox. */
  smtpUrl?: string;
  mailFrom: string;
  mailPollMs: number;
  /** Most mails per second to the SMTP server (fractions allowed); 0: unlimited. */
  mailRate: number;
  /** Pooled SMTP connections. */
  mailConnections: number;
  /** Outbox rows one worker claims at a time. */
  mailBatch: number;
  sessionDays: number;
  secureCookies: "auto" | "true" | "false";
  logLevel: "debug" | "info" | "warn" | "error" | "silent";
  /**
   * Reverse proxies in front of the app (addresses or CIDR ranges): from these, the client's
   * address is read from X-Forwarded-For (for per-client rate limits); from anyone else the
   * header is ignored, so it cannot be used to dodge a limit.
   */
  trustedProxies: TrustedProxies;
}

export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const parsed = environmentSchema.safeParse(
    Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== "")),
  );
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${problems.join("\n  ")}`);
  }
  const e = parsed.data;
  const trustedProxies = parseTrustedProxies(e.TRUSTED_PROXIES);
  if (trustedProxies instanceof Error) throw new ConfigError(`Invalid configuration:\n  TRUSTED_PROXIES: ${trustedProxies.message}`);
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    publicUrl: e.PUBLIC_URL?.replace(/\/$/, ""),
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    mailPollMs: e.MAIL_POLL_MS,
    mailRate: e.MAIL_RATE,
    mailConnections: e.MAIL_CONNECTIONS,
    mailBatch: e.MAIL_BATCH,
    sessionDays: e.SESSION_DAYS,
    secureCookies: e.SECURE_COOKIES,
    logLevel: e.LOG_LEVEL,
    trustedProxies,
  };
}

export class ConfigError extends Error {}
