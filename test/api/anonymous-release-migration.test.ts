import { Migrator, sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { migrations } from "../../migrations/index.ts";
import { migrateToLatest, type DatabaseHandle } from "../../server/db/connection.ts";
import { vacuumAtStart } from "../../server/respond/vacuum-answer-tables.ts";
import { describeEachDatabase, openInspectableTestDatabase, storedTuples } from "../support/databases.ts";

/**
 * Migration 0016 on data written before it: an anonymous answer a crash left linked becomes a
 * pending answer; answers detached one by one are written anew in one transaction, in random
 * order with fresh ids and the opening time; invitations keep that they were answered, not when;
 * drafts and other surveys' responses stay as they were.
 */
describeEachDatabase("migrating to anonymous answers released in batches", (kind) => {
  let database: DatabaseHandle;
  const ids = { organisation: "", anonymous: "", identified: "", detached: "", linked: "", draft: "", identifiedResponse: "" };
  const detachedIds: string[] = [];
  const opened = new Date("2026-02-01T08:00:00Z");
  /** The exact moment the old code kept on the invitation. */
  const submittedAt = new Date("2026-02-03T10:17:23.456Z");

  beforeAll(async () => {
    database = await openInspectableTestDatabase(kind);
    const migrator = new Migrator({ db: database.db, provider: { getMigrations: async () => migrations } });
    const { error } = await migrator.migrateTo("0014_foreign_key_indexes");
    expect(error).toBeUndefined();
    const db = database.db;
    ids.organisation = (await db.insertInto("organisations").values({ name: "Stadt Alt" }).returning("id").executeTakeFirstOrThrow()).id;
    const survey = async (title: string, mode: string) =>
      (
        await sql<{ id: string }>`insert into surveys (organisation_id, title, intro, status, structure, privacy_mode, opened_at)
          values (${ids.organisation}, ${title}, '', 'open', '{"pages":[]}', ${mode}, ${opened}) returning id`.execute(db)
      ).rows[0]!.id;
    ids.anonymous = await survey("Anonym", "anonymous");
    ids.identified = await survey("Namentlich", "identified");
    const invitation = async (surveyId: string, email: string, submittedAt: Date | null) =>
      (
        await sql<{ id: string }>`insert into invitations (organisation_id, survey_id, email, name, anonymous_submitted_at)
          values (${ids.organisation}, ${surveyId}, ${email}, '', ${submittedAt}) returning id`.execute(db)
      ).rows[0]!.id;
    ids.detached = await invitation(ids.anonymous, "weg@alt.de", submittedAt);
    ids.linked = await invitation(ids.anonymous, "absturz@alt.de", null);
    ids.draft = await invitation(ids.anonymous, "entwurf@alt.de", null);
    const identifiedInvitation = await invitation(ids.identified, "name@alt.de", null);
    const response = async (surveyId: string, invitationId: string | null, answers: object, status: string) =>
      (
        await sql<{ id: string }>`insert into responses (organisation_id, survey_id, invitation_id, answers, status, last_device, revision, submitted_at)
          values (${ids.organisation}, ${surveyId}, ${invitationId}, ${JSON.stringify(answers)}::jsonb, ${status}, 'Firefox · Linux', 3,
                  ${status === "submitted" ? opened : null}) returning id`.execute(db)
      ).rows[0]!.id;
    // Detached one by one, each in its own transaction, in the order they came.
    for (let index = 0; index < 5; index++) detachedIds.push(await response(ids.anonymous, null, { year: 2000 + index }, "submitted"));
    const linked = await response(ids.anonymous, ids.linked, { year: 1999 }, "submitted");
    await sql`insert into response_submissions (organisation_id, response_id, revision, answers) values (${ids.organisation}, ${linked}, 3, '{"year":1999}')`.execute(db);
    await response(ids.anonymous, ids.draft, { year: 1998 }, "draft");
    ids.identifiedResponse = await response(ids.identified, identifiedInvitation, { year: 1997 }, "submitted");
    await migrateToLatest(db);
  });

  afterAll(async () => {
    await database?.close();
  });

  it("keeps that an invitation was answered, not when", async () => {
    const rows = await database.db.selectFrom("invitations").select(["email", "anonymous_submitted"]).orderBy("email").execute();
    expect(rows).toEqual([
      { email: "absturz@alt.de", anonymous_submitted: true },
      { email: "entwurf@alt.de", anonymous_submitted: false },
      { email: "name@alt.de", anonymous_submitted: false },
      { email: "weg@alt.de", anonymous_submitted: true },
    ]);
    const columns = await sql<{ column_name: string }>`select column_name from information_schema.columns
      where table_schema = current_schema() and table_name = 'invitations' and column_name like 'anonymous%'`.execute(database.db);
    expect(columns.rows.map((row) => row.column_name)).toEqual(["anonymous_submitted"]);
  });

  it("leaves the old moment of submission nowhere in the invitations' table file once vacuumed at start", async () => {
    await vacuumAtStart(database.db);
    // timestamptz as stored: microseconds since 2000-01-01 UTC, 8 bytes little-endian.
    const micros = BigInt(submittedAt.getTime() - Date.UTC(2000, 0, 1)) * 1000n;
    const bytes = Buffer.alloc(8);
    bytes.writeBigInt64LE(micros);
    const tuples = await storedTuples(database.db, "invitations");
    expect(tuples.length).toBeGreaterThanOrEqual(4);
    for (const tuple of tuples) expect(tuple.data).not.toContain(bytes.toString("hex"));
  });

  it("makes an answer a crash left linked a pending one, without its submission copies", async () => {
    const pending = await database.db.selectFrom("pending_anonymous_answers").selectAll().execute();
    expect(pending).toEqual([{ id: expect.any(String), organisation_id: ids.organisation, survey_id: ids.anonymous, answers: { year: 1999 } }]);
    expect(await database.db.selectFrom("responses").select("id").where("invitation_id", "=", ids.linked).execute()).toEqual([]);
    expect(await database.db.selectFrom("response_submissions").select("id").execute()).toEqual([]);
  });

  it("writes the detached answers anew in one transaction, with fresh ids, no device or revisions, and the opening time", async () => {
    const rows = (
      await sql<{ id: string; xmin: string; answers: { year: number }; created_at: Date; updated_at: Date; submitted_at: Date; last_device: string; revision: number }>`
        select id, xmin::text as xmin, answers, created_at, updated_at, submitted_at, last_device, revision
        from responses where survey_id = ${ids.anonymous} and invitation_id is null`.execute(database.db)
    ).rows;
    expect(rows.map((row) => row.answers.year).sort()).toEqual([2000, 2001, 2002, 2003, 2004]);
    expect(new Set(rows.map((row) => row.xmin)).size).toBe(1);
    for (const row of rows) {
      expect(detachedIds).not.toContain(row.id);
      expect(row).toMatchObject({ last_device: "", revision: 1 });
      for (const moment of [row.created_at, row.updated_at, row.submitted_at]) expect(moment.getTime()).toBe(opened.getTime());
    }
  });

  it("leaves drafts and other surveys' responses as they were", async () => {
    const draft = await database.db.selectFrom("responses").selectAll().where("invitation_id", "=", ids.draft).executeTakeFirstOrThrow();
    expect(draft).toMatchObject({ status: "draft", answers: { year: 1998 }, last_device: "Firefox · Linux", revision: 3 });
    const identified = await database.db.selectFrom("responses").selectAll().where("id", "=", ids.identifiedResponse).executeTakeFirstOrThrow();
    expect(identified).toMatchObject({ status: "submitted", answers: { year: 1997 }, last_device: "Firefox · Linux" });
  });
});
