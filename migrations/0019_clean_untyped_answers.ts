import { sql, type Kysely } from "kysely";
import type { Database } from "../server/db/schema.ts";
import { log } from "../server/lib/logger.ts";
import { answerTypesOf, typedAnswers, type AnswerTypes } from "../server/respond/answer-types.ts";
import { runStatements } from "./run-statements.ts";

/**
 * Answers stored before they were typed at the door (server/respond/typed-save.ts) may hold
 * values the door refuses now: text in a number question, a number beyond its range or not
 * finite, a 400-digit string, an object where a text belongs. Results already ignore them; this
 * removes them from the stored answers, by the door's own rule (`typedAnswers` of
 * answer-types.ts, against the survey's frozen definition), so no export, view or later
 * computation meets them again.
 *
 * What is removed: the single value that does not fit (a field of a repeatable section, an item
 * of a multiple-text question, a matrix cell, or the question's whole answer where it has the
 * wrong shape), exactly as a save would leave it out. Everything else of the answer stays:
 * other questions, status, revision, timestamps, device, release state. Where it is cleaned:
 * - `responses.answers` and `responses.released_answers` (the same rule on both, so a
 *   pseudonymous response whose answers were released stays released),
 * - `response_submissions.answers` (the kept submissions the planner's response view shows),
 * - `pending_anonymous_answers.answers` (anonymous answers waiting for their batch). No column
 *   is added or set there: the rows keep having no time; a row is rewritten only when it held a
 *   bad value, in the order of its random id, so neither order nor transaction id follows the
 *   order of submission (docs/data-protection.md, "anonymous"). The old row versions go with the
 *   VACUUM the app runs at start, after migrating.
 *
 * In batches, each its own transaction: Kysely runs pending migrations in one transaction, so
 * `up` only creates the bookkeeping (one cursor per table, counts per survey), and
 * `cleanUntypedAnswers` — run by `migrateToLatest` right after the migrator — walks each table
 * by primary key (keyset pagination, BATCH rows a step). Each step locks its table's cursor
 * row, so several app processes starting at once share the work instead of doing it twice; a
 * stop half-way resumes at the cursor on the next start. A row is written only when it changed,
 * and only if it still holds what was read (a save that came in meanwhile went through the door
 * already). When every table is done, each survey with removed values gets one audit entry
 * (`answers.cleaned`, automatic, with counts) and one log line (survey id and counts: no answer,
 * no respondent); then the bookkeeping is emptied and later starts pass over it with one query.
 * The bookkeeping holds no tenant data (table names, keys, counts per survey id; the counts go
 * with their survey), so it carries no organisation_id.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    create table untyped_answer_cleanup (
      source text primary key,
      after_id text not null,
      finished boolean not null default false
    );
    create table untyped_answer_cleanup_counts (
      survey_id uuid primary key references surveys(id) on delete cascade,
      removed_values integer not null default 0,
      answers integer not null default 0
    );
    insert into untyped_answer_cleanup (source, after_id) values
      ('responses', '00000000-0000-0000-0000-000000000000'),
      ('response_submissions', '0'),
      ('pending_anonymous_answers', '00000000-0000-0000-0000-000000000000')
    `,
  );
}

/** Rows a cleaning step reads (and at most writes), unless told otherwise. */
const BATCH = 500;

type Source = "responses" | "response_submissions" | "pending_anonymous_answers";
type Json = Record<string, unknown>;

/**
 * One stored row of answers: its key, survey, and the answer documents it holds, as stored
 * text. Text, not parsed JSON: a write is guarded by comparing with exactly what was read, and a
 * value such as 1e400 does not survive a round trip through a JavaScript number.
 */
interface StoredRow {
  id: string;
  survey_id: string;
  answers: string;
  released_answers?: string | null;
}

/** The rows after a cursor, in key order. */
function batchAfter(db: Kysely<Database>, source: Source, afterId: string, batchSize: number) {
  switch (source) {
    case "responses":
      return sql<StoredRow>`select id::text as id, survey_id, answers::text as answers, released_answers::text as released_answers
        from responses where id > ${afterId}::uuid order by id limit ${batchSize}`.execute(db);
    case "response_submissions":
      return sql<StoredRow>`select s.id::text as id, r.survey_id, s.answers::text as answers from response_submissions s
        join responses r on r.id = s.response_id where s.id > ${afterId}::bigint order by s.id limit ${batchSize}`.execute(db);
    case "pending_anonymous_answers":
      return sql<StoredRow>`select id::text as id, survey_id, answers::text as answers from pending_anonymous_answers
        where id > ${afterId}::uuid order by id limit ${batchSize}`.execute(db);
  }
}

/** Writes a row's cleaned documents (null: that document stays), only if it still holds what was read. */
async function writeCleaned(db: Kysely<Database>, source: Source, row: StoredRow, answers: Json | null, released: Json | null) {
  const answersText = answers ? JSON.stringify(answers) : row.answers;
  switch (source) {
    case "responses": {
      const releasedText = released ? JSON.stringify(released) : (row.released_answers ?? null);
      await sql`update responses set answers = ${answersText}::jsonb, released_answers = ${releasedText}::jsonb
        where id = ${row.id}::uuid and answers = ${row.answers}::jsonb
          and released_answers is not distinct from ${row.released_answers ?? null}::jsonb`.execute(db);
      return;
    }
    case "response_submissions":
      await sql`update response_submissions set answers = ${answersText}::jsonb
        where id = ${row.id}::bigint and answers = ${row.answers}::jsonb`.execute(db);
      return;
    case "pending_anonymous_answers":
      await sql`update pending_anonymous_answers set answers = ${answersText}::jsonb
        where id = ${row.id}::uuid and answers = ${row.answers}::jsonb`.execute(db);
      return;
  }
}

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

