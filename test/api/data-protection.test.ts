import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../server/db/schema.ts";
import { runRetentionSweep } from "../../server/data-protection/retention.ts";
import { describeEachDatabase } from "../support/databases.ts";
import { addOrganisation, createTestApp, setUpOrganisation, signedIn, tokenFromMail, type PlannerClient, type TestApp } from "../support/test-app.ts";

/**
 * Every table of the schema, with the column naming its organisation. Typed against the schema's
 * table list, so a new table fails to compile here until someone decides how it is deleted with
 * its organisation; the test below also compares it with the tables the database really has.
 */
const organisationColumn = {
  organisations: "id",
  users: "organisation_id",
  sessions: "organisation_id",
  planner_invitations: "organisation_id",
  password_resets: "organisation_id",
  rate_limit_events: null, // failed logins and link lookups by hashed key: no tenant, no address
  response_submissions: "organisation_id",
  pending_anonymous_answers: "organisation_id",
  // Bookkeeping of migration 0019 (table cursors, counts per survey id), empty once it is done.
  untyped_answer_cleanup: null,
  untyped_answer_cleanup_counts: null,
  survey_templates: "organisation_id",
  canon_items: "organisation_id",
  surveys: "organisation_id",
  invitations: "organisation_id",
  responses: "organisation_id",
  mail_outbox: "organisation_id",
  dev_mailbox: "organisation_id",
  districts: "organisation_id",
  directory_entries: "organisation_id",
  network_members: "organisation_id",
  invitation_links: "organisation_id",
  mailings: "organisation_id",
  survey_mail_templates: "organisation_id",
  reminder_rules: "organisation_id",
  survey_series: "organisation_id",
  network_views: "organisation_id",
  audit_log: "organisation_id",
  survey_data_versions: "organisation_id",
  directory_versions: "organisation_id",
  erasures: "organisation_id",
} as const satisfies Record<keyof Database, "id" | "organisation_id" | null>;

type TableName = keyof typeof organisationColumn;
const tenantTables = (Object.keys(organisationColumn) as TableName[]).filter((table) => organisationColumn[table] !== null);

/** Rows that belong to one survey, per table (the survey's own row included). */
const surveyRowQueries: Record<string, string> = {
  surveys: "select count(*)::int as n from surveys where id = $1",
  invitations: "select count(*)::int as n from invitations where survey_id = $1",
  invitation_links: "select count(*)::int as n from invitation_links where invitation_id in (select id from invitations where survey_id = $1)",
  responses: "select count(*)::int as n from responses where survey_id = $1",
  response_submissions: "select count(*)::int as n from response_submissions where response_id in (select id from responses where survey_id = $1)",
  mailings: "select count(*)::int as n from mailings where survey_id = $1",
  mail_outbox:
    "select count(*)::int as n from mail_outbox where invitation_id in (select id from invitations where survey_id = $1) or mailing_id in (select id from mailings where survey_id = $1)",
  survey_mail_templates: "select count(*)::int as n from survey_mail_templates where survey_id = $1",
  reminder_rules: "select count(*)::int as n from reminder_rules where survey_id = $1",
  network_views: "select count(*)::int as n from network_views where survey_id = $1",
  survey_data_versions: "select count(*)::int as n from survey_data_versions where survey_id = $1",
};

