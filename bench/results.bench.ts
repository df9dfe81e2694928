import { sql, type Kysely } from "kysely";
import { createApp } from "../server/app.ts";
import { loadConfig } from "../server/config.ts";
import type { DatabaseHandle } from "../server/db/connection.ts";
import type { Database } from "../server/db/schema.ts";
import { syntheticDirectory } from "../server/example/synthetic-directory.ts";
import { hashToken, newSecretToken } from "../server/lib/tokens.ts";
import { percentile, type Figure } from "./bench-database.ts";
import { answerFragments, surveyWithEveryKind } from "./survey-fixture.ts";

const DISTRICTS = 12;
const INSTITUTIONS = 600;

/**
 * results: the full results of a 30-question survey of every kind (choice, multiple choice,
 * yes/no, ratings, Likert matrices, numbers and years, comments, multipletext, the offers
 * paneldynamic) through the real HTTP handler, at 10,000 and at 100,000 submitted responses from
 * recipients in 12 districts: all responses (GET) and one district (POST …/results/query).
 * Reports the median of 20 runs (10k) and 5 runs (100k) after a warm-up, twice:
 * - `results.*.p50`: what a planner waits for when opening results again while nothing changed
 *   (served from the results cache after checking the data versions; invitation counts read fresh);
 * - `results.*.cold.p50`: the first request after a response changed (one submitted response is
 *   updated before each run, which bumps the survey's data version): the full SQL aggregation.
 */
export async function resultsBench(database: DatabaseHandle): Promise<Figure[]> {
  const { db } = database;
  const { surveyId, organisationId, userId, elements } = await surveyWithEveryKind(db);
  const districtIds = await directoryOf(db, organisationId);
  const fragments = answerFragments(elements);

  const sessionId = newSecretToken();
  const csrfToken = newSecretToken();
  await db
    .insertInto("sessions")
    .values({ id_hash: hashToken(sessionId), user_id: userId, organisation_id: organisationId, csrf_token: csrfToken, expires_at: new Date(Date.now() + 86_400_000) })
    .execute();
  const app = createApp({ db, databaseKind: database.kind, config: loadConfig({ LOG_LEVEL: "silent" }), devMailbox: true, wakeMailWorker: () => {} });
  const headers = { cookie: `kanon_session=${sessionId}`, "x-csrf-token": csrfToken, "content-type": "application/json" };

  const all = async () => {
    const response = await app.request(`http://bench.local/api/surveys/${surveyId}/results`, { headers });
    if (response.status !== 200) throw new Error(`results failed: ${response.status} ${await response.text()}`);
    return (await response.json()) as { respondents: number };
  };
  const oneDistrict = async () => {
    const response = await app.request(`http://bench.local/api/surveys/${surveyId}/results/query`, {
      method: "POST",
      headers,
      body: JSON.stringify({ filter: { recipients: { districtIds: [districtIds[0]] } } }),
    });
    if (response.status !== 200) throw new Error(`filtered results failed: ${response.status} ${await response.text()}`);
    return (await response.json()) as { respondents: number };
  };
  // A change to one submitted response, as an edit after submit makes it: every stored result is stale.
  const changeOneResponse = async () => {
    await sql`update responses set updated_at = now() where id = (select id from responses where survey_id = ${surveyId} and status = 'submitted' limit 1)`.execute(db);
  };
  const medianOf = async (runs: number, request: () => Promise<unknown>, beforeEach?: () => Promise<void>) => {
    await request();
    await request();
    const latencies: number[] = [];
    for (let run = 0; run < runs; run++) {
      await beforeEach?.();
      const started = performance.now();
      await request();
      latencies.push(performance.now() - started);
    }
    return Number(percentile(latencies, 0.5).toFixed(1));
  };

  await addResponses(db, { organisationId, surveyId, from: 0, to: 10_000, fragments });
  const check = await all();
  if (check.respondents !== 10_000) throw new Error(`expected 10000 respondents, got ${check.respondents}`);
  const figures: Figure[] = [
    { bench: "results.10k.p50", value: await medianOf(20, all), unit: "ms" },
    { bench: "results.10k.filtered.p50", value: await medianOf(20, oneDistrict), unit: "ms" },
    { bench: "results.10k.cold.p50", value: await medianOf(20, all, changeOneResponse), unit: "ms" },
    { bench: "results.10k.filtered.cold.p50", value: await medianOf(20, oneDistrict, changeOneResponse), unit: "ms" },
  ];

  await addResponses(db, { organisationId, surveyId, from: 10_000, to: 100_000, fragments });
  const checkLarge = await all();
  if (checkLarge.respondents !== 100_000) throw new Error(`expected 100000 respondents, got ${checkLarge.respondents}`);
  figures.push(
    { bench: "results.100k.p50", value: await medianOf(5, all), unit: "ms" },
    { bench: "results.100k.filtered.p50", value: await medianOf(5, oneDistrict), unit: "ms" },
    { bench: "results.100k.cold.p50", value: await medianOf(5, all, changeOneResponse), unit: "ms" },
    { bench: "results.100k.filtered.cold.p50", value: await medianOf(5, oneDistrict, changeOneResponse), unit: "ms" },
  );
  return figures;
}

