import { sql } from "kysely";
import type { DatabaseHandle } from "../server/db/connection.ts";
import { deleteSurvey } from "../server/data-protection/delete-survey.ts";
import { eraseNextChunk } from "../server/data-protection/erasure.ts";
import { surveyWithInvitations } from "../test/support/large-survey.ts";
import { againstRaw, type Figure } from "./bench-database.ts";

const INVITATIONS = 100_000;

/**
 * erasure.survey.100k: deleting a survey with 100,000 invitations (each with a link and a sent
 * mail, 20,000 answered with a kept submission). Kanon marks it in one short transaction and
 * erases it in chunks of 2,000 (server/data-protection/erasure.ts); raw is one
 * `delete from surveys` whose cascade does the same in one statement, on a second survey of the
 * same size in the same database. Also reported: the mark (how long the planner waits) and the
 * longest single chunk (how long one transaction holds a connection).
 */
export async function erasureBench(database: DatabaseHandle): Promise<Figure[]> {
  const { db } = database;
  const organisation = await db.insertInto("organisations").values({ name: "Stadt Benchstadt" }).returning("id").executeTakeFirstOrThrow();
  const user = await db
    .insertInto("users")
    .values({ organisation_id: organisation.id, email: "paula@benchstadt.example", name: "Paula Planerin", password_hash: "-", role: "admin" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const survey = (title: string) =>
    db.insertInto("surveys").values({ organisation_id: organisation.id, title, intro: "", structure: JSON.stringify({ pages: [] }) }).returning("id").executeTakeFirstOrThrow();
  const kanon = await surveyWithInvitations(db, (await survey("Kanon")).id, INVITATIONS);
  const raw = await surveyWithInvitations(db, (await survey("Roh")).id, INVITATIONS);
  await sql`vacuum analyze`.execute(db);

  const started = performance.now();
  const { erasure } = await deleteSurvey(db, { organisationId: organisation.id, userId: user.id, userName: "Paula Planerin" }, kanon);
  const marked = performance.now() - started;
  if (erasure.finished) throw new Error("expected a background erasure");
  let longestChunk = 0;
  for (;;) {
    const chunkStarted = performance.now();
    const more = await eraseNextChunk(db);
    longestChunk = Math.max(longestChunk, performance.now() - chunkStarted);
    if (!more) break;
  }
  const kanonSeconds = (performance.now() - started) / 1000;

  const rawStarted = performance.now();
  await sql`delete from surveys where id = ${raw}`.execute(db);
  const rawSeconds = (performance.now() - rawStarted) / 1000;

  const { left } = (await sql<{ left: number }>`select (select count(*)::int from invitations) + (select count(*)::int from surveys) as left`.execute(db)).rows[0]!;
  if (left !== 0) throw new Error(`${left} rows left after the erasure`);
  return [
    againstRaw("erasure.survey.100k", kanonSeconds, rawSeconds, "s"),
    { bench: "erasure.survey.100k.mark", value: Number((marked / 1000).toFixed(3)), unit: "s" },
    { bench: "erasure.survey.100k.longest_chunk", value: Number((longestChunk / 1000).toFixed(3)), unit: "s" },
  ];
}
