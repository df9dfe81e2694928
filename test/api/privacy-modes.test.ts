import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { releaseAllPseudonymousAnswers } from "../../server/respond/release-pseudonymous-answers.ts";
import { describeEachDatabase } from "../support/databases.ts";
import { createTestApp, setUpOrganisation, type PlannerClient, type TestApp } from "../support/test-app.ts";
import { invitationIds, invite, openSurvey, submitAnswers, TWO_QUESTIONS } from "../support/scenes.ts";

describeEachDatabase("privacy modes", (kind) => {
  let testApp: TestApp;
  let planner: PlannerClient;

  beforeAll(async () => {
    testApp = await createTestApp(kind);
    ({ planner } = await setUpOrganisation(testApp));
  });
  afterAll(() => testApp.close());

  async function surveyWith(privacyMode: "identified" | "pseudonymous" | "anonymous", addresses: string[]) {
    const id = await openSurvey(planner, { title: `Umfrage ${privacyMode}`, items: TWO_QUESTIONS, privacyMode });
    const links = await invite(testApp, planner, id, addresses);
    const tokens = Object.fromEntries(addresses.map((address) => [address, links[address]!]));
    return { id, tokens, invitationIds: await invitationIds(planner, id) };
  }

  describe("setting the mode", () => {
    it("is identified by default, can be changed while the survey is a draft, and is fixed once it is open", async () => {
      const { id } = await planner.json("POST", "/api/surveys", { title: "Modus" }, 201);
      expect((await planner.json("GET", `/api/surveys/${id}`)).privacyMode).toBe("identified");
      await planner.json("PATCH", `/api/surveys/${id}`, { allowEditAfterSubmit: true });
      const anonymous = await planner.json("PATCH", `/api/surveys/${id}`, { privacyMode: "anonymous" });
      // Anonymous answers cannot be opened again, so editing after submit is switched off ...
      expect(anonymous).toMatchObject({ privacyMode: "anonymous", allowEditAfterSubmit: false });
      // ... and cannot be switched back on.
      const refused = await planner.request("PATCH", `/api/surveys/${id}`, { allowEditAfterSubmit: true });
      expect(refused.status).toBe(409);
      expect(((await refused.json()) as any).error.code).toBe("anonymous_cannot_edit");

      await planner.json("PATCH", `/api/surveys/${id}`, { items: [{ itemId: "network.sphere", version: 1 }] });
      await planner.json("POST", `/api/surveys/${id}/open`);
      const fixed = await planner.request("PATCH", `/api/surveys/${id}`, { privacyMode: "identified" });
      expect(fixed.status).toBe(409);
      expect(((await fixed.json()) as any).error.code).toBe("privacy_mode_fixed");
      expect((await planner.json("GET", `/api/surveys/${id}`)).privacyMode).toBe("anonymous");
      // A copy (the next wave) is asked the same way.
      const { id: copy } = await planner.json("POST", `/api/surveys/${id}/duplicate`, {}, 201);
      expect((await planner.json("GET", `/api/surveys/${copy}`)).privacyMode).toBe("anonymous");
    });

    it("refuses an unknown mode with 400", async () => {
      const { id } = await planner.json("POST", "/api/surveys", { title: "Falsch" }, 201);
      expect((await planner.request("PATCH", `/api/surveys/${id}`, { privacyMode: "geheim" })).status).toBe(400);
    });
  });

  describe("anonymous", () => {
    let survey: Awaited<ReturnType<typeof surveyWith>>;
    const db = () => testApp.database.db;

    beforeAll(async () => {
      survey = await surveyWith("anonymous", ["a@netz.de", "b@netz.de", "c@netz.de"]);
    });

    it("tells respondents before they start", async () => {
      const view = (await (await testApp.request("GET", `/api/r/${survey.tokens["a@netz.de"]}`)).json()) as any;
      expect(view).toMatchObject({ privacyMode: "anonymous", anonymousSubmitted: false, status: "draft" });
      expect(view.privacyModeSentence.de).toContain("erst zusammen mit");
    });

    it("keeps a draft linked (so the respondent can come back), and on submit holds the answers apart from the invitation", async () => {
      const token = survey.tokens["a@netz.de"]!;
      const draft = await testApp.request("PUT", `/api/r/${token}/draft`, { answers: { "network.sphere": "stadtteil" }, page: 0, baseRevision: 0 }, { "user-agent": "Mozilla/5.0 (Windows NT 10.0) Firefox/128.0" });
      expect(draft.status).toBe(200);
      expect(((await (await testApp.request("GET", `/api/r/${token}`)).json()) as any).answers).toEqual({ "network.sphere": "stadtteil" });

      const submit = await testApp.request("POST", `/api/r/${token}/submit`, { answers: { "network.sphere": "quartier", "network.founding_year": 2004 }, page: 0, baseRevision: 1 });
      expect(submit.status).toBe(200);
      expect(await submit.json()).toMatchObject({ status: "submitted", revision: 2 });

      // The linked draft is gone; the answers wait without invitation, device or time.
      expect(await db().selectFrom("responses").selectAll().where("survey_id", "=", survey.id).execute()).toEqual([]);
      const pending = await db().selectFrom("pending_anonymous_answers").selectAll().where("survey_id", "=", survey.id).execute();
      expect(pending).toHaveLength(1);
      expect(Object.keys(pending[0]!).sort()).toEqual(["answers", "id", "organisation_id", "survey_id"]);
      expect(pending[0]!.answers).toEqual({ "network.sphere": "quartier", "network.founding_year": 2004 });
      expect(await db().selectFrom("response_submissions").selectAll().execute()).toEqual([]);
      const invitation = await db().selectFrom("invitations").selectAll().where("id", "=", survey.invitationIds["a@netz.de"]!).executeTakeFirstOrThrow();
      expect(invitation.anonymous_submitted).toBe(true);
    });

    it("shows the link as submitted without the answers or a time, and takes no further saves", async () => {
      const token = survey.tokens["a@netz.de"]!;
      const view = (await (await testApp.request("GET", `/api/r/${token}`)).json()) as any;
      expect(view).toMatchObject({ status: "submitted", anonymousSubmitted: true, canEdit: false, answers: {}, submittedAt: null });
      const again = await testApp.request("PUT", `/api/r/${token}/draft`, { answers: { "network.sphere": "stadt" }, page: 0, baseRevision: 0 });
      expect(again.status).toBe(409);
      expect(((await again.json()) as any).error.code).toBe("already_submitted");
      const resubmit = await testApp.request("POST", `/api/r/${token}/submit`, { answers: { "network.sphere": "stadt" }, page: 0, baseRevision: 0 });
      expect(resubmit.status).toBe(409);
      expect(await db().selectFrom("responses").select("id").where("survey_id", "=", survey.id).execute()).toHaveLength(0);
      expect(await db().selectFrom("pending_anonymous_answers").select("id").where("survey_id", "=", survey.id).execute()).toHaveLength(1);
    });

    it("counts the recipient as submitted without a time, never reminds them, and shows the planner no single answers", async () => {
      const { invitations, counts } = await planner.json("GET", `/api/surveys/${survey.id}/invitations`);
      expect(invitations.find((invitation: { email: string }) => invitation.email === "a@netz.de")).toMatchObject({ status: "submitted", submittedAt: null });
      expect(counts.submitted).toBe(1);
      const reminded = await planner.json("POST", `/api/surveys/${survey.id}/reminders`, { audience: ["not_opened", "not_started", "draft"] });
      expect(reminded.queued).toBe(2);
      const reminderRecipients = await db().selectFrom("mail_outbox").select("to_address").where("mailing_id", "=", reminded.mailingId).execute();
      expect(reminderRecipients.map((row) => row.to_address).sort()).toEqual(["b@netz.de", "c@netz.de"]);
      const view = await planner.request("GET", `/api/surveys/${survey.id}/invitations/${survey.invitationIds["a@netz.de"]}/response`);
      expect(view.status).toBe(403);
      expect(((await view.json()) as any).error.code).toBe("answers_only_aggregated");
      // Not in the results yet: one answer waits for its batch, and the planner is told so.
      const results = await planner.json("GET", `/api/surveys/${survey.id}/results`);
      expect(results).toMatchObject({ protection: { mode: "anonymous", k: 5 }, respondents: 0 });
      expect(results.pendingRelease).toEqual({ answers: 1, batchSize: 5 });
      expect(results.counts.submitted).toBe(1);
    });

    it("releases the answers together once the organisation's smallest shown group is reached", async () => {
      await planner.json("PATCH", "/api/organisation", { minCellSize: 3 });
      // Lowering k to 3 releases nothing while one answer waits.
      expect(await db().selectFrom("pending_anonymous_answers").select("id").where("survey_id", "=", survey.id).execute()).toHaveLength(1);
      await testApp.request("POST", `/api/r/${survey.tokens["b@netz.de"]}/submit`, { answers: { "network.sphere": "stadtteil" }, page: 0, baseRevision: 0 });
      expect((await planner.json("GET", `/api/surveys/${survey.id}/results`)).pendingRelease).toEqual({ answers: 2, batchSize: 3 });
      await testApp.request("POST", `/api/r/${survey.tokens["c@netz.de"]}/submit`, { answers: { "network.sphere": "stadt" }, page: 0, baseRevision: 0 });

      expect(await db().selectFrom("pending_anonymous_answers").select("id").where("survey_id", "=", survey.id).execute()).toEqual([]);
      const rows = await db().selectFrom("responses").selectAll().where("survey_id", "=", survey.id).execute();
      expect(rows).toHaveLength(3);
      const opened = await db().selectFrom("surveys").select("opened_at").where("id", "=", survey.id).executeTakeFirstOrThrow();
      for (const row of rows) {
        expect(row).toMatchObject({ invitation_id: null, status: "submitted", last_device: "", answer_revisions: {}, revision: 1, current_page: 0 });
        // Not even the moment of submission ties the answers to a recipient.
        for (const moment of [row.created_at, row.updated_at, row.submitted_at!]) expect(moment.getTime()).toBe(opened.opened_at!.getTime());
      }
      const results = await planner.json("GET", `/api/surveys/${survey.id}/results`);
      expect(results.respondents).toBe(3);
      expect(results.pendingRelease).toBeUndefined();
      const sphere = results.questions.find((question: { name: string }) => question.name === "network.sphere");
      // Released, and counted: one answer per option, each below k, so each withheld.
      expect(sphere.n).toBe(3);
      expect(sphere.options.find((option: { value: string }) => option.value === "quartier")).toMatchObject({ count: null, suppressed: true });
      await planner.json("PATCH", "/api/organisation", { minCellSize: 5 });
    });
  });

  describe("pseudonymous and identified", () => {
    it("pseudonymous: the planner sees who took part, but no single answers", async () => {
      const survey = await surveyWith("pseudonymous", ["p@netz.de"]);
      const token = survey.tokens["p@netz.de"]!;
      expect(((await (await testApp.request("GET", `/api/r/${token}`)).json()) as any).privacyMode).toBe("pseudonymous");
      await testApp.request("POST", `/api/r/${token}/submit`, { answers: { "network.sphere": "quartier" }, page: 0, baseRevision: 0 });
      const { invitations } = await planner.json("GET", `/api/surveys/${survey.id}/invitations`);
      expect(invitations[0]).toMatchObject({ email: "p@netz.de", status: "submitted" });
      expect((await planner.request("GET", `/api/surveys/${survey.id}/invitations/${survey.invitationIds["p@netz.de"]}/response`)).status).toBe(403);
      // The response stays linked: the respondent can still see what they sent.
      expect(((await (await testApp.request("GET", `/api/r/${token}`)).json()) as any).answers).toEqual({ "network.sphere": "quartier" });
    });

    it("pseudonymous: results move only in batches of k submissions, so one institution's submission or change shows nowhere", async () => {
      await planner.json("PATCH", "/api/organisation", { minCellSize: 3 });
      const addresses = ["q1@netz.de", "q2@netz.de", "q3@netz.de", "q4@netz.de"];
      const survey = await surveyWith("pseudonymous", addresses);
      const submit = (address: string, sphere: string) =>
        testApp.request("POST", `/api/r/${survey.tokens[address]}/submit`, { answers: { "network.sphere": sphere }, page: 0, baseRevision: 0 });
      /** Everything a planner reads of the answers: results, one breakdown, the summary export. */
      const planned = async () => ({
        results: await planner.json("GET", `/api/surveys/${survey.id}/results`),
        grouped: await planner.json("POST", `/api/surveys/${survey.id}/results/query`, { groupBy: { question: "network.sphere" } }),
        summary: await (await planner.request("GET", `/api/surveys/${survey.id}/export/summary`)).text(),
      });
      const withoutPending = ({ results, grouped, summary }: Awaited<ReturnType<typeof planned>>) => ({
        results: { ...results, counts: undefined, pendingRelease: undefined },
        grouped: { ...grouped, counts: undefined, pendingRelease: undefined },
        summary,
      });
      const before = withoutPending(await planned());
      expect((await submit("q1@netz.de", "quartier")).status).toBe(200);
      expect(withoutPending(await planned())).toEqual(before);
      expect((await submit("q2@netz.de", "quartier")).status).toBe(200);
      const waiting = await planned();
      expect(waiting.results.pendingRelease).toEqual({ answers: 2, batchSize: 3 });
      expect(withoutPending(waiting)).toEqual(before);
      // The third makes a batch: all three count at once.
      expect((await submit("q3@netz.de", "quartier")).status).toBe(200);
      const released = await planned();
      expect(released.results.respondents).toBe(3);
      expect(released.results.pendingRelease).toBeUndefined();
      const sphere = released.results.questions.find((question: { name: string }) => question.name === "network.sphere");
      expect(sphere.options.find((option: { value: string }) => option.value === "quartier").count).toBe(3);
      // A fourth alone changes nothing the planner reads.
      expect((await submit("q4@netz.de", "stadt")).status).toBe(200);
      const after = await planned();
      expect(after.results.pendingRelease).toEqual({ answers: 1, batchSize: 3 });
      expect(withoutPending(after)).toEqual(withoutPending(released));
      await planner.json("PATCH", "/api/organisation", { minCellSize: 5 });
    });

    it("pseudonymous: breakdowns use the groups released with the answers, so moving one institution to another district shows nowhere", async () => {
      await planner.json("PATCH", "/api/organisation", { minCellSize: 3 });
      const north = (await planner.json("POST", "/api/directory/districts", { name: "Nord" }, 201)).id;
      const south = (await planner.json("POST", "/api/directory/districts", { name: "Süd" }, 201)).id;
      const entries: { id: string; email: string }[] = [];
      for (const [index, districtId] of [north, north, north, south, south, south].entries()) {
        const email = `kita${index}@bezirke.de`;
        entries.push({ id: (await planner.json("POST", "/api/directory/entries", { kind: "institution", name: `Kita ${index}`, districtId, emails: [email] }, 201)).id, email });
      }
      const id = await openSurvey(planner, { title: "Umfrage nach Bezirken", items: ["network.sphere"], privacyMode: "pseudonymous" });
      const tokens = await invite(testApp, planner, id, { directoryEntryIds: entries.map((entry) => entry.id) });
      // North answers "quartier", south "stadt": each district's row tells its institutions' answers.
      for (const [index, entry] of entries.entries()) await submitAnswers(testApp, tokens[entry.email]!, { "network.sphere": index < 3 ? "quartier" : "stadt" });
      const byDistrict = async () => {
        const { pendingRelease, counts: _counts, ...shown } = await planner.json("POST", `/api/surveys/${id}/results/query`, { groupBy: { recipient: "district" } });
        const north_ = await planner.json("POST", `/api/surveys/${id}/results/query`, { filter: { recipients: { districtIds: [north] } } });
        return { shown, north: { ...north_, counts: undefined, pendingRelease: undefined }, pendingRelease };
      };
      const before = await byDistrict();
      expect(before.pendingRelease).toBeUndefined();
      const northRow = before.shown.questions[0].groups.find((group: { key: string }) => group.key === north);
      expect(northRow.options.find((option: { value: string }) => option.value === "quartier").count).toBe(3);

      // The planner moves Kita 0 to the south: comparing would show its answer, so nothing moves yet.
      await planner.json("PATCH", `/api/directory/entries/${entries[0]!.id}`, { districtId: south });
      const after = await byDistrict();
      expect(after.pendingRelease).toEqual({ answers: 1, batchSize: 3 });
      expect({ ...after, pendingRelease: undefined }).toEqual({ ...before, pendingRelease: undefined });
      // With k changes together, the batch goes out (the releaser's next round).
      await planner.json("PATCH", `/api/directory/entries/${entries[1]!.id}`, { districtId: south });
      await planner.json("PATCH", `/api/directory/entries/${entries[2]!.id}`, { districtId: south });
      expect(await releaseAllPseudonymousAnswers(testApp.database.db)).toBe(3);
      const moved = await byDistrict();
      expect(moved.pendingRelease).toBeUndefined();
      const southRow = moved.shown.questions[0].groups.find((group: { key: string }) => group.key === south);
      expect(southRow.n).toBe(6);
      await planner.json("PATCH", "/api/organisation", { minCellSize: 5 });
    });

    it("identified: the planner sees the answers", async () => {
      const survey = await surveyWith("identified", ["i@netz.de"]);
      await testApp.request("POST", `/api/r/${survey.tokens["i@netz.de"]}/submit`, { answers: { "network.sphere": "quartier" }, page: 0, baseRevision: 0 });
      const view = await planner.json("GET", `/api/surveys/${survey.id}/invitations/${survey.invitationIds["i@netz.de"]}/response`);
      expect(view.current.answers).toEqual({ "network.sphere": "quartier" });
    });
  });
});
