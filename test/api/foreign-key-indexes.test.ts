import { sql, type Kysely } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Database } from "../../server/db/schema.ts";
import { describeEachDatabase } from "../support/databases.ts";
import { addOrganisation, createTestApp, setUpOrganisation, type PlannerClient, type TestApp } from "../support/test-app.ts";

/**
 * Erasure works at scale. Every foreign key has an index on its referencing columns (deleting a
 * row otherwise scans the referencing table once per deleted row), checked by walking the
 * catalogue, so a new table cannot bring the scan back; and on PostgreSQL, a survey and an
 * organisation with 100,000 invitations (links, sent mails, responses, submissions) are deleted
 * through the API with nothing left behind.
 */
const INVITATIONS = 100_000;

/** Foreign keys whose columns are not the leading columns of some index of their table. */
async function unindexedForeignKeys(db: Kysely<Database>): Promise<string[]> {
  const { rows } = await sql<{ key: string }>`
    select c.conrelid::regclass::text || ' (' || string_agg(a.attname, ', ' order by k.ord) || ') → ' || c.confrelid::regclass::text as key
    from pg_constraint as c
    cross join lateral unnest(c.conkey) with ordinality as k(attnum, ord)
    join pg_attribute as a on a.attrelid = c.conrelid and a.attnum = k.attnum
    where c.contype = 'f'
      and not exists (
        select 1 from pg_index as i
        where i.indrelid = c.conrelid
          and (i.indkey::int2[])[0:cardinality(c.conkey) - 1] @> c.conkey
          and (i.indkey::int2[])[0:cardinality(c.conkey) - 1] <@ c.conkey)
    group by c.oid, c.conrelid, c.confrelid
    order by key`.execute(db);
  return rows.map((row) => row.key);
}

/** A survey of the organisation with `count` invitations, each with a link and a sent mail, half of them answered and submitted. */
async function surveyWithInvitations(db: Kysely<Database>, planner: PlannerClient, title: string, count: number): Promise<string> {
  const { id } = await planner.json("POST", "/api/surveys", { title }, 201);
  const { organisation_id: organisationId } = await db.selectFrom("surveys").select("organisation_id").where("id", "=", id).executeTakeFirstOrThrow();
  await sql`insert into invitations (organisation_id, survey_id, email, mail_status)
    select ${organisationId}, ${id}, 'person' || g || '@example.org', 'sent' from generate_series(1, ${count}::int) as g`.execute(db);
  await sql`insert into invitation_links (token_hash, invitation_id, organisation_id, purpose)
    select md5(i.id::text), i.id, i.organisation_id, 'invitation' from invitations as i where i.survey_id = ${id}`.execute(db);
  await sql`insert into mail_outbox (organisation_id, invitation_id, to_address, subject, text_body, html_body, status, kind)
    select i.organisation_id, i.id, i.email, 'Einladung', 'Text', '<p>Text</p>', 'sent', 'invitation' from invitations as i where i.survey_id = ${id}`.execute(db);
  await sql`insert into responses (organisation_id, survey_id, invitation_id, answers, status, submitted_at)
    select i.organisation_id, i.survey_id, i.id, '{"answer": 1}', 'submitted', now()
    from invitations as i where i.survey_id = ${id} and i.email like '%0@example.org' or i.survey_id = ${id} and i.email like '%2@example.org'`.execute(db);
  await sql`insert into response_submissions (organisation_id, response_id, revision, answers)
    select r.organisation_id, r.id, 1, r.answers from responses as r where r.survey_id = ${id}`.execute(db);
  await sql`analyze`.execute(db);
  return id;
}

/** Rows of the organisation left in every table that has an organisation_id. */
async function rowsLeft(db: Kysely<Database>, organisationId: string): Promise<Record<string, number>> {
  const { rows: tables } = await sql<{ table_name: string }>`
    select table_name from information_schema.columns
    where column_name = 'organisation_id' and table_schema = current_schema() order by table_name`.execute(db);
  const left: Record<string, number> = {};
  for (const { table_name: table } of tables) {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where organisation_id = ${organisationId}`.execute(db);
    if (rows[0]!.n > 0) left[table] = rows[0]!.n;
  }
  return left;
}

describeEachDatabase("foreign keys and erasure at scale", (kind) => {
  let testApp: TestApp;
  let db: Kysely<Database>;

  beforeAll(async () => {
    testApp = await createTestApp(kind);
    db = testApp.database.db;
  });
  afterAll(() => testApp?.close());

  it("has an index under every foreign key", async () => {
    expect(await unindexedForeignKeys(db)).toEqual([]);
  });

  it.runIf(kind === "postgres")(
    `deletes a survey with ${INVITATIONS.toLocaleString("en")} invitations and everything on them`,
    async () => {
      const { planner } = await setUpOrganisation(testApp, "Stadt Essen");
      const surveyId = await surveyWithInvitations(db, planner, "Große Befragung", INVITATIONS);
      const summary = await planner.json("GET", `/api/surveys/${surveyId}/deletion-summary`);
      expect(summary).toMatchObject({ invitations: INVITATIONS, links: INVITATIONS, mails: INVITATIONS, responses: INVITATIONS / 5, submissions: INVITATIONS / 5 });
      const { deleted } = await planner.json("DELETE", `/api/surveys/${surveyId}`);
      expect(deleted.invitations).toBe(INVITATIONS);
      const left = await sql<{ invitations: number; links: number; mails: number; responses: number; submissions: number }>`
        select (select count(*)::int from invitations where survey_id = ${surveyId}) as invitations,
               (select count(*)::int from invitation_links) as links,
               (select count(*)::int from mail_outbox where invitation_id is not null) as mails,
               (select count(*)::int from responses where survey_id = ${surveyId}) as responses,
               (select count(*)::int from response_submissions) as submissions`.execute(db);
      expect(left.rows[0]).toEqual({ invitations: 0, links: 0, mails: 0, responses: 0, submissions: 0 });
    },
    240_000,
  );

  it.runIf(kind === "postgres")(
    `deletes an organisation with ${INVITATIONS.toLocaleString("en")} invitations and leaves no row of it`,
    async () => {
      const { planner } = await addOrganisation(testApp, "Stadt Gelsenkirchen");
      const { id: organisationId } = await db.selectFrom("organisations").select("id").where("name", "=", "Stadt Gelsenkirchen").executeTakeFirstOrThrow();
      await surveyWithInvitations(db, planner, "Befragung aller Einrichtungen", INVITATIONS);
      const response = await planner.request("DELETE", "/api/organisation", { confirmName: "Stadt Gelsenkirchen" });
      expect(response.status, await response.clone().text()).toBe(200);
      expect(await rowsLeft(db, organisationId)).toEqual({});
      expect(await db.selectFrom("organisations").select("id").where("id", "=", organisationId).execute()).toEqual([]);
    },
    240_000,
  );
});