/** A stored document with what the door refuses left out; null when nothing is. */
function cleaned(types: AnswerTypes, text: string | null | undefined): { answers: Json; removed: number } | null {
  if (text == null) return null;
  const parsed: unknown = JSON.parse(text);
  if (!isObject(parsed)) return null;
  const typed = typedAnswers(types, parsed);
  return typed.rejected.length > 0 ? { answers: typed.answers, removed: typed.rejected.length } : null;
}

/** The door's checks of each survey met, read once per pass (a frozen definition never changes). */
async function typesOfSurveys(db: Kysely<Database>, known: Map<string, AnswerTypes>, surveyIds: string[]) {
  const missing = [...new Set(surveyIds)].filter((id) => !known.has(id));
  if (missing.length === 0) return;
  const rows = await db.selectFrom("surveys").select(["id", "definition"]).where("id", "in", missing).execute();
  for (const row of rows) {
    const definition = row.definition && typeof row.definition === "object" ? (row.definition as Json) : {};
    // A survey not opened yet has no frozen definition: the door checks nothing then, nor does this.
    known.set(row.id, answerTypesOf(definition));
  }
}

/** One step on one table: a batch cleaned, the cursor moved. False once the table is done. */
async function cleanStep(db: Kysely<Database>, source: Source, known: Map<string, AnswerTypes>, batchSize: number): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const cursor = await sql<{ after_id: string; finished: boolean }>`select after_id, finished from untyped_answer_cleanup
      where source = ${source} for update`.execute(trx);
    const state = cursor.rows[0];
    if (!state || state.finished) return false;
    const rows = (await batchAfter(trx, source, state.after_id, batchSize)).rows;
    await typesOfSurveys(trx, known, rows.map((row) => row.survey_id));
    const counts = new Map<string, { removedValues: number; answers: number }>();
    for (const row of rows) {
      const types = known.get(row.survey_id);
      if (!types || types.size === 0) continue;
      const answers = cleaned(types, row.answers);
      const released = cleaned(types, row.released_answers);
      if (!answers && !released) continue;
      await writeCleaned(trx, source, row, answers?.answers ?? null, released?.answers ?? null);
      const count = counts.get(row.survey_id) ?? { removedValues: 0, answers: 0 };
      count.removedValues += (answers?.removed ?? 0) + (released?.removed ?? 0);
      count.answers += (answers ? 1 : 0) + (released ? 1 : 0);
      counts.set(row.survey_id, count);
    }
    for (const [surveyId, count] of counts) {
      await sql`insert into untyped_answer_cleanup_counts (survey_id, removed_values, answers)
        values (${surveyId}::uuid, ${count.removedValues}, ${count.answers})
        on conflict (survey_id) do update set removed_values = untyped_answer_cleanup_counts.removed_values + excluded.removed_values,
          answers = untyped_answer_cleanup_counts.answers + excluded.answers`.execute(trx);
    }
    const done = rows.length < batchSize;
    await sql`update untyped_answer_cleanup set after_id = ${rows.at(-1)?.id ?? state.after_id}, finished = ${done}
      where source = ${source}`.execute(trx);
    return !done;
  });
}

/** Once every table is done: an audit entry and a log line per survey cleaned, then the bookkeeping goes. */
async function reportCleaning(db: Kysely<Database>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const cursors = (await sql<{ finished: boolean }>`select finished from untyped_answer_cleanup order by source for update`.execute(trx)).rows;
    if (cursors.length === 0 || cursors.some((cursor) => !cursor.finished)) return;
    const counts = (
      await sql<{ survey_id: string; organisation_id: string; title: string; removed_values: number; answers: number }>`
        select c.survey_id, s.organisation_id, s.title, c.removed_values, c.answers
        from untyped_answer_cleanup_counts c join surveys s on s.id = c.survey_id order by c.survey_id`.execute(trx)
    ).rows;
    for (const count of counts) {
      await trx
        .insertInto("audit_log")
        .values({
          organisation_id: count.organisation_id,
          user_id: null,
          action: "answers.cleaned",
          target_type: "survey",
          target_id: count.survey_id,
          target_label: count.title.slice(0, 500),
          details: JSON.stringify({ removedValues: Number(count.removed_values), answers: Number(count.answers), migration: "0019_clean_untyped_answers" }),
        })
        .execute();
      log("info", "stored answers cleaned: values the door refuses now were removed", {
        surveyId: count.survey_id,
        removedValues: Number(count.removed_values),
        answers: Number(count.answers),
      });
    }
    await sql`delete from untyped_answer_cleanup_counts`.execute(trx);
    await sql`delete from untyped_answer_cleanup`.execute(trx);
  });
}

/**
 * The cleaning of migration 0019, in batches of their own transactions (see above). Runs after
 * the migrator; does nothing (one query) once done.
 *
 * @example
 * await cleanUntypedAnswers(db); // after migrateToLatest's migrator, before the app serves
 */
export async function cleanUntypedAnswers(db: Kysely<Database>, options: { batchSize?: number } = {}): Promise<void> {
  const batchSize = options.batchSize ?? BATCH;
  const open = await sql<{ source: Source }>`select source from untyped_answer_cleanup order by source`.execute(db);
  if (open.rows.length === 0) return;
  const known = new Map<string, AnswerTypes>();
  for (const { source } of open.rows) {
    while (await cleanStep(db, source, known, batchSize));
  }
  await reportCleaning(db);
}
