import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDueReminders } from "../../server/recipients/reminder-scheduler.ts";
import { describeEachDatabase } from "../support/databases.ts";
import { addOrganisation, createTestApp, mailsTo, setUpOrganisation, tokenFromMail, type PlannerClient, type TestApp } from "../support/test-app.ts";
import { openTwoQuestionSurvey } from "../support/scenes.ts";

/** Today's calendar date in Berlin plus some days, as YYYY-MM-DD (closing dates are Berlin days). */
function berlinDatePlus(days: number): string {
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Berlin" }).format(new Date());
  const [year, month, day] = today.split("-").map(Number);
  return new Date(Date.UTC(year!, month! - 1, day! + days)).toISOString().slice(0, 10);
}

/** Invites the addresses, delivers the mails and returns each address's personal link token. */
async function inviteAndDeliver(testApp: TestApp, planner: PlannerClient, surveyId: string, addresses: string[]) {
  await planner.json("POST", `/api/surveys/${surveyId}/invitations`, { recipients: addresses.map((email) => ({ email, name: "" })) });
  await testApp.mailWorker.runOnce();
  const tokens: Record<string, string> = {};
  for (const address of addresses) {
    const mails = await mailsTo(testApp, address);
    expect(mails, address).toHaveLength(1);
    tokens[address] = tokenFromMail(mails[0]!.text);
  }
  return tokens;
}

async function invitationsByEmail(planner: PlannerClient, surveyId: string): Promise<Record<string, any>> {
  const { invitations } = await planner.json("GET", `/api/surveys/${surveyId}/invitations`);
  return Object.fromEntries(invitations.map((invitation: { email: string }) => [invitation.email, invitation]));
}

/** Addresses of the reminder mails queued or sent for a survey. */
async function reminderAddresses(testApp: TestApp, surveyId: string, mailingId?: string) {
  const rows = await testApp.database.db
    .selectFrom("mail_outbox")
    .innerJoin("mailings", "mailings.id", "mail_outbox.mailing_id")
    .select("mail_outbox.to_address")
    .where("mailings.survey_id", "=", surveyId)
    .where("mail_outbox.kind", "=", "reminder")
    .$if(mailingId !== undefined, (query) => query.where("mail_outbox.mailing_id", "=", mailingId!))
    .execute();
  return rows.map((row) => row.to_address).sort();
}

async function errorOf(response: Response) {
  return ((await response.json()) as { error: { code: string; message: string; messageDe: string } }).error;
}

