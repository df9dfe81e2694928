import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "../support/databases.ts";
import { addOrganisation, createTestApp, setUpOrganisation, type PlannerClient, type TestApp } from "../support/test-app.ts";

describeEachDatabase("tenant isolation", (kind) => {
  let testApp: TestApp;
  let wuppertal: PlannerClient;
  let dortmund: PlannerClient;
  let surveyId: string;

  beforeAll(async () => {
    testApp = await createTestApp(kind);
    ({ planner: wuppertal } = await setUpOrganisation(testApp, "Stadt Wuppertal"));
    ({ planner: dortmund } = await addOrganisation(testApp, "Stadt Dortmund"));
    ({ id: surveyId } = await wuppertal.json("POST", "/api/surveys", { title: "Nur Wuppertal" }, 201));
    const { items } = await wuppertal.json("GET", "/api/canon/items?q=Wirkungskreis");
    await wuppertal.json("PATCH", `/api/surveys/${surveyId}`, { items: [{ itemId: items[0].itemId, version: items[0].version }] });
    await wuppertal.json("POST", `/api/surveys/${surveyId}/open`);
    await wuppertal.json("POST", `/api/surveys/${surveyId}/invitations`, { recipients: [{ email: "netz@wuppertal.de" }] });
    await testApp.mailWorker.runOnce();
  });
  afterAll(() => testApp.close());

  it("answers 404 to another organisation on every survey route", async () => {
    const attempts: [string, string, unknown?][] = [
      ["GET", `/api/surveys/${surveyId}`],
      ["PATCH", `/api/surveys/${surveyId}`, { title: "Übernommen" }],
      ["GET", `/api/surveys/${surveyId}/preview`],
      ["POST", `/api/surveys/${surveyId}/open`],
      ["POST", `/api/surveys/${surveyId}/close`],
      ["POST", `/api/surveys/${surveyId}/recipients/check`, { text: "a@b.de" }],
      ["POST", `/api/surveys/${surveyId}/invitations`, { recipients: [{ email: "a@b.de" }] }],
      ["GET", `/api/surveys/${surveyId}/invitations`],
      ["GET", `/api/surveys/${surveyId}/results`],
    ];
    for (const [method, path, body] of attempts) {
      const response = await dortmund.request(method, path, body);
      expect(response.status, `${method} ${path}`).toBe(404);
    }
    const survey = await wuppertal.json("GET", `/api/surveys/${surveyId}`);
    expect(survey).toMatchObject({ title: "Nur Wuppertal", status: "open" });
    expect(survey.counts.invited).toBe(1);
  });

  it("lists only the own organisation's surveys, team and mails", async () => {
    expect((await dortmund.json("GET", "/api/surveys")).surveys).toEqual([]);
    expect((await dortmund.json("GET", "/api/dev/mailbox")).mails).toEqual([]);
    const team = await dortmund.json("GET", "/api/team");
    expect(team.members.map((member: { name: string }) => member.name)).toEqual(["Olaf Other"]);
    expect((await wuppertal.json("GET", "/api/dev/mailbox")).mails).toHaveLength(1);
  });
});
