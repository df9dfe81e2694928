import { sql, type Kysely } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Database } from "../../server/db/schema.ts";
import { describeEachDatabase } from "../support/databases.ts";
import { hashToken } from "../../server/lib/tokens.ts";
import { startEraser } from "../../server/data-protection/erasure.ts";
import { underHealthWatch } from "../support/event-loop.ts";
import { surveyWithInvitations } from "../support/large-survey.ts";
import { addOrganisation, createTestApp, setUpOrganisation, type TestApp } from "../support/test-app.ts";

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
    `deletes a survey with ${INVITATIONS.toLocaleString("en")} invitations in the background, with progress, and leaves nothing of it`,
    async () => {
      const { planner } = await setUpOrganisation(testApp, "Stadt Essen");
      const surveyId = await surveyWithInvitations(db, (await planner.json("POST", "/api/surveys", { title: "Große Befragung" }, 201)).id, INVITATIONS);
      const token = "a-link-of-the-survey";
      await sql`update invitation_links set token_hash = ${hashToken(token)} where id = (select l.id from invitation_links l join invitations i on i.id = l.invitation_id where i.survey_id = ${surveyId} limit 1)`.execute(db);
      expect((await testApp.request("GET", `/api/r/${token}`)).status).toBe(200);
      const summary = await planner.json("GET", `/api/surveys/${surveyId}/deletion-summary`);
      expect(summary).toMatchObject({ invitations: INVITATIONS, links: INVITATIONS, mails: INVITATIONS, responses: INVITATIONS / 5, submissions: INVITATIONS / 5 });

      // The deletion and its whole background erasure while /api/health is polled.
      const { result: seen, healthTimes, healthFailures } = await underHealthWatch(testApp, async () => {
        const { deleted, erasure } = await planner.json("DELETE", `/api/surveys/${surveyId}`, undefined, 202);
        expect(deleted.invitations).toBe(INVITATIONS);
        expect(erasure).toMatchObject({ total: INVITATIONS, finished: false });
        // Gone for the planner and for every link at once, while its rows are still being removed.
        expect((await planner.request("GET", `/api/surveys/${surveyId}`)).status).toBe(404);
        expect((await planner.request("DELETE", `/api/surveys/${surveyId}`)).status).toBe(404);
        expect((await planner.json("GET", "/api/surveys")).surveys).toEqual([]);
        expect((await testApp.request("GET", `/api/r/${token}`)).status).toBe(404);
        const progress: number[] = [];
        for (;;) {
          const step = await planner.json("GET", `/api/erasures/${erasure.id}`);
          progress.push(step.done);
          expect(step.done).toBeLessThanOrEqual(step.total);
          if (step.finished) return { erasureId: erasure.id as string, progress };
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      });
      // The progress only grows, was seen part-way, and ends at the total.
      expect(seen.progress).toEqual([...seen.progress].sort((a, b) => a - b));
      expect(seen.progress.some((done) => done > 0 && done < INVITATIONS)).toBe(true);
      expect(seen.progress.at(-1)).toBe(INVITATIONS);
      // The server kept answering throughout: never "database unavailable".
      expect(healthTimes.length).toBeGreaterThan(0);
      expect(healthFailures).toEqual([]);

      const left = await sql<{ surveys: number; invitations: number; links: number; mails: number; responses: number; submissions: number }>`
        select (select count(*)::int from surveys where id = ${surveyId}) as surveys,
               (select count(*)::int from invitations where survey_id = ${surveyId}) as invitations,
               (select count(*)::int from invitation_links) as links,
               (select count(*)::int from mail_outbox where invitation_id is not null) as mails,
               (select count(*)::int from responses where survey_id = ${surveyId}) as responses,
               (select count(*)::int from response_submissions) as submissions`.execute(db);
      expect(left.rows[0]).toEqual({ surveys: 0, invitations: 0, links: 0, mails: 0, responses: 0, submissions: 0 });
      // Another organisation cannot read the progress.
      const { planner: other } = await addOrganisation(testApp, "Stadt Bochum");
      expect((await other.request("GET", `/api/erasures/${seen.erasureId}`)).status).toBe(404);
    },
    240_000,
  );

  it.runIf(kind === "postgres")(
    `deletes an organisation with ${INVITATIONS.toLocaleString("en")} invitations and leaves no row of it, resuming after a restart`,
    async () => {
      const { planner, email, password } = await addOrganisation(testApp, "Stadt Gelsenkirchen");
      const { id: organisationId } = await db.selectFrom("organisations").select("id").where("name", "=", "Stadt Gelsenkirchen").executeTakeFirstOrThrow();
      await surveyWithInvitations(db, (await planner.json("POST", "/api/surveys", { title: "Befragung aller Einrichtungen" }, 201)).id, INVITATIONS);
      // No eraser runs here: what a confirmed deletion leaves is what a stop half-way leaves.
      await testApp.eraser.stop();
      const response = await planner.request("DELETE", "/api/organisation", { confirmName: "Stadt Gelsenkirchen" });
      expect(response.status, await response.clone().text()).toBe(200);
      expect((await response.json()).deleted).toMatchObject({ background: true, surveys: 1 });
      // Nobody can sign in to it any more, and the admin's session is over.
      expect((await testApp.request("POST", "/api/auth/login", { email, password })).status).toBe(401);
      expect((await planner.request("GET", "/api/surveys")).status).toBe(401);
      expect(await rowsLeft(db, organisationId)).not.toEqual({});
      // A restarted server's eraser takes up what was marked.
      const resumed = startEraser({ db, intervalMs: 3_600_000 });
      await resumed.runOnce();
      await resumed.stop();
      expect(await rowsLeft(db, organisationId)).toEqual({});
      expect(await db.selectFrom("organisations").select("id").where("id", "=", organisationId).execute()).toEqual([]);
    },
    240_000,
  );
});
