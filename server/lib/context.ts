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
  /** True when mail goes to the dev mailbox instead of SMTP. */
  devMailbox: boolean;
}

export interface AppEnv {
  Variables: {
    services: AppServices;
    session: SessionInfo;
  };
}
