import { Migrator, sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { cleanUntypedAnswers } from "../../migrations/0019_clean_untyped_answers.ts";
import { migrations } from "../../migrations/index.ts";
import { migrateToLatest } from "../../server/db/connection.ts";
import { describeEachDatabase } from "../support/databases.ts";
import { createTestApp, setUpOrganisation, type PlannerClient, type TestApp } from "../support/test-app.ts";
import { invite, openImportedSurvey, submitAnswers } from "../support/scenes.ts";

/**
 * Migration 0019 on answers stored before they were typed at the door: each value the door
 * refuses now is removed, everything else of the answer stays — in the responses, their kept
 * submissions, released pseudonymous answers and anonymous answers waiting for their batch. The
 * scene is built through the app, then the installation is put back to 0018 (the migration's
 * record and bookkeeping go), the bad values are written past the door as an older Kanon
 * stored them, and the database is migrated again, in batches of two rows.
 */
type Json = Record<string, any>;

const definition = {
  title: "Plätze und Angebote",
  pages: [
    {
      name: "seite1",
      elements: [
        { type: "text", name: "plaetze", title: "Wie viele Plätze?", inputType: "number", min: 0, max: 500 },
        { type: "text", name: "budget", title: "Budget in Euro", inputType: "number" },
        { type: "text", name: "einrichtung", title: "Name der Einrichtung" },
        { type: "radiogroup", name: "traeger", title: "Träger", choices: ["kommunal", "frei"] },
        { type: "multipletext", name: "personal", title: "Personal", items: [{ name: "voll", inputType: "number" }, { name: "kontakt" }] },
        { type: "paneldynamic", name: "kurse", title: "Kurse", templateElements: [{ type: "text", name: "kurs" }, { type: "text", name: "teilnehmende", inputType: "number", min: 0 }] },
      ],
    },
  ],
};

const good = {
  nord: { plaetze: 120, budget: "2500.50", einrichtung: "Kita Nord", traeger: "frei" },
  sued: { plaetze: 80, einrichtung: "Kita Süd", traeger: "kommunal", kurse: [{ kurs: "Yoga", teilnehmende: 12 }] },
  west: { einrichtung: "Kita West", traeger: "frei", personal: { kontakt: "Frau Özdemir" } },
};

describeEachDatabase("migration 0019: values stored before the door typed them", (kind) => {
  let testApp: TestApp;
  let planner: PlannerClient;
  let surveyId: string;
  let anonymousId: string;
  let pseudonymousId: string;
  const tokens: Record<string, string> = {};
  const invitations: Record<string, string> = {};
  let before: { id: string; revision: number; updated_at: Date; submitted_at: Date | null }[];

  beforeAll(async () => {
    testApp = await createTestApp(kind);
    const db = testApp.database.db;
    ({ planner } = await setUpOrganisation(testApp, "Stadt Herne"));
    surveyId = await openImportedSurvey(planner, "plaetze.json", definition, { closingDate: "2099-12-31" });
    const links = await invite(testApp, planner, surveyId, Object.keys(good).map((name) => `${name}@herne.de`));
    const list = await planner.json("GET", `/api/surveys/${surveyId}/invitations`);
    for (const name of Object.keys(good)) {
      tokens[name] = links[`${name}@herne.de`]!;
      invitations[name] = list.invitations.find((invitation: Json) => invitation.email === `${name}@herne.de`).id;
    }
    for (const name of ["nord", "sued"] as const) await submitAnswers(testApp, tokens[name]!, good[name], { baseRevision: 0, locale: "de" });
    const draft = await testApp.request("PUT", `/api/r/${tokens.west}/draft`, { answers: good.west, baseRevision: 0 });
    expect(draft.status).toBe(200);

    // The same questions in an anonymous and a pseudonymous survey, with answers written directly.
    const copy = async (mode: string) =>
      (
        await sql<{ id: string }>`insert into surveys (organisation_id, title, intro, structure, status, definition, privacy_mode, opened_at)
          select organisation_id, ${mode}, intro, structure, status, definition, ${mode}, opened_at from surveys where id = ${surveyId} returning id`.execute(db)
      ).rows[0]!.id;
    anonymousId = await copy("anonymous");
    pseudonymousId = await copy("pseudonymous");

    // Back to 0018, as an installation before the fix …
    // Later migrations are taken back too (0020: background erasure, 0021: released groups), so they run again in order.
    await sql`delete from kysely_migration where name in ('0019_clean_untyped_answers', '0020_background_erasure', '0021_released_groups')`.execute(db);
    await sql`alter table responses drop column released_groups`.execute(db);
    await sql`drop table erasures`.execute(db);
    await sql`alter table surveys drop column erasure_requested_at`.execute(db);
    await sql`alter table organisations drop column erasure_requested_at`.execute(db);
    await sql`drop table untyped_answer_cleanup_counts`.execute(db);
    await sql`drop table untyped_answer_cleanup`.execute(db);

    // … whose answers took what the door refuses now (numbers as written in JSON: 1e400 is no JavaScript number).
    const spoil = async (table: "responses" | "response_submissions", column: string, where: string, patch: string) =>
      sql
        .raw(`update ${table} set ${column} = ${column} || '${patch}'::jsonb where ${where}`)
        .execute(db);
    const responseOf = (name: string) => `invitation_id = '${invitations[name]}'`;
    const submissionsOf = (name: string) => `response_id in (select id from responses where ${responseOf(name)})`;
    await spoil("responses", "answers", responseOf("nord"), `{"budget": 1e400}`);
    await spoil("response_submissions", "answers", submissionsOf("nord"), `{"budget": 1e400}`);
    const sued = JSON.stringify({ budget: "zwölf", einrichtung: { $gt: "" }, kurse: [{ kurs: "Yoga", teilnehmende: "9".repeat(400) }] });
    await spoil("responses", "answers", responseOf("sued"), sued);
    await spoil("response_submissions", "answers", submissionsOf("sued"), sued);
    await spoil("responses", "answers", responseOf("west"), JSON.stringify({ budget: "viel", personal: { voll: "1".repeat(400), kontakt: "Frau Özdemir" } }));
    const { organisation_id } = await db.selectFrom("surveys").select("organisation_id").where("id", "=", surveyId).executeTakeFirstOrThrow();
    await sql`insert into pending_anonymous_answers (organisation_id, survey_id, answers)
      values (${organisation_id}, ${anonymousId}, '{"plaetze": 600, "traeger": "frei", "einrichtung": ["x"]}'::jsonb)`.execute(db);
    await sql`insert into responses (organisation_id, survey_id, answers, released_answers, status, submitted_at)
      values (${organisation_id}, ${pseudonymousId}, '{"plaetze": -1e13, "traeger": "kommunal"}'::jsonb,
        '{"plaetze": -1e13, "traeger": "kommunal"}'::jsonb, 'submitted', now())`.execute(db);
    before = await db.selectFrom("responses").select(["id", "revision", "updated_at", "submitted_at"]).orderBy("id").execute();

    // Migrated again: the migrator, then the cleaning in batches of two rows (then what start runs finds nothing left).
    const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
    const { error } = await migrator.migrateToLatest();
    expect(error).toBeUndefined();
    await cleanUntypedAnswers(db, { batchSize: 2 });
    await migrateToLatest(db);
  });
  afterAll(() => testApp?.close());

  it("shows the good values in results and exports, and the bad ones nowhere", async () => {
    const results = await planner.json("GET", `/api/surveys/${surveyId}/results`);
    const byName = new Map((results.questions as Json[]).map((question) => [question.name, question]));
    expect(byName.get("plaetze")).toMatchObject({ kind: "numeric", n: 2, mean: 100 });
    expect(byName.get("budget")).toMatchObject({ kind: "numeric", n: 0 });
    const exported = await planner.request("GET", `/api/surveys/${surveyId}/export/responses?format=csv`);
    expect(exported.status).toBe(200);
    const csv = await exported.text();
    for (const kept of ["Kita Nord", ";120;", ";80;", "kommunal"]) expect(csv).toContain(kept);
    for (const gone of ["zwölf", "$gt", "999999999", "Infinity", "1e+400"]) expect(csv).not.toContain(gone);
  });

  it("keeps everything else of each answer, in the stored answers and the kept submissions", async () => {
    const { current, submissions } = await planner.json("GET", `/api/surveys/${surveyId}/invitations/${invitations.sued}/response`);
    const sued = { plaetze: 80, traeger: "kommunal", kurse: [{ kurs: "Yoga" }] };
    expect(current.answers).toEqual(sued);
    expect(submissions.map((submission: Json) => submission.answers)).toEqual([sued]);
    const nord = await planner.json("GET", `/api/surveys/${surveyId}/invitations/${invitations.nord}/response`);
    expect(nord.current.answers).toEqual({ plaetze: 120, einrichtung: "Kita Nord", traeger: "frei" });
    expect(nord.submissions[0].answers).toEqual({ plaetze: 120, einrichtung: "Kita Nord", traeger: "frei" });
  });

  it("gives a draft respondent reopening the link all their other answers", async () => {
    const reopened = await (await testApp.request("GET", `/api/r/${tokens.west}`)).json();
    expect(reopened.answers).toEqual(good.west);
    const saved = await testApp.request("PUT", `/api/r/${tokens.west}/draft`, { answers: { ...good.west, plaetze: 15 }, baseRevision: reopened.revision });
    expect(saved.status, await saved.clone().text()).toBe(200);
  });

  it("cleans released pseudonymous answers alike (nothing waits for release because of it) and pending anonymous ones without a time", async () => {
    const db = testApp.database.db;
    const pseudonymous = await db.selectFrom("responses").select(["answers", "released_answers"]).where("survey_id", "=", pseudonymousId).executeTakeFirstOrThrow();
    expect(pseudonymous).toEqual({ answers: { traeger: "kommunal" }, released_answers: { traeger: "kommunal" } });
    // Out of the question's own range (600 > 500) is the submit's check, not the door's: kept, as a save would keep it.
    expect(await db.selectFrom("pending_anonymous_answers").select("answers").where("survey_id", "=", anonymousId).execute()).toEqual([
      { answers: { plaetze: 600, traeger: "frei" } },
    ]);
    const columns = await sql<{ column_name: string }>`select column_name from information_schema.columns
      where table_schema = current_schema() and table_name = 'pending_anonymous_answers' order by column_name`.execute(db);
    expect(columns.rows.map((row) => row.column_name)).toEqual(["answers", "id", "organisation_id", "survey_id"]);
  });

  it("leaves revisions and times as they were, and counts per survey in the audit log without any answer", async () => {
    const db = testApp.database.db;
    const after = await db.selectFrom("responses").select(["id", "revision", "updated_at", "submitted_at"]).where("id", "in", before.map((row) => row.id)).orderBy("id").execute();
    // The draft of the test above was saved since: compare the rest.
    const west = (await db.selectFrom("responses").select("id").where("invitation_id", "=", invitations.west).executeTakeFirstOrThrow()).id;
    expect(after.filter((row) => row.id !== west)).toEqual(before.filter((row) => row.id !== west));
    const entries = await db.selectFrom("audit_log").select(["target_id", "user_id", "details"]).where("action", "=", "answers.cleaned").execute();
    const migration = "0019_clean_untyped_answers";
    expect(new Map(entries.map((entry) => [entry.target_id, entry]))).toEqual(
      new Map([
        [pseudonymousId, { target_id: pseudonymousId, user_id: null, details: { removedValues: 2, answers: 2, migration } }],
        [anonymousId, { target_id: anonymousId, user_id: null, details: { removedValues: 1, answers: 1, migration } }],
        // nord: 1 in its answers and 1 in its submission; sued: 3 and 3; west's draft: 2.
        [surveyId, { target_id: surveyId, user_id: null, details: { removedValues: 10, answers: 5, migration } }],
      ]),
    );
    expect(JSON.stringify(entries)).not.toMatch(/zwölf|Kita|herne/);
    expect((await sql<{ n: number }>`select count(*)::int as n from untyped_answer_cleanup`.execute(db)).rows[0]!.n).toBe(0);
  });
});
