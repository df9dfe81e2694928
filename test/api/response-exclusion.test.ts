import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { releaseAllPseudonymousAnswers } from "../../server/respond/release-pseudonymous-answers.ts";
import { describeEachDatabase } from "../support/databases.ts";
import { releaseSeededAnswers } from "../support/released-answers.ts";
import { addOrganisation, createTestApp, setUpOrganisation, type PlannerClient, type TestApp } from "../support/test-app.ts";

/**
 * Excluding, including and deleting a single response: an excluded response counts in no
 * result, grouped result, trend, gap matrix, summary or row export or network view, and counts
 * again once included; a deleted one is gone and its invitation says so; every step is audited
 * without answers; pseudonymous and anonymous surveys refuse what would break their promise.
 */

type Json = Record<string, any>;

const ITEMS = ["network.sphere", "actor.district", "actor.offers"].map((itemId) => ({ itemId, version: 1 }));
const SECRET = "Nur-für-die-Planung";

describeEachDatabase("excluding and deleting a single response", (kind) => {
  let testApp: TestApp;
  let planner: PlannerClient;
  let surveyId = "";
  let networkId = "";
  const invitationOf: Record<string, string> = {};
  const entryIds: string[] = [];

  async function openSurvey(title: string, privacyMode: "identified" | "pseudonymous" | "anonymous") {
    const { id } = await planner.json("POST", "/api/surveys", { title }, 201);
    await planner.json("PATCH", `/api/surveys/${id}`, { items: ITEMS, privacyMode });
    await planner.json("POST", `/api/surveys/${id}/open`);
    return id as string;
  }

  /** Invites the directory entries and stores their submitted answers directly; invitation ids by entry id. */
  async function respond(survey: string, answers: Json[]) {
    await planner.json("POST", `/api/surveys/${survey}/invitations`, { directoryEntryIds: entryIds.slice(0, answers.length) });
    const rows = await testApp.database.db.selectFrom("invitations").select(["id", "directory_entry_id"]).where("survey_id", "=", survey).execute();
    const byEntry = Object.fromEntries(rows.map((row) => [row.directory_entry_id!, row.id]));
    await testApp.database.db
      .insertInto("responses")
      .values(
        answers.map((document, index) => ({
          organisation_id: planner.organisationId,
          survey_id: survey,
          invitation_id: byEntry[entryIds[index]!]!,
          answers: JSON.stringify(document),
          status: "submitted" as const,
          submitted_at: new Date(),
        })),
      )
      .execute();
    await releaseSeededAnswers(testApp.database.db);
    return entryIds.slice(0, answers.length).map((entry) => byEntry[entry]!);
  }

  const offer = (name: string, phases: string[]) => ({ offer_name: name, offer_type: "beratung", life_phases: phases, place: "zuhause" });
  const base = `/api/surveys`;
  const exclusion = (survey: string, invitation: string) => `${base}/${survey}/invitations/${invitation}/response/exclusion`;
  const responsePath = (survey: string, invitation: string) => `${base}/${survey}/invitations/${invitation}/response`;

  /** Every figure an excluded response must leave. */
  async function figures() {
    const results = await planner.json("POST", `${base}/${surveyId}/results/query`, {});
    const grouped = await planner.json("POST", `${base}/${surveyId}/results/query`, { groupBy: { recipient: "district" } });
    const trend = await planner.json("GET", `${base}/${surveyId}/trend`);
    const gaps = await planner.json("GET", `${base}/${surveyId}/gap-matrix`);
    const summary = await (await planner.request("GET", `${base}/${surveyId}/export/summary`)).text();
    const rows = await planner.request("GET", `${base}/${surveyId}/export/responses?format=csv`);
    const rowsText = await rows.text();
    const info = await planner.json("GET", `${base}/${surveyId}/export/info`);
    const shared = (await (await testApp.request("GET", `/api/n/${networkLink.split("/n/")[1]}`)).json()) as Json;
    const sphere = results.questions.find((question: Json) => question.name === "network.sphere");
    return {
      respondents: results.respondents,
      kreisweit: sphere.options.find((option: Json) => option.value === "kreisweit")?.count ?? 0,
      groupSizes: grouped.groups.map((group: Json) => group.n),
      trendRespondents: trend.waves.map((wave: Json) => wave.respondents),
      gapOffers: gaps.totals.offers,
      gapRespondents: gaps.totals.respondents,
      summary,
      exportRows: Number(rows.headers.get("X-Total-Rows")),
      rowsHaveKreisweit: /kreisweit/i.test(rowsText),
      exportSubmitted: info.submitted,
      exportExcluded: info.excluded,
      networkRespondents: shared.results.respondents,
    };
  }

  let networkLink = "";
  let excludedInvitation = "";

  beforeAll(async () => {
    testApp = await createTestApp(kind);
    ({ planner } = await setUpOrganisation(testApp, "Stadt Wuppertal"));
    const district = (await planner.json("POST", "/api/directory/districts", { name: "Elberfeld" }, 201)).id;
    for (let index = 0; index < 5; index++) {
      entryIds.push((await planner.json("POST", "/api/directory/entries", { kind: "institution", name: `Kita ${index}`, districtId: district, emails: [`kita${index}@wuppertal.de`] }, 201)).id);
    }
    networkId = (await planner.json("POST", "/api/directory/entries", { kind: "network", name: "STK Elberfeld", emails: ["stk@elberfeld.de"], memberIds: entryIds }, 201)).id;
    expect((await planner.json("PATCH", "/api/organisation", { minCellSize: 3 })).minCellSize).toBe(3);

    surveyId = await openSurvey("Bestandsaufnahme 2026", "identified");
    await planner.json("PUT", `${base}/${surveyId}/series`, { newSeriesName: "Bestandsaufnahme", waveLabel: "2026" });
    const invitations = await respond(surveyId, [
      { "network.sphere": "kreisweit", "actor.offers": [offer(SECRET, ["youth"]), offer("Zweites", ["youth"])] },
      ...[1, 2, 3].map((index) => ({ "network.sphere": "sozialraum", "actor.offers": [offer(`Angebot ${index}`, ["early_childhood"])] })),
    ]);
    excludedInvitation = invitations[0]!;
    Object.assign(invitationOf, { first: invitations[0], second: invitations[1] });
    networkLink = (await planner.json("POST", `${base}/${surveyId}/network-views`, { networkId, mode: "members" }, 201)).url;
  }, 180_000);
  afterAll(() => testApp?.close());

  describe("an identified survey", () => {
    let before: Awaited<ReturnType<typeof figures>>;

    it("excludes a response with a reason: it stays, but counts nowhere", async () => {
      before = await figures();
      expect(before).toMatchObject({
        respondents: 4,
        kreisweit: 1,
        groupSizes: [4],
        trendRespondents: [4],
        gapOffers: 5,
        gapRespondents: 4,
        exportRows: 4,
        rowsHaveKreisweit: true,
        exportSubmitted: 4,
        exportExcluded: 0,
        networkRespondents: 4,
      });

      const excluded = await planner.json("PUT", exclusion(surveyId, excludedInvitation), { reason: "Testantwort der Verwaltung" });
      expect(excluded).toMatchObject({ excludedAt: expect.any(String), reason: "Testantwort der Verwaltung" });

      const after = await figures();
      expect(after).toMatchObject({
        respondents: 3,
        kreisweit: 0,
        groupSizes: [3],
        trendRespondents: [3],
        gapOffers: 3,
        gapRespondents: 3,
        exportRows: 3,
        rowsHaveKreisweit: false,
        exportSubmitted: 3,
        exportExcluded: 1,
        networkRespondents: 3,
      });
      expect(after.summary).not.toBe(before.summary);

      const view = await planner.json("GET", responsePath(surveyId, excludedInvitation));
      expect(view.current.exclusion).toMatchObject({ reason: "Testantwort der Verwaltung", by: expect.any(String) });
      expect(view.current.answers["network.sphere"]).toBe("kreisweit");
      const { invitations } = await planner.json("GET", `${base}/${surveyId}/invitations`);
      expect(invitations.find((invitation: Json) => invitation.id === excludedInvitation)).toMatchObject({ status: "submitted", responseExcluded: true });
    });

    it("includes it again: every figure is back as before", async () => {
      expect(await planner.json("DELETE", exclusion(surveyId, excludedInvitation))).toEqual({ excludedAt: null });
      expect(await figures()).toEqual(before);
      expect((await planner.json("GET", responsePath(surveyId, excludedInvitation))).current.exclusion).toBeNull();
    });

    it("refuses bad input, a draft, and a missing response", async () => {
      expect((await planner.request("PUT", exclusion(surveyId, excludedInvitation), { reason: "  " })).status).toBe(400);
      expect((await planner.request("PUT", exclusion(surveyId, excludedInvitation), {})).status).toBe(400);
      expect((await planner.request("PUT", exclusion(surveyId, excludedInvitation), { reason: "x".repeat(501) })).status).toBe(400);
      await planner.json("POST", `${base}/${surveyId}/invitations`, { directoryEntryIds: [entryIds[4]] });
      const silent = (await planner.json("GET", `${base}/${surveyId}/invitations`)).invitations.find((invitation: Json) => invitation.directoryEntry?.id === entryIds[4]).id;
      const missing = await planner.request("PUT", exclusion(surveyId, silent), { reason: "Keine" });
      expect(missing.status).toBe(404);
      expect(((await missing.json()) as Json).error.code).toBe("response_not_found");
      await testApp.database.db
        .insertInto("responses")
        .values({ organisation_id: planner.organisationId, survey_id: surveyId, invitation_id: silent, answers: "{}", status: "draft" })
        .execute();
      await releaseSeededAnswers(testApp.database.db);
      const draft = await planner.request("PUT", exclusion(surveyId, silent), { reason: "Entwurf" });
      expect(draft.status).toBe(409);
      expect(((await draft.json()) as Json).error.code).toBe("response_not_submitted");
      expect((await planner.request("DELETE", responsePath(surveyId, "00000000-0000-4000-8000-000000000000"))).status).toBe(404);
    });

    it("answers 404 to another organisation", async () => {
      const { planner: other } = await addOrganisation(testApp, "Stadt Dortmund");
      expect((await other.request("PUT", exclusion(surveyId, excludedInvitation), { reason: "Fremd" })).status).toBe(404);
      expect((await other.request("DELETE", exclusion(surveyId, excludedInvitation))).status).toBe(404);
      expect((await other.request("DELETE", responsePath(surveyId, excludedInvitation))).status).toBe(404);
      const { id: own } = await other.json("POST", "/api/surveys", { title: "Eigene" }, 201);
      expect((await other.request("DELETE", responsePath(own, excludedInvitation))).status).toBe(404);
      expect((await planner.json("GET", responsePath(surveyId, excludedInvitation))).current).not.toBeNull();
    });

    it("deletes a response: gone from every figure and every kept submission, the invitation says so", async () => {
      const response = await testApp.database.db.selectFrom("responses").select("id").where("invitation_id", "=", excludedInvitation).executeTakeFirstOrThrow();
      await testApp.database.db
        .insertInto("response_submissions")
        .values({ organisation_id: planner.organisationId, response_id: response.id, revision: 1, answers: JSON.stringify({ "network.sphere": "kreisweit" }) })
        .execute();
      const deleted = await planner.json("DELETE", responsePath(surveyId, excludedInvitation));
      expect(deleted).toMatchObject({ deletedAt: expect.any(String), submissions: 1 });
      const after = await figures();
      expect(after).toMatchObject({ respondents: 3, kreisweit: 0, trendRespondents: [3], gapOffers: 3, exportRows: 3, rowsHaveKreisweit: false, exportExcluded: 0, networkRespondents: 3 });
      expect(await testApp.database.db.selectFrom("response_submissions").select("id").where("response_id", "=", response.id).execute()).toEqual([]);

      const view = await planner.json("GET", responsePath(surveyId, excludedInvitation));
      expect(view).toMatchObject({ current: null, submissions: [], responseDeletedAt: deleted.deletedAt });
      const { invitations } = await planner.json("GET", `${base}/${surveyId}/invitations`);
      expect(invitations.find((invitation: Json) => invitation.id === excludedInvitation)).toMatchObject({ responseDeletedAt: deleted.deletedAt, responseExcluded: false });
      expect((await planner.request("DELETE", responsePath(surveyId, excludedInvitation))).status).toBe(404);
    });

    it("audits each step by invitation id and survey title, never an answer, address or reason", async () => {
      const { entries } = await planner.json("GET", "/api/audit-log?limit=100");
      const steps = entries.filter((entry: Json) => ["response.excluded", "response.included", "response.deleted"].includes(entry.action));
      expect(steps.map((entry: Json) => entry.action).reverse()).toEqual(["response.excluded", "response.included", "response.deleted"]);
      for (const entry of steps) {
        expect(entry).toMatchObject({ targetType: "invitation", targetId: excludedInvitation, targetLabel: "Bestandsaufnahme 2026" });
        const text = JSON.stringify(entry);
        for (const secret of [SECRET, "kreisweit", "Testantwort", "kita0@wuppertal.de"]) expect(text).not.toContain(secret);
      }
      expect(steps[0].details).toMatchObject({ privacyMode: "identified", onRequest: false, responses: 1, submissions: 1 });
    });
  });

  describe("the other privacy modes", () => {
    it("pseudonymous: refuses exclusion (409); erasure on request cuts the answers loose at once, and they leave the results only with the next batch", async () => {
      const survey = await openSurvey("Pseudonym", "pseudonymous");
      const spheres = ["kreisweit", "kreisweit", "quartier", "quartier", "stadt"];
      const invitations = await respond(
        survey,
        spheres.map((sphere) => ({ "network.sphere": sphere })),
      );
      const invitation = invitations[0]!;
      const refused = await planner.request("PUT", exclusion(survey, invitation), { reason: "Ausreißer" });
      expect(refused.status).toBe(409);
      const body = (await refused.json()) as Json;
      expect(body.error.code).toBe("exclusion_would_reveal_answers");
      const notOnRequest = await planner.request("DELETE", responsePath(survey, invitation));
      expect(notOnRequest.status).toBe(409);
      expect(((await notOnRequest.json()) as Json).error.code).toBe("deletion_only_on_request");

      /** What the planner reads: results, the breakdown by district, the summary export. */
      const shown = async () => {
        const { counts: _counts, pendingRelease, ...results } = await planner.json("GET", `${base}/${survey}/results`);
        const { counts: _groupedCounts, pendingRelease: _p, ...grouped } = await planner.json("POST", `${base}/${survey}/results/query`, { groupBy: { recipient: "district" } });
        const summary = await (await planner.request("GET", `${base}/${survey}/export/summary`)).text();
        return { figures: { results, grouped, summary }, pendingRelease };
      };
      const before = await shown();
      expect(before.figures.results.respondents).toBe(5);

      expect(await planner.json("DELETE", `${responsePath(survey, invitation)}?onRequest=true`)).toMatchObject({ submissions: 0 });
      // Nothing links the answers to the institution any more …
      const db = testApp.database.db;
      const rows = await db.selectFrom("responses").select(["invitation_id", "submitted_at"]).where("survey_id", "=", survey).execute();
      expect(rows).toHaveLength(5);
      expect(rows.filter((row) => row.invitation_id === invitation)).toEqual([]);
      expect(rows.filter((row) => row.invitation_id === null)).toEqual([{ invitation_id: null, submitted_at: null }]);
      const { entries } = await planner.json("GET", "/api/audit-log?limit=5");
      expect(entries[0]).toMatchObject({ action: "response.deleted", targetId: invitation, details: { privacyMode: "pseudonymous", onRequest: true } });
      // … and no figure moved: comparing before and after shows nothing of its answers.
      const after = await shown();
      expect(after.figures).toEqual(before.figures);
      expect(after.pendingRelease).toEqual({ answers: 1, batchSize: 3 });

      // Two more erasures make a batch of k: the three leave the results together.
      for (const other of invitations.slice(1, 3)) await planner.json("DELETE", `${responsePath(survey, other)}?onRequest=true`);
      expect(await releaseAllPseudonymousAnswers(db)).toBe(3);
      const released = await shown();
      expect(released.pendingRelease).toBeUndefined();
      // Two respondents are left: fewer than k, so the count itself is withheld now.
      expect(released.figures.results.respondents).toBeNull();
      expect(released.figures).not.toEqual(before.figures);
      expect(await db.selectFrom("responses").select("id").where("survey_id", "=", survey).where("invitation_id", "is", null).execute()).toEqual([]);
    });

    it("anonymous: refuses both (409), since no answer is linked to an invitation", async () => {
      const survey = await openSurvey("Anonym", "anonymous");
      await planner.json("POST", `${base}/${survey}/invitations`, { directoryEntryIds: [entryIds[0]] });
      const { invitations } = await planner.json("GET", `${base}/${survey}/invitations`);
      for (const [method, path, body] of [
        ["PUT", exclusion(survey, invitations[0].id), { reason: "Ausreißer" }],
        ["DELETE", exclusion(survey, invitations[0].id), undefined],
        ["DELETE", `${responsePath(survey, invitations[0].id)}?onRequest=true`, undefined],
      ] as const) {
        const response = await planner.request(method, path, body);
        expect(response.status, `${method} ${path}`).toBe(409);
        expect(((await response.json()) as Json).error.code).toBe("response_not_linked");
      }
    });
  });
});
