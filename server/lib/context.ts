import type { Kysely } from "kysely";
import type { AppConfig } from "../config.ts";
import type { Database } from "../db/schema.ts";
import type { DatabaseKind } from "../db/connection.ts";

/** The signed-in planner, resolved from the session cookie. Tenant scoping uses organisationId. */
export interface SessionInfo {
  sessionIdHash: string;
  userId: string;
  organisationId: string;
  role: "admin" | "planner";
  email: string;
  name: string;
  csrfToken: string;
}

/** What every handler can reach: the database and the mail queue's wake-up call. */
export interface AppServices {
  db: Kysely<Database>;
  databaseKind: DatabaseKind;
  config: AppConfig;
  /** Tells the mail worker that new mail is waiting, so it does not sleep out its poll interval. */
  wakeMailWorker: () => void;
  /** Tells the background eraser that a deletion was confirmed (absent where none runs: marks then wait for the next start). */
  wakeEraser?: () => void;
  /** True when mail goes to the dev mailbox instead of SMTP. */
  devMailbox: boolean;
  /** This process's mail worker, for /api/health (absent where no worker runs, e.g. in API tests). */
  mailStatus?: () => Promise<MailWorkerState>;
  /** True once a graceful shutdown has begun: /api/health answers 503 so load balancers drain this process. */
  isStopping?: () => boolean;
}

/** What /api/health reports of a mail worker (the shape of MailWorker.status()). */
export interface MailWorkerState {
  lastRoundAt: Date | null;
  lastError: string | null;
  inFlight: number;
  queued: number;
  sent: number;
  failed: number;
  retried: number;
}

export interface AppEnv {
  Variables: {
    services: AppServices;
    session: SessionInfo;
  };
}