describeEachDatabase("reminders", (kind) => {
  let testApp: TestApp;
  let planner: PlannerClient;

  beforeAll(async () => {
    testApp = await createTestApp(kind);
    ({ planner } = await setUpOrganisation(testApp));
  });
  afterAll(() => testApp.close());

  describe("reminding by hand", () => {
    let surveyId: string;
    let tokens: Record<string, string>;
    const notOpened = ["nie-1@kita.de", "nie-2@kita.de"];
    const opened = "geoeffnet@kita.de";
    const drafter = "entwurf@kita.de";
    const submitter = "fertig@kita.de";
    const revoked = "zurueckgezogen@kita.de";
    const draftAnswers = { "network.sphere": "stadtteil" };

    beforeAll(async () => {
      surveyId = await openTwoQuestionSurvey(planner, "Erinnerungen");
      tokens = await inviteAndDeliver(testApp, planner, surveyId, [...notOpened, opened, drafter, submitter, revoked]);
      expect((await testApp.request("GET", `/api/r/${tokens[opened]}`)).status).toBe(200);
      expect((await testApp.request("PUT", `/api/r/${tokens[drafter]}/draft`, { answers: draftAnswers, page: 0, baseRevision: 0 })).status).toBe(200);
      expect((await testApp.request("POST", `/api/r/${tokens[submitter]}/submit`, { answers: { "network.sphere": "quartier" }, page: 0, baseRevision: 0 })).status).toBe(200);
      const invitations = await invitationsByEmail(planner, surveyId);
      await planner.json("POST", `/api/surveys/${surveyId}/invitations/${invitations[revoked].id}/revoke`);
      // One more whose invitation is only scheduled: it has not been mailed, so there is nothing to remind of.
      await planner.json("POST", `/api/surveys/${surveyId}/invitations`, {
        recipients: [{ email: "geplant@kita.de", name: "" }],
        scheduledAt: new Date(Date.now() + 3_600_000).toISOString(),
      });
    });

    it("counts who can be reminded, per audience", async () => {
      const overview = await planner.json("GET", `/api/surveys/${surveyId}/reminders`);
      expect(overview).toEqual({
        maxReminders: 3,
        closingDate: "2099-12-31",
        audience: { notOpened: 2, notStarted: 1, draft: 1, atMax: 0 },
        rules: [],
      });
    });

    it("reminds only those who never opened their link, and not twice while the reminder is still queued", async () => {
      const first = await planner.json("POST", `/api/surveys/${surveyId}/reminders`, { audience: ["not_opened"] });
      expect(first).toMatchObject({ queued: 2, ruleId: null });
      expect(first.mailingId).toEqual(expect.any(String));
      expect(await reminderAddresses(testApp, surveyId, first.mailingId)).toEqual(notOpened);

      // While their reminder is on its way they are not counted as remindable.
      expect((await planner.json("GET", `/api/surveys/${surveyId}/reminders`)).audience.notOpened).toBe(0);
      const second = await planner.json("POST", `/api/surveys/${surveyId}/reminders`, { audience: ["not_opened"] });
      expect(second).toEqual({ queued: 0, mailingId: null, ruleId: null });
      expect(await reminderAddresses(testApp, surveyId)).toEqual(notOpened);

      await testApp.mailWorker.runOnce();
      for (const address of notOpened) {
        const mails = await mailsTo(testApp, address);
        expect(mails, address).toHaveLength(2);
        expect(mails[1]!.subject).toBe("Erinnerung: Erinnerungen – Stadt Wuppertal");
        expect(mails[1]!.text).toContain("wir möchten Sie freundlich an die Umfrage „Erinnerungen“ erinnern");
        expect(tokenFromMail(mails[1]!.text)).not.toBe(tokens[address]);
      }
      for (const address of [opened, drafter, submitter, revoked]) expect(await mailsTo(testApp, address), address).toHaveLength(1);

      const invitations = await invitationsByEmail(planner, surveyId);
      for (const address of notOpened) {
        expect(invitations[address].reminderCount, address).toBe(1);
        expect(invitations[address].lastRemindedAt, address).toEqual(expect.any(String));
      }
      expect(invitations[opened]).toMatchObject({ reminderCount: 0, lastRemindedAt: null });
      const { mailings } = await planner.json("GET", `/api/surveys/${surveyId}/mailings`);
      expect(mailings[0]).toMatchObject({ id: first.mailingId, kind: "reminder", audience: ["not_opened"], total: 2, sent: 2, queued: 0 });
    });

    it("reminds drafts in the survey's reminder wording, with a fresh link to the same draft", async () => {
      await planner.json("PUT", `/api/surveys/${surveyId}/mail-templates/de/reminder`, {
        subject: "Bitte weitermachen: {{survey}}",
        body: "Hallo {{name}}, Ihr Entwurf wartet bis zum {{deadline}}.\n\n{{link}}\n\n{{organisation}}",
      });
      const result = await planner.json("POST", `/api/surveys/${surveyId}/reminders`, { audience: ["draft"] });
      expect(result.queued).toBe(1);
      expect(await reminderAddresses(testApp, surveyId, result.mailingId)).toEqual([drafter]);
      await testApp.mailWorker.runOnce();
      const mails = await mailsTo(testApp, drafter);
      expect(mails).toHaveLength(2);
      expect(mails[1]!.subject).toBe("Bitte weitermachen: Erinnerungen");
      expect(mails[1]!.text).toContain("Ihr Entwurf wartet bis zum 31.12.2099.");
      const fresh = tokenFromMail(mails[1]!.text);
      expect(fresh).not.toBe(tokens[drafter]);

      const viaReminder = (await (await testApp.request("GET", `/api/r/${fresh}`)).json()) as any;
      expect(viaReminder).toMatchObject({ status: "draft", answers: draftAnswers });
      const saved = await testApp.request("PUT", `/api/r/${fresh}/draft`, {
        answers: { ...draftAnswers, "network.founding_year": 2001 },
        page: 0,
        baseRevision: viaReminder.revision,
      });
      expect(saved.status).toBe(200);
      const viaInvitation = (await (await testApp.request("GET", `/api/r/${tokens[drafter]}`)).json()) as any;
      expect(viaInvitation.answers).toEqual({ ...draftAnswers, "network.founding_year": 2001 });
      // The invitation wording is untouched.
      expect((await planner.json("GET", `/api/surveys/${surveyId}/mail-templates`)).de.invitation.isDefault).toBe(true);
    });

    it("never reminds those who submitted, whose link is revoked, or whose invitation has not gone out", async () => {
      const result = await planner.json("POST", `/api/surveys/${surveyId}/reminders`, { audience: ["not_opened", "not_started", "draft"] });
      expect(result.queued).toBe(4);
      expect(await reminderAddresses(testApp, surveyId, result.mailingId)).toEqual([drafter, opened, ...notOpened].sort());
      await testApp.mailWorker.runOnce();
      expect(await mailsTo(testApp, submitter)).toHaveLength(1);
      expect(await mailsTo(testApp, revoked)).toHaveLength(1);
      expect(await mailsTo(testApp, "geplant@kita.de")).toHaveLength(0);
      const invitations = await invitationsByEmail(planner, surveyId);
      expect(invitations[submitter].reminderCount).toBe(0);
      expect(invitations[revoked].reminderCount).toBe(0);
      expect(invitations[drafter].reminderCount).toBe(2);
    });

    it("reminds only the chosen invitations when some are picked", async () => {
      const invitations = await invitationsByEmail(planner, surveyId);
      const result = await planner.json("POST", `/api/surveys/${surveyId}/reminders`, {
        audience: ["not_opened", "not_started", "draft"],
        invitationIds: [invitations[opened].id, invitations[submitter].id],
      });
      expect(result.queued).toBe(1);
      expect(await reminderAddresses(testApp, surveyId, result.mailingId)).toEqual([opened]);
      await testApp.mailWorker.runOnce();
      expect((await invitationsByEmail(planner, surveyId))[opened].reminderCount).toBe(2);
    });

    it("stops at the most reminders per recipient", async () => {
      // Now: nie-1 and nie-2 have 2 reminders, the drafter 2, the opened one 2.
      let overview = await planner.json("PUT", `/api/surveys/${surveyId}/reminders/settings`, { maxReminders: 2, rules: [] });
      expect(overview).toMatchObject({ maxReminders: 2, audience: { notOpened: 0, notStarted: 0, draft: 0, atMax: 4 } });
      const capped = await planner.json("POST", `/api/surveys/${surveyId}/reminders`, { audience: ["not_opened", "not_started", "draft"] });
      expect(capped).toEqual({ queued: 0, mailingId: null, ruleId: null });

      overview = await planner.json("PUT", `/api/surveys/${surveyId}/reminders/settings`, { maxReminders: 3, rules: [] });
      expect(overview.audience).toEqual({ notOpened: 2, notStarted: 1, draft: 1, atMax: 0 });
      const third = await planner.json("POST", `/api/surveys/${surveyId}/reminders`, { audience: ["not_opened"] });
      expect(third.queued).toBe(2);
      await testApp.mailWorker.runOnce();
      overview = await planner.json("GET", `/api/surveys/${surveyId}/reminders`);
      expect(overview.audience).toEqual({ notOpened: 0, notStarted: 1, draft: 1, atMax: 2 });
      const again = await planner.json("POST", `/api/surveys/${surveyId}/reminders`, { audience: ["not_opened"] });
      expect(again.queued).toBe(0);
      const invitations = await invitationsByEmail(planner, surveyId);
      for (const address of notOpened) {
        expect(invitations[address].reminderCount).toBe(3);
        expect(await mailsTo(testApp, address)).toHaveLength(4);
      }
    });

    it("sends no reminders for a survey that is not open", async () => {
      await planner.json("POST", `/api/surveys/${surveyId}/close`);
      const response = await planner.request("POST", `/api/surveys/${surveyId}/reminders`, { audience: ["draft"] });
      expect(response.status).toBe(409);
      expect((await errorOf(response)).code).toBe("survey_not_open");
    });
  });

  describe("planned reminders", () => {
    it("runs the overdue 'n days before' rule once and leaves the later one for its day", async () => {
      const surveyId = await openTwoQuestionSurvey(planner, "Frist in fünf Tagen", berlinDatePlus(5));
      await inviteAndDeliver(testApp, planner, surveyId, ["plan-1@kita.de", "plan-2@kita.de"]);
      const saved = await planner.json("PUT", `/api/surveys/${surveyId}/reminders/settings`, {
        maxReminders: 3,
        rules: [
          { daysBefore: 2, audience: ["not_opened", "draft"] },
          { daysBefore: 7, audience: ["not_opened"] },
        ],
      });
      expect(saved.rules).toEqual([
        { id: expect.any(String), daysBefore: 7, runAt: null, audience: ["not_opened"], doneAt: null, mailingId: null },
        { id: expect.any(String), daysBefore: 2, runAt: null, audience: ["not_opened", "draft"], doneAt: null, mailingId: null },
      ]);

      expect(await runDueReminders(testApp.database.db)).toBe(2);
      expect(await reminderAddresses(testApp, surveyId)).toEqual(["plan-1@kita.de", "plan-2@kita.de"]);
      const overview = await planner.json("GET", `/api/surveys/${surveyId}/reminders`);
      const sevenDays = overview.rules.find((rule: { daysBefore: number }) => rule.daysBefore === 7);
      const twoDays = overview.rules.find((rule: { daysBefore: number }) => rule.daysBefore === 2);
      expect(sevenDays.doneAt).toEqual(expect.any(String));
      expect(sevenDays.mailingId).toEqual(expect.any(String));
      expect(twoDays).toMatchObject({ doneAt: null, mailingId: null });

      expect(await runDueReminders(testApp.database.db)).toBe(0);
      await testApp.mailWorker.runOnce();
      expect(await runDueReminders(testApp.database.db)).toBe(0);
      for (const address of ["plan-1@kita.de", "plan-2@kita.de"]) {
        const mails = await mailsTo(testApp, address);
        expect(mails, address).toHaveLength(2);
        expect(mails[1]!.subject).toBe("Erinnerung: Frist in fünf Tagen – Stadt Wuppertal");
        const [year, month, day] = berlinDatePlus(5).split("-");
        expect(mails[1]!.text).toContain(`bis zum ${day}.${month}.${year}`);
        expect(mails[1]!.text).toContain("Anna Admin");
        expect(tokenFromMail(mails[1]!.text)).not.toBe(tokenFromMail(mails[0]!.text));
      }
      const { mailings } = await planner.json("GET", `/api/surveys/${surveyId}/mailings`);
      expect(mailings[0]).toMatchObject({ id: sevenDays.mailingId, kind: "reminder", audience: ["not_opened"], createdBy: "Anna Admin", sent: 2 });

      // Saving the same settings again (say, to change the most reminders) must not send the 7-day reminder a second time.
      await planner.json("PUT", `/api/surveys/${surveyId}/reminders/settings`, {
        maxReminders: 2,
        rules: [
          { daysBefore: 7, audience: ["not_opened"] },
          { daysBefore: 2, audience: ["not_opened", "draft"] },
        ],
      });
      expect((await planner.json("GET", `/api/surveys/${surveyId}/reminders`)).audience).toMatchObject({ notOpened: 2, atMax: 0 });
      expect(await runDueReminders(testApp.database.db)).toBe(0);
      expect(await reminderAddresses(testApp, surveyId)).toEqual(["plan-1@kita.de", "plan-2@kita.de"]);

      // Moved to a later closing date, the 7-day reminder is planned anew, for its new day.
      await planner.json("PATCH", `/api/surveys/${surveyId}`, { closingDate: berlinDatePlus(12) });
      const replanned = await planner.json("PUT", `/api/surveys/${surveyId}/reminders/settings`, {
        maxReminders: 2,
        rules: [{ daysBefore: 7, audience: ["not_opened"] }],
      });
      expect(replanned.rules.filter((rule: { daysBefore: number; doneAt: string | null }) => rule.daysBefore === 7 && rule.doneAt === null)).toHaveLength(1);
      expect(await runDueReminders(testApp.database.db)).toBe(0);

      // The reminder's link works.
      const [, reminder] = await mailsTo(testApp, "plan-1@kita.de");
      expect((await testApp.request("GET", `/api/r/${tokenFromMail(reminder!.text)}`)).status).toBe(200);
    });

    it("queues a due rule only once when two schedulers run at the same time", async () => {
      const surveyId = await openTwoQuestionSurvey(planner, "Zwei Prozesse", berlinDatePlus(5));
      await inviteAndDeliver(testApp, planner, surveyId, ["parallel-1@kita.de", "parallel-2@kita.de", "parallel-3@kita.de"]);
      await planner.json("PUT", `/api/surveys/${surveyId}/reminders/settings`, { maxReminders: 3, rules: [{ daysBefore: 7, audience: ["not_opened"] }] });
      const results = await Promise.all([runDueReminders(testApp.database.db), runDueReminders(testApp.database.db)]);
      expect(results[0]! + results[1]!).toBe(3);
      expect(await reminderAddresses(testApp, surveyId)).toEqual(["parallel-1@kita.de", "parallel-2@kita.de", "parallel-3@kita.de"]);
      const mailings = await testApp.database.db.selectFrom("mailings").select("id").where("survey_id", "=", surveyId).where("kind", "=", "reminder").execute();
      expect(mailings).toHaveLength(1);
    });

    it("runs a reminder planned for a set time once that time has come", async () => {
      const surveyId = await openTwoQuestionSurvey(planner, "Geplante Erinnerung");
      await inviteAndDeliver(testApp, planner, surveyId, ["termin-1@kita.de", "termin-2@kita.de"]);
      const scheduledAt = new Date(Date.now() + 2 * 3_600_000).toISOString();
      const planned = await planner.json("POST", `/api/surveys/${surveyId}/reminders`, { audience: ["not_opened"], scheduledAt });
      expect(planned).toMatchObject({ queued: 0, mailingId: null });
      expect(planned.ruleId).toEqual(expect.any(String));
      let overview = await planner.json("GET", `/api/surveys/${surveyId}/reminders`);
      expect(overview.rules).toHaveLength(1);
      expect(overview.rules[0]).toMatchObject({ id: planned.ruleId, daysBefore: null, audience: ["not_opened"], doneAt: null });
      expect(new Date(overview.rules[0].runAt).getTime()).toBe(new Date(scheduledAt).getTime());

      await runDueReminders(testApp.database.db);
      expect(await reminderAddresses(testApp, surveyId)).toEqual([]);

      // Meanwhile one recipient opens the link: the audience is decided when the reminder runs.
      const [invitationMail] = await mailsTo(testApp, "termin-2@kita.de");
      await testApp.request("GET", `/api/r/${tokenFromMail(invitationMail!.text)}`);

      await testApp.database.db.updateTable("reminder_rules").set({ run_at: sql<Date>`now() - interval '1 minute'` }).where("id", "=", planned.ruleId).execute();
      await runDueReminders(testApp.database.db);
      expect(await reminderAddresses(testApp, surveyId)).toEqual(["termin-1@kita.de"]);
      overview = await planner.json("GET", `/api/surveys/${surveyId}/reminders`);
      expect(overview.rules[0].doneAt).toEqual(expect.any(String));
      expect(overview.rules[0].mailingId).toEqual(expect.any(String));
      await testApp.mailWorker.runOnce();
      const mails = await mailsTo(testApp, "termin-1@kita.de");
      expect(mails).toHaveLength(2);
      expect(mails[1]!.text).toMatch(/http:\/\/kanon\.test\/r\/[A-Za-z0-9_-]{20,}/);
      expect((await testApp.request("GET", `/api/r/${tokenFromMail(mails[1]!.text)}`)).status).toBe(200);
    });

    it("marks the rule of a closed or ended survey done without sending", async () => {
      const closed = await openTwoQuestionSurvey(planner, "Geschlossen");
      await inviteAndDeliver(testApp, planner, closed, ["geschlossen@kita.de"]);
      const { ruleId } = await planner.json("POST", `/api/surveys/${closed}/reminders`, {
        audience: ["not_opened"],
        scheduledAt: new Date(Date.now() + 3_600_000).toISOString(),
      });
      await planner.json("POST", `/api/surveys/${closed}/close`);
      await testApp.database.db.updateTable("reminder_rules").set({ run_at: new Date(Date.now() - 60_000) }).where("id", "=", ruleId).execute();

      const ended = await openTwoQuestionSurvey(planner, "Abgelaufen", berlinDatePlus(3));
      await inviteAndDeliver(testApp, planner, ended, ["abgelaufen@kita.de"]);
      await planner.json("PUT", `/api/surveys/${ended}/reminders/settings`, { maxReminders: 3, rules: [{ daysBefore: 0, audience: ["not_opened"] }] });
      await testApp.database.db.updateTable("surveys").set({ closing_date: berlinDatePlus(-1) }).where("id", "=", ended).execute();

      expect(await runDueReminders(testApp.database.db)).toBe(0);
      for (const surveyId of [closed, ended]) {
        const rules = await testApp.database.db.selectFrom("reminder_rules").select(["done_at", "mailing_id"]).where("survey_id", "=", surveyId).execute();
        expect(rules).toHaveLength(1);
        expect(rules[0]!.done_at).toBeInstanceOf(Date);
        expect(rules[0]!.mailing_id).toBeNull();
        expect(await reminderAddresses(testApp, surveyId)).toEqual([]);
      }
      await testApp.mailWorker.runOnce();
      expect(await mailsTo(testApp, "geschlossen@kita.de")).toHaveLength(1);
      expect(await mailsTo(testApp, "abgelaufen@kita.de")).toHaveLength(1);
    });

    it("drops a planned reminder that has not run yet, and only that", async () => {
      const surveyId = await openTwoQuestionSurvey(planner, "Abgesagt");
      await inviteAndDeliver(testApp, planner, surveyId, ["abgesagt@kita.de"]);
      const later = new Date(Date.now() + 3_600_000).toISOString();
      const { ruleId } = await planner.json("POST", `/api/surveys/${surveyId}/reminders`, { audience: ["not_opened"], scheduledAt: later });
      const { ruleId: keptId } = await planner.json("POST", `/api/surveys/${surveyId}/reminders`, { audience: ["draft"], scheduledAt: later });
      const overview = await planner.json("DELETE", `/api/surveys/${surveyId}/reminders/rules/${ruleId}`);
      expect(overview.rules.map((rule: { id: string }) => rule.id)).toEqual([keptId]);
      const again = await planner.request("DELETE", `/api/surveys/${surveyId}/reminders/rules/${ruleId}`);
      expect(again.status).toBe(404);
      expect((await errorOf(again)).code).toBe("reminder_rule_not_found");

      await testApp.database.db.updateTable("reminder_rules").set({ run_at: new Date(Date.now() - 60_000) }).where("survey_id", "=", surveyId).execute();
      await runDueReminders(testApp.database.db);
      // The deleted not_opened rule would have reminded; the kept draft rule has nobody to remind.
      expect(await reminderAddresses(testApp, surveyId)).toEqual([]);
      const done = await planner.request("DELETE", `/api/surveys/${surveyId}/reminders/rules/${keptId}`);
      expect(done.status).toBe(404);
    });
  });

  describe("another organisation and malformed requests", () => {
    let surveyA: string;
    let ruleA: string;
    let invitationA: string;
    let other: PlannerClient;
    let surveyB: string;

    beforeAll(async () => {
      surveyA = await openTwoQuestionSurvey(planner, "Wuppertaler Erinnerung");
      await inviteAndDeliver(testApp, planner, surveyA, ["mandant@kita.de"]);
      invitationA = Object.values(await invitationsByEmail(planner, surveyA))[0].id;
      ({ ruleId: ruleA } = await planner.json("POST", `/api/surveys/${surveyA}/reminders`, {
        audience: ["not_opened"],
        scheduledAt: new Date(Date.now() + 3_600_000).toISOString(),
      }));
      ({ planner: other } = await addOrganisation(testApp, "Stadt Dortmund"));
      surveyB = await openTwoQuestionSurvey(other, "Dortmunder Erinnerung");
    });

    it("does not let another organisation see, send or change A's reminders", async () => {
      const attempts: [string, string, unknown?][] = [
        ["GET", `/api/surveys/${surveyA}/reminders`],
        ["POST", `/api/surveys/${surveyA}/reminders`, { audience: ["not_opened"] }],
        ["PUT", `/api/surveys/${surveyA}/reminders/settings`, { maxReminders: 9, rules: [] }],
        ["DELETE", `/api/surveys/${surveyA}/reminders/rules/${ruleA}`],
        ["DELETE", `/api/surveys/${surveyB}/reminders/rules/${ruleA}`],
        ["PUT", `/api/surveys/${surveyA}/mail-templates/de/reminder`, { subject: "x", body: "{{link}}" }],
      ];
      for (const [method, path, body] of attempts) {
        const response = await other.request(method, path, body);
        expect(response.status, `${method} ${path}`).toBe(404);
      }
      const picked = await other.json("POST", `/api/surveys/${surveyB}/reminders`, { audience: ["not_opened"], invitationIds: [invitationA] });
      expect(picked).toEqual({ queued: 0, mailingId: null, ruleId: null });
      expect(await reminderAddresses(testApp, surveyA)).toEqual([]);
      const overview = await planner.json("GET", `/api/surveys/${surveyA}/reminders`);
      expect(overview).toMatchObject({ maxReminders: 3, rules: [{ id: ruleA, doneAt: null }] });
      expect((await planner.json("GET", `/api/surveys/${surveyA}/mail-templates`)).de.reminder.isDefault).toBe(true);
    });

    it("answers malformed reminder requests with 400 and a message, never 500", async () => {
      const base = `/api/surveys/${surveyA}`;
      const cases: [string, string, unknown, string?][] = [
        ["POST", `${base}/reminders`, { audience: [] }],
        ["POST", `${base}/reminders`, {}],
        ["POST", `${base}/reminders`, { audience: "draft" }],
        ["POST", `${base}/reminders`, { audience: ["alle"] }],
        ["POST", `${base}/reminders`, { audience: ["draft"], scheduledAt: "bald" }],
        ["POST", `${base}/reminders`, { audience: ["draft"], scheduledAt: 1_700_000_000 }],
        ["POST", `${base}/reminders`, { audience: ["draft"], invitationIds: ["keine-uuid"] }],
        ["POST", `${base}/reminders`, "{ kaputt", "malformed_request"],
        ["PUT", `${base}/reminders/settings`, { maxReminders: "3", rules: [] }],
        ["PUT", `${base}/reminders/settings`, { maxReminders: 11, rules: [] }],
        ["PUT", `${base}/reminders/settings`, { maxReminders: 1.5, rules: [] }],
        ["PUT", `${base}/reminders/settings`, { maxReminders: 2 }],
        ["PUT", `${base}/reminders/settings`, { maxReminders: 2, rules: [{ daysBefore: -1, audience: ["draft"] }] }],
        ["PUT", `${base}/reminders/settings`, { maxReminders: 2, rules: [{ daysBefore: 91, audience: ["draft"] }] }],
        ["PUT", `${base}/reminders/settings`, { maxReminders: 2, rules: [{ daysBefore: 3, audience: [] }] }],
        [
          "PUT",
          `${base}/reminders/settings`,
          { maxReminders: 2, rules: [{ daysBefore: 3, audience: ["draft"] }, { daysBefore: 3, audience: ["not_opened"] }] },
          "duplicate_reminder_day",
        ],
        ["DELETE", `${base}/reminders/rules/keine-uuid`, undefined],
        ["GET", `/api/surveys/keine-uuid/reminders`, undefined],
      ];
      for (const [method, path, body, code] of cases) {
        const response = await planner.request(method, path, body);
        const label = `${method} ${path} ${JSON.stringify(body)}`;
        expect(response.status, label).toBe(400);
        const error = await errorOf(response);
        expect(error.code, label).toBe(code ?? "invalid_request");
        expect(error.message.length, label).toBeGreaterThan(0);
        expect(error.messageDe.length, label).toBeGreaterThan(0);
      }
      // Nothing changed.
      const overview = await planner.json("GET", `/api/surveys/${surveyA}/reminders`);
      expect(overview).toMatchObject({ maxReminders: 3, rules: [{ id: ruleA }] });
      expect(await reminderAddresses(testApp, surveyA)).toEqual([]);
    });
  });
});