/** Districts and institutions spread over them; returns the district ids. */
async function directoryOf(db: Kysely<Database>, organisationId: string): Promise<string[]> {
  // German names and attributes from the example municipality's generator (shared with `npm run demo`).
  const directory = syntheticDirectory("results-bench", { districts: DISTRICTS, institutions: INSTITUTIONS });
  const districts = await db
    .insertInto("districts")
    .values(directory.districts.map((name, index) => ({ organisation_id: organisationId, name, position: index })))
    .returning("id")
    .execute();
  const ids = districts.map((district) => district.id);
  for (let start = 0; start < directory.institutions.length; start += 500) {
    await db
      .insertInto("directory_entries")
      .values(
        directory.institutions.slice(start, start + 500).map((institution) => ({
          organisation_id: organisationId,
          kind: "institution" as const,
          name: institution.name,
          type: institution.type,
          district_id: ids[institution.district]!,
          life_phases: JSON.stringify(institution.lifePhases),
          fields_of_action: JSON.stringify(institution.fieldsOfAction),
          emails: JSON.stringify([institution.email]),
        })),
      )
      .execute();
  }
  return ids;
}

/**
 * Invitations (to the directory's institutions, round robin) and submitted responses for
 * respondents [from, to): each answer document is put together in SQL from one fragment per
 * question, picked by a hash of the address, with submission times over the last 30 days.
 */
async function addResponses(
  db: Kysely<Database>,
  options: { organisationId: string; surveyId: string; from: number; to: number; fragments: ReturnType<typeof answerFragments> },
) {
  const { organisationId, surveyId, from, to, fragments } = options;
  const step = 10_000;
  for (let start = from; start < to; start += step) {
    const end = Math.min(to, start + step);
    await sql`
      insert into invitations (organisation_id, survey_id, email, name, mail_status, sent_at, opened_at, directory_entry_id)
      select ${organisationId}, ${surveyId}, 'befragte' || respondent || '@bench.example', '', 'sent', now(), now(), entries.ids[1 + respondent % cardinality(entries.ids)]
      from generate_series(${start}::int, ${end - 1}::int) as respondent,
           (select array_agg(id order by name) as ids from directory_entries where organisation_id = ${organisationId}) as entries`.execute(db);
    await sql`
      with pools as materialized (
        select pool.name, pool.fragments, jsonb_array_length(pool.fragments) as size
        from jsonb_to_recordset(${JSON.stringify(fragments)}::jsonb) as pool(name text, fragments jsonb)
      )
      insert into responses (organisation_id, survey_id, invitation_id, answers, status, submitted_at, updated_at)
      select ${organisationId}, ${surveyId}, invitations.id,
        (select coalesce(jsonb_object_agg(part.key, part.value), '{}'::jsonb)
         from pools cross join lateral jsonb_each(pools.fragments -> (abs(hashtext(invitations.email || pools.name)) % pools.size)) as part),
        'submitted', now() - make_interval(secs => abs(hashtext(invitations.email)) % 2592000), now()
      from invitations
      where invitations.survey_id = ${surveyId}
        and not exists (select 1 from responses where responses.invitation_id = invitations.id)`.execute(db);
  }
  // What autovacuum would do after such a load: table statistics for the planner.
  await sql`analyze responses`.execute(db);
  await sql`analyze invitations`.execute(db);
  await sql`analyze directory_entries`.execute(db);
}
