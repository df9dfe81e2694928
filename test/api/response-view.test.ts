import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "../support/databases.ts";
import { addOrganisation, createTestApp, setUpOrganisation, type PlannerClient, type TestApp } from "../support/test-app.ts";
import { invitationIds, invite, openSurvey } from "../support/scenes.ts";

describeEachDatabase("the planner's view of one recipient's answers", (kind) => {
  let testApp: TestApp;
  let planner: PlannerClient;
  let surveyId: string;
  let token: string;
  let invitationId: string;
  let silentId: string;

  beforeAll(async () => {
    testApp = await createTestApp(kind);
    ({ planner } = await setUpOrganisation(testApp));
    surveyId = await openSurvey(planner, { title: "Bestandsaufnahme", items: ["actor.institution_name", "actor.start_year"], allowEditAfterSubmit: true });
    token = (await invite(testApp, planner, surveyId, ["kita@traeger.de", "still@traeger.de"]))["kita@traeger.de"]!;
    ({ "kita@traeger.de": invitationId, "still@traeger.de": silentId } = await invitationIds(planner, surveyId));
  });
  afterAll(() => testApp.close());

  const view = (id = invitationId) => planner.json("GET", `/api/surveys/${surveyId}/invitations/${id}/response`);

  it("shows nothing for a recipient who has not answered", async () => {
    const result = await view(silentId);
    expect(result).toMatchObject({ email: "still@traeger.de", current: null, submissions: [] });
    expect(result.definition.pages).toBeDefined();
  });

  it("shows the draft, then each submission, so a re-submission can be compared with the first", async () => {
    await testApp.request("PUT", `/api/r/${token}/draft`, { answers: { "actor.institution_name": "Kita Sonne" }, page: 0, baseRevision: 0 });
    expect((await view()).current).toMatchObject({ status: "draft", revision: 1, answers: { "actor.institution_name": "Kita Sonne" } });

    const first = await testApp.request("POST", `/api/r/${token}/submit`, { answers: { "actor.institution_name": "Kita Sonne", "actor.start_year": 1998 }, page: 0, baseRevision: 1 });
    expect(first.status).toBe(200);
    const second = await testApp.request("POST", `/api/r/${token}/submit`, { answers: { "actor.institution_name": "Kita Sonnenschein", "actor.start_year": 1998 }, page: 0, baseRevision: 2 });
    expect(second.status).toBe(200);

    const result = await view();
    expect(result.current).toMatchObject({ status: "submitted", revision: 3 });
    expect(result.submissions.map((submission: { answers: Record<string, unknown> }) => submission.answers["actor.institution_name"])).toEqual([
      "Kita Sonne",
      "Kita Sonnenschein",
    ]);
    expect(result.submissions.map((submission: { revision: number }) => submission.revision)).toEqual([2, 3]);
  });

  it("answers 404 for another organisation, and for an invitation of another survey", async () => {
    const { planner: other } = await addOrganisation(testApp, "Stadt Dortmund");
    expect((await other.request("GET", `/api/surveys/${surveyId}/invitations/${invitationId}/response`)).status).toBe(404);
    const { id: ownSurvey } = await other.json("POST", "/api/surveys", { title: "Eigene" }, 201);
    expect((await other.request("GET", `/api/surveys/${ownSurvey}/invitations/${invitationId}/response`)).status).toBe(404);
    const { id: secondSurvey } = await planner.json("POST", "/api/surveys", { title: "Zweite" }, 201);
    expect((await planner.request("GET", `/api/surveys/${secondSurvey}/invitations/${invitationId}/response`)).status).toBe(404);
  });
});