describeEachDatabase("data protection", (kind) => {
  let testApp: TestApp;
  let owner: PlannerClient;

  beforeAll(async () => {
    testApp = await createTestApp(kind);
    ({ planner: owner } = await setUpOrganisation(testApp, "Stadt Wuppertal"));
  });
  afterAll(() => testApp.close());

  const db = () => testApp.database.db;

  async function count(query: string, parameter: string): Promise<number> {
    const result = await sql.raw<{ n: number }>(query.replaceAll("$1", `'${parameter}'`)).execute(db());
    return Number(result.rows[0]!.n);
  }

  /** Rows per tenant table of one organisation. */
  async function organisationRows(organisationId: string): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const table of tenantTables) {
      counts[table] = await count(`select count(*)::int as n from ${table} where ${organisationColumn[table]} = $1`, organisationId);
    }
    return counts;
  }

  async function surveyRows(surveyId: string): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const [table, query] of Object.entries(surveyRowQueries)) counts[table] = await count(query, surveyId);
    return counts;
  }

  async function mailboxTokens(planner: PlannerClient): Promise<Record<string, string>> {
    await testApp.mailWorker.runOnce();
    const { mails } = await planner.json("GET", "/api/dev/mailbox");
    const tokens: Record<string, string> = {};
    // Newest first: keep the first (newest) link per address.
    for (const mail of mails as { to: string; text: string }[]) {
      // "Frau Beispiel" <kita@…> when the directory names a contact person.
      const address = mail.to.match(/<([^>]+)>$/)?.[1] ?? mail.to;
      if (/\/r\//.test(mail.text)) tokens[address] ??= tokenFromMail(mail.text);
    }
    return tokens;
  }

  /**
   * An organisation's data as planners make it: districts, institutions and a network, an open
   * survey with invitations (from the directory and pasted), mails, a submitted (twice) and a
   * draft response, a colleague link, a planned and a sent reminder, mail templates, a template,
   * an own canon item, a team invitation, a password reset link, a series and a network share link.
   */
  async function populate(planner: PlannerClient, tag: string) {
    const district = await planner.json("POST", "/api/directory/districts", { name: `Bezirk ${tag}` }, 201);
    const kita = await planner.json(
      "POST",
      "/api/directory/entries",
      { kind: "institution", name: `Kita ${tag}`, districtId: district.id, contactPerson: "Frau Beispiel", emails: [`kita@${tag}.de`] },
      201,
    );
    const network = await planner.json("POST", "/api/directory/entries", { kind: "network", name: `STK ${tag}`, memberIds: [kita.id], emails: [`stk@${tag}.de`] }, 201);
    const survey = await planner.json("POST", "/api/surveys", { title: `Bestandsaufnahme ${tag}` }, 201);
    await planner.json("PATCH", `/api/surveys/${survey.id}`, {
      items: [{ itemId: "network.sphere", version: 1 }],
      closingDate: "2099-12-31",
      allowEditAfterSubmit: true,
    });
    await planner.json("POST", `/api/surveys/${survey.id}/open`);
    await planner.json("PUT", `/api/surveys/${survey.id}/mail-templates/de/invitation`, { subject: "Bitte nehmen Sie teil", body: "Hallo {{name}}, {{link}}" });
    await planner.json("POST", `/api/surveys/${survey.id}/invitations`, { directoryEntryIds: [kita.id, network.id] });
    await planner.json("POST", `/api/surveys/${survey.id}/invitations`, { recipients: [{ email: `extra@${tag}.de`, name: "" }] });
    const tokens = await mailboxTokens(planner);
    const kitaToken = tokens[`kita@${tag}.de`]!;
    const firstResponse = await testApp.request("POST", `/api/r/${kitaToken}/submit`, { answers: { "network.sphere": "quartier" }, page: 0, baseRevision: 0 });
    const first = (await firstResponse.json()) as { revision: number };
    expect(firstResponse.status, JSON.stringify(first)).toBe(200);
    const again = await testApp.request("POST", `/api/r/${kitaToken}/submit`, { answers: { "network.sphere": "stadtteil" }, page: 0, baseRevision: first.revision });
    expect(again.status, await again.clone().text()).toBe(200);
    expect((await testApp.request("PUT", `/api/r/${tokens[`stk@${tag}.de`]}/draft`, { answers: { "network.sphere": "stadt" }, page: 0, baseRevision: 0 })).status).toBe(200);
    expect((await testApp.request("POST", `/api/r/${kitaToken}/colleague-links`, { label: "Kollegin Leitung" })).status).toBe(201);
    await planner.json("POST", `/api/surveys/${survey.id}/reminders`, { audience: ["not_opened"], scheduledAt: new Date(Date.now() + 86_400_000).toISOString() });
    await planner.json("POST", `/api/surveys/${survey.id}/reminders`, { audience: ["not_opened"] });
    await testApp.mailWorker.runOnce();
    await planner.json("POST", "/api/templates", { surveyId: survey.id, name: `Vorlage ${tag}` }, 201);
    await planner.json(
      "POST",
      "/api/canon/items",
      {
        questionnaire: "network",
        tags: { lifePhases: [], fieldsOfAction: [], topics: [] },
        help: { de: "Intern", en: "Internal" },
        personalDataWarning: false,
        element: { type: "boolean", name: "x", title: { de: `Frage ${tag}?`, en: `Question ${tag}?` } },
      },
      201,
    );
    await planner.json("POST", "/api/team/invitations", { email: `kollege@${tag}.de`, role: "planner" });
    const me = await planner.json("GET", "/api/auth/me");
    await testApp.request("POST", "/api/auth/password-reset", { email: me.user.email });
    await testApp.mailWorker.runOnce();
    // No API for these yet: as the results sharing will store them.
    const series = await db()
      .insertInto("survey_series")
      .values({ organisation_id: planner.organisationId, name: `Reihe ${tag}` })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db().updateTable("surveys").set({ series_id: series.id }).where("id", "=", survey.id).execute();
    await db()
      .insertInto("network_views")
      .values({ organisation_id: planner.organisationId, survey_id: survey.id, network_id: network.id, token_hash: randomBytes(32).toString("hex") })
      .execute();
    return { surveyId: survey.id as string, kitaId: kita.id as string, networkId: network.id as string, districtId: district.id as string, tokens };
  }

  /** A second planner (not admin) of the organisation, through the real invitation. */
  async function invitePlanner(admin: PlannerClient, email: string): Promise<PlannerClient> {
    await admin.json("POST", "/api/team/invitations", { email, role: "planner" });
    await testApp.mailWorker.runOnce();
    const { mails } = await admin.json("GET", "/api/dev/mailbox");
    const text = (mails as { to: string; text: string }[]).find((mail) => mail.to === email)!.text;
    const token = text.match(/\/invite\/([A-Za-z0-9_-]{20,})/)![1]!;
    return signedIn(testApp, await testApp.request("POST", `/api/team/invitations/${token}/accept`, { name: "Paula Planerin", password: "noch-ein-passwort" }));
  }

  describe("audit log", () => {
    it("records opening, closing, reopening, duplicating and exporting a survey, with the planner's name and the survey's title", async () => {
      const { id } = await owner.json("POST", "/api/surveys", { title: "Protokollierte Umfrage" }, 201);
      await owner.json("PATCH", `/api/surveys/${id}`, { items: [{ itemId: "network.sphere", version: 1 }] });
      await owner.json("POST", `/api/surveys/${id}/open`);
      await owner.json("POST", `/api/surveys/${id}/close`);
      await owner.json("POST", `/api/surveys/${id}/open`);
      const copy = await owner.json("POST", `/api/surveys/${id}/duplicate`, {}, 201);
      expect((await owner.request("GET", `/api/surveys/${id}/export`)).status).toBe(200);

      const log = await owner.json("GET", `/api/audit-log?targetId=${id}`);
      expect(log.entries.map((entry: { action: string }) => entry.action)).toEqual([
        "survey.exported",
        "survey.duplicated",
        "survey.reopened",
        "survey.closed",
        "survey.opened",
        "survey.created",
      ]);
      expect(log.entries[0]).toMatchObject({ userName: "Anna Admin", targetType: "survey", targetLabel: "Protokollierte Umfrage" });
      expect(log.entries[1].details).toEqual({ copyId: copy.id });
      expect(log.knownActions).toContain("responses.exported");
    });

    it("sets closed_at on close and clears it on reopen", async () => {
      const { id } = await owner.json("POST", "/api/surveys", { title: "Ende" }, 201);
      await owner.json("PATCH", `/api/surveys/${id}`, { items: [{ itemId: "network.sphere", version: 1 }] });
      await owner.json("POST", `/api/surveys/${id}/open`);
      const closedAt = async () => (await db().selectFrom("surveys").select("closed_at").where("id", "=", id).executeTakeFirstOrThrow()).closed_at;
      expect(await closedAt()).toBeNull();
      await owner.json("POST", `/api/surveys/${id}/close`);
      expect(Math.abs((await closedAt())!.getTime() - Date.now())).toBeLessThan(60_000);
      await owner.json("POST", `/api/surveys/${id}/open`);
      expect(await closedAt()).toBeNull();
    });

    it("pages newest first and filters by action", async () => {
      const all = await owner.json("GET", "/api/audit-log?limit=2");
      expect(all.entries).toHaveLength(2);
      expect(all.total).toBeGreaterThan(4);
      const next = await owner.json("GET", "/api/audit-log?limit=2&offset=2");
      expect(next.entries[0].id).not.toBe(all.entries[0].id);
      expect(new Date(next.entries[0].createdAt).getTime()).toBeLessThanOrEqual(new Date(all.entries[1].createdAt).getTime());
      const closed = await owner.json("GET", "/api/audit-log?action=survey.closed");
      expect(closed.total).toBeGreaterThanOrEqual(2);
      expect(closed.entries.every((entry: { action: string }) => entry.action === "survey.closed")).toBe(true);
      expect(closed.actions).toEqual(expect.arrayContaining(["survey.closed", "survey.opened", "survey.created"]));
    });

    it("is for admins only and answers bad queries with 400", async () => {
      const planner = await invitePlanner(owner, "paula@wuppertal.de");
      const refused = await planner.request("GET", "/api/audit-log");
      expect(refused.status).toBe(403);
      for (const query of ["limit=0", "limit=500", "offset=-1", "limit=abc", "action=drop%20table"]) {
        const response = await owner.request("GET", `/api/audit-log?${query}`);
        expect(response.status, query).toBe(400);
        expect(((await response.json()) as any).error.code).toBe("invalid_request");
      }
    });

    it("records changed settings with the fields' names", async () => {
      await owner.json("PATCH", "/api/organisation", { mailSenderName: "Jugendhilfeplanung", retentionMonths: 24 });
      const { entries } = await owner.json("GET", "/api/audit-log?action=organisation.settings_changed");
      expect(entries[0].details).toEqual({ fields: ["mailSenderName", "retentionMonths"], retentionMonths: { from: null, to: 24 } });
      // Saving the same values again changes nothing and records nothing.
      await owner.json("PATCH", "/api/organisation", { mailSenderName: "Jugendhilfeplanung", retentionMonths: 24 });
      expect((await owner.json("GET", "/api/audit-log?action=organisation.settings_changed")).total).toBe(1);
      await owner.json("PATCH", "/api/organisation", { retentionMonths: null });
    });
  });

  describe("deleting a survey", () => {
    let data: Awaited<ReturnType<typeof populate>>;

    beforeAll(async () => {
      data = await populate(owner, "wuppertal");
    });

    it("names what it will delete", async () => {
      const summary = await owner.json("GET", `/api/surveys/${data.surveyId}/deletion-summary`);
      expect(summary).toMatchObject({
        title: "Bestandsaufnahme wuppertal",
        status: "open",
        invitations: 3,
        responses: 2,
        submittedResponses: 1,
        submissions: 2,
        reminderRules: 1,
        networkViews: 1,
        mailTemplates: 1,
      });
      expect(summary.links).toBeGreaterThanOrEqual(4);
      expect(summary.mailings).toBeGreaterThanOrEqual(2);
      expect(summary.mails).toBeGreaterThanOrEqual(4);
    });

    it("answers 404 for another organisation's survey and for an unknown one, and 400 for a malformed id", async () => {
      const { planner: intruder } = await addOrganisation(testApp, "Stadt Solingen");
      expect((await intruder.request("DELETE", `/api/surveys/${data.surveyId}`)).status).toBe(404);
      expect((await intruder.request("GET", `/api/surveys/${data.surveyId}/deletion-summary`)).status).toBe(404);
      expect((await owner.request("DELETE", "/api/surveys/00000000-0000-4000-8000-000000000000")).status).toBe(404);
      expect((await owner.request("DELETE", "/api/surveys/kein-uuid")).status).toBe(400);
      expect((await surveyRows(data.surveyId)).responses).toBe(2);
    });

    it("deletes the survey with every row that hangs on it, and nothing else; the audit entry stays", async () => {
      const other = await owner.json("POST", "/api/surveys", { title: "Bleibt" }, 201);
      await owner.json("PATCH", `/api/surveys/${other.id}`, { items: [{ itemId: "network.sphere", version: 1 }] });
      await owner.json("POST", `/api/surveys/${other.id}/open`);
      await owner.json("POST", `/api/surveys/${other.id}/invitations`, { directoryEntryIds: [data.kitaId] });
      await testApp.mailWorker.runOnce();
      const planner = await invitePlanner(owner, "peter@wuppertal.de");
      const before = await surveyRows(data.surveyId);
      for (const table of Object.keys(surveyRowQueries)) expect(before[table], table).toBeGreaterThan(0);
      const otherBefore = await surveyRows(other.id);
      const organisationBefore = await organisationRows(owner.organisationId);

      const { deleted } = await planner.json("DELETE", `/api/surveys/${data.surveyId}`);
      expect(deleted).toMatchObject({ title: "Bestandsaufnahme wuppertal", invitations: 3, responses: 2, submissions: 2 });

      const after = await surveyRows(data.surveyId);
      expect(Object.values(after).every((n) => n === 0), JSON.stringify(after)).toBe(true);
      expect(await surveyRows(other.id)).toEqual(otherBefore);
      const organisationAfter = await organisationRows(owner.organisationId);
      for (const table of tenantTables) {
        const removed = organisationBefore[table]! - organisationAfter[table]!;
        // The survey's rows went, nothing else; the audit log gained the deletion's entry, and the
        // erasure its progress record (the title and counts, kept for a day).
        if (table in before) expect(removed, table).toBe(before[table]);
        else if (table === "audit_log" || table === "erasures") expect(removed, table).toBe(-1);
        else expect(removed, table).toBe(0);
      }
      expect((await owner.request("GET", `/api/surveys/${data.surveyId}`)).status).toBe(404);
      expect((await owner.request("DELETE", `/api/surveys/${data.surveyId}`)).status).toBe(404);
      // The links mailed for it now lead nowhere.
      expect((await testApp.request("GET", `/api/r/${data.tokens["kita@wuppertal.de"]}`)).status).toBe(404);

      const { entries } = await owner.json("GET", `/api/audit-log?action=survey.deleted&targetId=${data.surveyId}`);
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ userName: "Paula Planerin", targetLabel: "Bestandsaufnahme wuppertal" });
      expect(entries[0].details).toMatchObject({ invitations: 3, responses: 2, submissions: 2 });
      expect(JSON.stringify(entries[0])).not.toMatch(/@/);
      // The rest of the survey's history stays readable too.
      expect((await owner.json("GET", `/api/audit-log?targetId=${data.surveyId}`)).total).toBeGreaterThanOrEqual(3);
    });
  });

  describe("retention", () => {
    async function closedSurveyWithResponses(planner: PlannerClient, title: string, monthsAgo: number) {
      const { id } = await planner.json("POST", "/api/surveys", { title }, 201);
      await planner.json("PATCH", `/api/surveys/${id}`, { items: [{ itemId: "network.sphere", version: 1 }], allowEditAfterSubmit: true });
      await planner.json("POST", `/api/surveys/${id}/open`);
      const address = `${title.toLowerCase().replace(/[^a-z]/g, "")}@retention.de`;
      await planner.json("POST", `/api/surveys/${id}/invitations`, { recipients: [{ email: address, name: "" }, { email: `zwei-${address}`, name: "" }] });
      const tokens = await mailboxTokens(planner);
      await testApp.request("POST", `/api/r/${tokens[address]}/submit`, { answers: { "network.sphere": "quartier" }, page: 0, baseRevision: 0 });
      await testApp.request("PUT", `/api/r/${tokens[`zwei-${address}`]}/draft`, { answers: { "network.sphere": "stadt" }, page: 0, baseRevision: 0 });
      await planner.json("POST", `/api/surveys/${id}/close`);
      await db()
        .updateTable("surveys")
        .set({ closed_at: sql<Date>`now() - make_interval(months => ${monthsAgo}, days => 1)` })
        .where("id", "=", id)
        .execute();
      return id as string;
    }

    const responsesOf = (surveyId: string) => count("select count(*)::int as n from responses where survey_id = $1", surveyId);
    const submissionsOf = (surveyId: string) =>
      count("select count(*)::int as n from response_submissions where response_id in (select id from responses where survey_id = $1)", surveyId);

    it("takes 1 to 120 months or null, and refuses anything else with 400", async () => {
      for (const value of [0, 121, 2.5, "6", -1]) {
        const response = await owner.request("PATCH", "/api/organisation", { retentionMonths: value });
        expect(response.status, String(value)).toBe(400);
      }
      expect((await owner.json("PATCH", "/api/organisation", { retentionMonths: 120 })).retentionMonths).toBe(120);
      expect((await owner.json("PATCH", "/api/organisation", { retentionMonths: null })).retentionMonths).toBeNull();
      const planner = await invitePlanner(owner, "petra@wuppertal.de");
      expect((await planner.request("PATCH", "/api/organisation", { retentionMonths: 6 })).status).toBe(403);
      expect((await planner.json("GET", "/api/organisation")).retentionMonths).toBeNull();
    });

    it("deletes the responses of surveys that ended longer ago than the setting, once, with an audit entry", async () => {
      const { planner: hagen } = await addOrganisation(testApp, "Stadt Hagen");
      const { planner: keeper } = await addOrganisation(testApp, "Stadt Keep");
      await hagen.json("PATCH", "/api/organisation", { retentionMonths: 6 });
      const old = await closedSurveyWithResponses(hagen, "Alt", 7);
      const recent = await closedSurveyWithResponses(hagen, "Neu", 5);
      // An open survey whose closing date passed long ago has ended too (its links take no answers).
      const expired = await closedSurveyWithResponses(hagen, "Abgelaufen", 0);
      await hagen.json("POST", `/api/surveys/${expired}/open`);
      await db().updateTable("surveys").set({ closing_date: sql<string>`(now() - interval '8 months')::date` }).where("id", "=", expired).execute();
      // Reopened and running: closed_at is cleared, the closing date is ahead.
      const reopened = await closedSurveyWithResponses(hagen, "Wieder offen", 9);
      await hagen.json("PATCH", `/api/surveys/${reopened}`, { closingDate: "2099-12-31" });
      await hagen.json("POST", `/api/surveys/${reopened}/open`);
      // Another organisation without a retention period keeps everything.
      const kept = await closedSurveyWithResponses(keeper, "Behalten", 30);
      expect(await submissionsOf(old)).toBe(1);

      const first = await runRetentionSweep(db());
      expect(first).toEqual({ surveys: 2, responses: 4, submissions: 2 });
      expect(await responsesOf(old)).toBe(0);
      expect(await submissionsOf(old)).toBe(0);
      expect(await responsesOf(expired)).toBe(0);
      expect(await responsesOf(recent)).toBe(2);
      expect(await responsesOf(reopened)).toBe(2);
      expect(await responsesOf(kept)).toBe(2);
      // Who was asked stays; the answers are gone.
      expect((await hagen.json("GET", `/api/surveys/${old}/invitations`)).invitations).toHaveLength(2);

      const { entries } = await hagen.json("GET", "/api/audit-log?action=retention.deleted_responses");
      expect(entries).toHaveLength(2);
      const oldEntry = entries.find((entry: { targetId: string }) => entry.targetId === old);
      expect(oldEntry).toMatchObject({ userId: null, userName: "", targetType: "survey", targetLabel: "Alt" });
      expect(oldEntry.details).toMatchObject({ responses: 2, submissions: 1, retentionMonths: 6 });

      expect(await runRetentionSweep(db())).toEqual({ surveys: 0, responses: 0, submissions: 0 });
      expect((await hagen.json("GET", "/api/audit-log?action=retention.deleted_responses")).total).toBe(2);
      expect((await keeper.json("GET", "/api/audit-log?action=retention.deleted_responses")).total).toBe(0);

      // Shortening the period reaches the recent survey at the next sweep.
      await hagen.json("PATCH", "/api/organisation", { retentionMonths: 4 });
      expect(await runRetentionSweep(db())).toMatchObject({ surveys: 1, responses: 2 });
      expect(await responsesOf(recent)).toBe(0);
    });
  });

  describe("recipient data export", () => {
    let data: Awaited<ReturnType<typeof populate>>;
    let other: PlannerClient;

    beforeAll(async () => {
      ({ planner: other } = await addOrganisation(testApp, "Stadt Remscheid"));
      data = await populate(other, "remscheid");
    });

    it("downloads everything stored about the recipient, without tokens", async () => {
      const response = await other.request("GET", `/api/directory/entries/${data.kitaId}/data-export`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="auskunft-kita-remscheid-\d{4}-\d{2}-\d{2}\.json"/);
      const raw = await response.text();
      const document = JSON.parse(raw);
      expect(document).toMatchObject({ format: "kanon.recipient-data-export", version: 1, organisation: "Stadt Remscheid" });
      expect(document.entry).toMatchObject({
        kind: "institution",
        name: "Kita remscheid",
        contactPerson: "Beispiel",
        contactSalutation: "ms",
        language: "de",
        emails: ["kita@remscheid.de"],
        district: { id: data.districtId, name: "Bezirk remscheid" },
        networks: [{ id: data.networkId, name: "STK remscheid" }],
      });
      expect(document.invitations).toHaveLength(1);
      const [invitation] = document.invitations;
      expect(invitation).toMatchObject({ matchedBy: "directory_entry", email: "kita@remscheid.de", mailStatus: "sent", survey: { title: "Bestandsaufnahme remscheid", privacyMode: "identified" } });
      expect(invitation.links.map((link: { purpose: string }) => link.purpose)).toEqual(expect.arrayContaining(["invitation", "colleague"]));
      expect(invitation.links.find((link: { purpose: string }) => link.purpose === "colleague").label).toBe("Kollegin Leitung");
      expect(invitation.response).toMatchObject({ linked: true, status: "submitted", answersIncluded: true, answers: { "network.sphere": "stadtteil" } });
      expect(invitation.response.submissions.map((submission: { answers: unknown }) => submission.answers)).toEqual([
        { "network.sphere": "quartier" },
        { "network.sphere": "stadtteil" },
      ]);
      expect(document.mails.length).toBeGreaterThanOrEqual(1);
      expect(document.mails[0]).toMatchObject({ kind: "invitation", to: '"Frau Beispiel" <kita@remscheid.de>', subject: "Bitte nehmen Sie teil", status: "sent" });
      expect(document.devMailbox.map((mail: { to: string }) => mail.to)).toContain('"Frau Beispiel" <kita@remscheid.de>');
      expect(document.mails[0]).not.toHaveProperty("text");
      // No secret of a link leaves the server.
      expect(raw).not.toContain(data.tokens["kita@remscheid.de"]);
      expect(raw).not.toMatch(/"[^"]*(token|hash)[^"]*":/i);
      expect(raw).not.toMatch(/[0-9a-f]{64}/);
    });

    it("lists a network's members and share links, and invitations sent to its address by hand", async () => {
      const { id } = await other.json("POST", "/api/surveys", { title: "Von Hand" }, 201);
      await other.json("PATCH", `/api/surveys/${id}`, { items: [{ itemId: "network.sphere", version: 1 }] });
      await other.json("POST", `/api/surveys/${id}/open`);
      await other.json("POST", `/api/surveys/${id}/invitations`, { recipients: [{ email: "STK@remscheid.de", name: "" }] });
      const document = await other.json("GET", `/api/directory/entries/${data.networkId}/data-export`);
      expect(document.entry.members).toEqual([{ id: data.kitaId, name: "Kita remscheid", type: "" }]);
      expect(document.entry.resultShareLinks).toHaveLength(1);
      const bySurvey = Object.fromEntries(document.invitations.map((invitation: { survey: { title: string } }) => [invitation.survey.title, invitation]));
      expect(bySurvey["Von Hand"]).toMatchObject({ matchedBy: expect.any(String), response: null });
      expect(bySurvey["Bestandsaufnahme remscheid"].response).toMatchObject({ status: "draft", answersIncluded: true, answers: { "network.sphere": "stadt" } });
    });

    it("leaves out single answers of pseudonymous and anonymous surveys and says why", async () => {
      const entry = await other.json("POST", "/api/directory/entries", { kind: "institution", name: "Jugendtreff", emails: ["treff@remscheid.de"] }, 201);
      const surveys: Record<string, string> = {};
      for (const privacyMode of ["pseudonymous", "anonymous"] as const) {
        const { id } = await other.json("POST", "/api/surveys", { title: `Umfrage ${privacyMode}` }, 201);
        await other.json("PATCH", `/api/surveys/${id}`, { items: [{ itemId: "network.sphere", version: 1 }], privacyMode });
        await other.json("POST", `/api/surveys/${id}/open`);
        await other.json("POST", `/api/surveys/${id}/invitations`, { directoryEntryIds: [entry.id] });
        surveys[privacyMode] = id;
        const tokens = await mailboxTokens(other);
        await testApp.request("POST", `/api/r/${tokens["treff@remscheid.de"]}/submit`, { answers: { "network.sphere": "geheim" }, page: 0, baseRevision: 0 });
      }
      const document = await other.json("GET", `/api/directory/entries/${entry.id}/data-export`);
      const byMode = Object.fromEntries(document.invitations.map((invitation: { survey: { privacyMode: string } }) => [invitation.survey.privacyMode, invitation]));
      expect(byMode.pseudonymous.response).toMatchObject({ linked: true, status: "submitted", answersIncluded: false, note: { de: expect.stringContaining("Pseudonym") } });
      expect(byMode.anonymous.response).toMatchObject({ linked: false, note: { en: expect.stringContaining("no longer linked") } });
      expect(JSON.stringify(document)).not.toContain("geheim");
    });

    it("is recorded in the audit log with counts only, and answers 404 across organisations", async () => {
      const { entries } = await other.json("GET", `/api/audit-log?action=recipient.data_exported&targetId=${data.kitaId}`);
      expect(entries[0]).toMatchObject({ targetType: "directory_entry", targetLabel: "Kita remscheid", details: { invitations: 1 } });
      expect(JSON.stringify(entries)).not.toMatch(/@/);
      expect((await owner.request("GET", `/api/directory/entries/${data.kitaId}/data-export`)).status).toBe(404);
      expect((await other.request("GET", "/api/directory/entries/nicht-da/data-export")).status).toBe(400);
    });
  });

  describe("deleting the organisation", () => {
    let doomed: PlannerClient;
    let doomedPlanner: PlannerClient;
    let survivors: Record<string, number>;

    beforeAll(async () => {
      ({ planner: doomed } = await addOrganisation(testApp, "Stadt Witten"));
      await populate(doomed, "witten");
      // An anonymous survey with an answer waiting for its batch (pending_anonymous_answers).
      const anonymous = await doomed.json("POST", "/api/surveys", { title: "Anonym witten" }, 201);
      await doomed.json("PATCH", `/api/surveys/${anonymous.id}`, { items: [{ itemId: "network.sphere", version: 1 }], privacyMode: "anonymous" });
      await doomed.json("POST", `/api/surveys/${anonymous.id}/open`);
      await doomed.json("POST", `/api/surveys/${anonymous.id}/invitations`, { recipients: [{ email: "anonym@witten.de", name: "" }] });
      const anonymousToken = (await mailboxTokens(doomed))["anonym@witten.de"]!;
      expect((await testApp.request("POST", `/api/r/${anonymousToken}/submit`, { answers: { "network.sphere": "quartier" }, page: 0, baseRevision: 0 })).status).toBe(200);
      // A survey deleted earlier leaves its erasure's progress record (erasures).
      const deleted = await doomed.json("POST", "/api/surveys", { title: "Verworfen witten" }, 201);
      await doomed.json("DELETE", `/api/surveys/${deleted.id}`);
      doomedPlanner = await invitePlanner(doomed, "pia@witten.de");
      await doomed.json("PATCH", "/api/organisation", { retentionMonths: 12 });
      // The surviving organisation has data of every kind too.
      await populate(owner, "wuppertal2");
      survivors = await organisationRows(owner.organisationId);
    });

    it("knows every table of the database", async () => {
      const tables = await sql<{ table_name: string }>`
        select table_name from information_schema.tables
        where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name not like 'kysely_%'
      `.execute(db());
      expect(tables.rows.map((row) => row.table_name).sort()).toEqual(Object.keys(organisationColumn).sort());
      const withOrganisation = await sql<{ table_name: string }>`
        select table_name from information_schema.columns
        where table_schema = current_schema() and column_name = 'organisation_id'
      `.execute(db());
      expect(withOrganisation.rows.map((row) => row.table_name).sort()).toEqual(tenantTables.filter((table) => table !== "organisations").sort());
    });

    it("has rows of the organisation in every tenant table before", async () => {
      const rows = await organisationRows(doomed.organisationId);
      const empty = Object.entries(rows).filter(([, n]) => n === 0);
      expect(empty).toEqual([]);
    });

    it("refuses planners, a wrong name and a missing name, and deletes nothing", async () => {
      const before = await organisationRows(doomed.organisationId);
      expect((await doomedPlanner.request("DELETE", "/api/organisation", { confirmName: "Stadt Witten" })).status).toBe(403);
      const wrong = await doomed.request("DELETE", "/api/organisation", { confirmName: "Stadt Wuppertal" });
      expect(wrong.status).toBe(400);
      expect(((await wrong.json()) as any).error.code).toBe("confirm_name_mismatch");
      expect((await doomed.request("DELETE", "/api/organisation", {})).status).toBe(400);
      expect((await doomed.request("DELETE", "/api/organisation")).status).toBe(400);
      expect((await doomed.request("DELETE", "/api/organisation", { confirmName: 42 })).status).toBe(400);
      expect(await organisationRows(doomed.organisationId)).toEqual(before);
    });

    it("deletes every row of the organisation, ends its sessions and clears the cookie; other organisations keep theirs", async () => {
      const response = await doomed.request("DELETE", "/api/organisation", { confirmName: "  Stadt   Witten " });
      expect(response.status).toBe(200);
      expect(((await response.json()) as any).deleted).toMatchObject({ users: 2, surveys: 2, responses: 3, directoryEntries: 2 });
      expect(response.headers.get("set-cookie")).toMatch(/kanon_session=;/);

      const rows = await organisationRows(doomed.organisationId);
      expect(Object.entries(rows).filter(([, n]) => n !== 0)).toEqual([]);
      expect(await organisationRows(owner.organisationId)).toEqual(survivors);

      expect((await doomed.request("GET", "/api/auth/me")).status).toBe(401);
      expect((await doomedPlanner.request("GET", "/api/surveys")).status).toBe(401);
      // The addresses are free again: no account is left behind.
      expect(await db().selectFrom("users").select("id").where("email", "=", "pia@witten.de").executeTakeFirst()).toBeUndefined();
      expect((await owner.json("GET", "/api/surveys")).surveys.length).toBeGreaterThan(0);
    });
  });
});
