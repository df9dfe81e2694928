import { createApp } from "../server/app.ts";
import { loadConfig } from "../server/config.ts";
import type { DatabaseHandle } from "../server/db/connection.ts";
import { loadTemplates } from "../server/surveys/load-templates.ts";
import type { Figure } from "./bench-database.ts";

const RECIPIENTS = 10_000;

/**
 * invitations.queue.10k: a planner sends one survey to 10,000 pasted addresses through the real
 * HTTP handler (`POST /api/surveys/{id}/invitations`, session and CSRF checked): validation,
 * 10,000 invitations with hashed personal links, their mails rendered and queued in the outbox,
 * all in one transaction. Reports the seconds until the response arrives.
 */
export async function invitationsQueueBench(database: DatabaseHandle): Promise<Figure[]> {
  const { db } = database;
  await loadTemplates(db);
  let wakeUps = 0;
  const app = createApp({
    db,
    databaseKind: database.kind,
    config: loadConfig({ LOG_LEVEL: "silent", PUBLIC_URL: "https://kanon.benchstadt.example" }),
    devMailbox: false,
    wakeMailWorker: () => void wakeUps++,
  });

  // A signed-in planner, as the browser client would be: the first-run setup returns the session.
  const setup = await app.request("http://bench.local/api/setup", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ organisationName: "Stadt Benchstadt", name: "Paula Planerin", email: "paula@benchstadt.example", password: "sehr-geheimes-passwort" }),
  });
  if (setup.status !== 200) throw new Error(`setup failed: ${setup.status} ${await setup.text()}`);
  const cookie = /kanon_session=[^;]+/.exec(setup.headers.get("set-cookie") ?? "")?.[0];
  const { csrfToken } = (await setup.json()) as { csrfToken: string };
  if (!cookie) throw new Error("setup returned no session cookie");
  async function planner<T>(method: string, path: string, body: unknown): Promise<T> {
    const response = await app.request(`http://bench.local${path}`, {
      method,
      headers: { "content-type": "application/json", cookie: cookie!, "x-csrf-token": csrfToken },
      body: JSON.stringify(body),
    });
    if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  }

  const { id: surveyId } = await planner<{ id: string }>("POST", "/api/surveys", { title: "Netzwerkanalyse 2026" });
  await planner("PATCH", `/api/surveys/${surveyId}`, { items: [{ itemId: "network.sphere", version: 1 }], closingDate: "2099-06-30" });
  await planner("POST", `/api/surveys/${surveyId}/open`, {});
  const recipients = Array.from({ length: RECIPIENTS }, (_, index) => ({
    email: `einrichtung${index}@traeger${index % 97}.example`,
    name: `Einrichtung ${index}`,
  }));

  const started = performance.now();
  const result = await planner<{ created: number }>("POST", `/api/surveys/${surveyId}/invitations`, { recipients });
  const seconds = (performance.now() - started) / 1000;

  const queued = await db
    .selectFrom("mail_outbox")
    .innerJoin("invitations", "invitations.id", "mail_outbox.invitation_id")
    .select(db.fn.countAll<number>().as("count"))
    .where("invitations.survey_id", "=", surveyId)
    .where("mail_outbox.status", "=", "queued")
    .executeTakeFirstOrThrow();
  if (result.created !== RECIPIENTS || Number(queued.count) !== RECIPIENTS || wakeUps === 0) {
    throw new Error(`expected ${RECIPIENTS} invitations queued, got ${JSON.stringify({ created: result.created, queued: queued.count, wakeUps })}`);
  }
  return [{ bench: "invitations.queue.10k", value: Number(seconds.toFixed(3)), unit: "s" }];
}
