import { createApp, type App } from "../../server/app.ts";
import { loadCanon } from "../../server/canon/load-canon.ts";
import { loadTemplates } from "../../server/surveys/load-templates.ts";
import { loadConfig } from "../../server/config.ts";
import { migrateToLatest, type DatabaseHandle } from "../../server/db/connection.ts";
import { setLogLevel } from "../../server/lib/logger.ts";
import { startEraser, type Eraser } from "../../server/data-protection/erasure.ts";
import { startMailWorker, type MailWorker } from "../../server/mailing/mail-worker.ts";
import { devMailboxTransport, type MailTransport } from "../../server/mailing/transport.ts";
import { openTestDatabase, type TestDatabaseKind } from "./databases.ts";

export interface TestApp {
  app: App;
  database: DatabaseHandle;
  mailWorker: MailWorker;
  /** The background eraser, woken by deletions as in the server. */
  eraser: Eraser;
  /** Sends a request to the in-process app (no network), as a browser without cookies would. */
  request(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Defaults to the dev mailbox; pass an SMTP transport to test real delivery. */
  transport?: MailTransport;
  env?: Record<string, string>;
  /** A database opened by the test (say, to reopen it after a restart); closed with the app. */
  database?: DatabaseHandle;
}

/** The real app over a fresh database, migrated and with the canon loaded; the mail worker is driven by the test. */
export async function createTestApp(kind: TestDatabaseKind, options: TestAppOptions = {}): Promise<TestApp> {
  setLogLevel("silent");
  const database = options.database ?? (await openTestDatabase(kind));
  await migrateToLatest(database.db);
  await loadCanon(database.db);
  await loadTemplates(database.db);
  const config = loadConfig({ PUBLIC_URL: "http://kanon.test", ...options.env });
  const transport = options.transport ?? devMailboxTransport(database.db);
  const mailWorker = startMailWorker({ db: database.db, transport, from: config.mailFrom, pollMs: 3_600_000 });
  const eraser = startEraser({ db: database.db, intervalMs: 3_600_000 });
  const app = createApp({
    db: database.db,
    databaseKind: database.kind,
    config,
    devMailbox: !options.transport,
    wakeMailWorker: () => {},
    wakeEraser: () => eraser.wake(),
  });
  const testApp: TestApp = {
    app,
    database,
    mailWorker,
    eraser,
    request(method, path, body, headers = {}) {
      const init: RequestInit = { method, headers: { ...headers } };
      if (body !== undefined) {
        init.body = typeof body === "string" ? body : JSON.stringify(body);
        (init.headers as Record<string, string>)["content-type"] ??= "application/json";
      }
      return Promise.resolve(app.request(`http://kanon.test${path}`, init));
    },
    async close() {
      await testApp.mailWorker.stop();
      await eraser.stop();
      await database.close();
    },
  };
  return testApp;
}

/** A signed-in planner: carries the session cookie and CSRF token like the browser client does. */
export class PlannerClient {
  constructor(
    private readonly testApp: TestApp,
    readonly cookie: string,
    readonly csrfToken: string,
    readonly organisationId: string,
  ) {}

  request(method: string, path: string, body?: unknown): Promise<Response> {
    return this.testApp.request(method, path, body, { cookie: this.cookie, "x-csrf-token": this.csrfToken });
  }

  async json<T = any>(method: string, path: string, body?: unknown, expectedStatus = 200): Promise<T> {
    const response = await this.request(method, path, body);
    const payload = await response.json();
    if (response.status !== expectedStatus) {
      throw new Error(`${method} ${path}: expected ${expectedStatus}, got ${response.status}: ${JSON.stringify(payload)}`);
    }
    return payload as T;
  }
}

function sessionCookieOf(response: Response): string {
  const header = response.headers.get("set-cookie") ?? "";
  const match = header.match(/kanon_session=([^;]+)/);
  if (!match) throw new Error(`no session cookie in ${header}`);
  return `kanon_session=${match[1]}`;
}

/** Signs in through the API and returns a client carrying the session. */
export async function signedIn(testApp: TestApp, response: Response): Promise<PlannerClient> {
  const body = (await response.json()) as { csrfToken: string; organisation: { id: string } };
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status} ${JSON.stringify(body)}`);
  return new PlannerClient(testApp, sessionCookieOf(response), body.csrfToken, body.organisation.id);
}

let organisationCounter = 0;

/** Runs the first-run setup (only works on an empty database). */
export async function setUpOrganisation(testApp: TestApp, organisationName = "Stadt Wuppertal") {
  const email = `admin${++organisationCounter}@${organisationName.toLowerCase().replace(/[^a-z]/g, "")}.de`;
  const password = "sehr-geheimes-passwort";
  const response = await testApp.request("POST", "/api/setup", { organisationName, name: "Anna Admin", email, password });
  return { planner: await signedIn(testApp, response), email, password };
}

/**
 * A second organisation in the same database (setup only creates the first): inserted directly,
 * then signed in through the real login route.
 */
export async function addOrganisation(testApp: TestApp, organisationName: string) {
  const { hashPassword } = await import("../../server/auth/passwords.ts");
  const email = `admin${++organisationCounter}@other.de`;
  const password = "anderes-geheimes-passwort";
  const organisation = await testApp.database.db
    .insertInto("organisations")
    .values({ name: organisationName })
    .returning("id")
    .executeTakeFirstOrThrow();
  await testApp.database.db
    .insertInto("users")
    .values({ organisation_id: organisation.id, email, name: "Olaf Other", password_hash: await hashPassword(password), role: "admin" })
    .execute();
  const response = await testApp.request("POST", "/api/auth/login", { email, password });
  return { planner: await signedIn(testApp, response), email, password };
}

/** Extracts the personal link's token from a mail body. */
export function tokenFromMail(text: string): string {
  const match = text.match(/\/r\/([A-Za-z0-9_-]{20,})/);
  if (!match) throw new Error(`no survey link in mail: ${text}`);
  return match[1]!;
}

/** Mails the dev mailbox received for an address (bare or as `"Name" <address>`), oldest first. */
export async function mailsTo(testApp: TestApp, address: string) {
  const rows = await testApp.database.db
    .selectFrom("dev_mailbox")
    .selectAll()
    .where((eb) => eb.or([eb("to_address", "=", address), eb("to_address", "like", `%<${address}>`)]))
    .orderBy("id")
    .execute();
  return rows.map((row) => ({ to: row.to_address, subject: row.subject, text: row.text_body, html: row.html_body }));
}
