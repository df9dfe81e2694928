import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "../support/databases.ts";
import { addOrganisation, createTestApp, setUpOrganisation, type PlannerClient, type TestApp } from "../support/test-app.ts";

/**
 * Every API route, read from the OpenAPI document (so a new route is covered the day it is
 * added), called by organisation B against organisation A's resources: the answer must be 404,
 * and A's data must be unchanged afterwards.
 */

/** Routes whose path parameter is not a tenant resource: secrets in links, checked by their own tests. */
const publicTokenRoutes = /\{token\}/;

/** A valid body per route, so that validation passes and the tenant check is what answers. */
const exampleBodies: Record<string, unknown> = {
  "PATCH /api/surveys/{id}": { title: "Übernommen" },
  "POST /api/surveys/{id}/recipients/check": { text: "a@b.de" },
  "POST /api/surveys/{id}/invitations": { recipients: [{ email: "a@b.de", name: "" }] },
  "PUT /api/surveys/{id}/invitations/{invitationId}/response/exclusion": { reason: "Fremd" },
  "POST /api/surveys/{id}/recipients/targets": { filter: {} },
  "POST /api/surveys/{id}/invitations/{invitationId}/handover": { email: "eindringling@dortmund.de", name: "" },
  "PUT /api/surveys/{id}/mail-templates/{language}/{kind}": { subject: "Übernommen", body: "{{link}}" },
  "POST /api/surveys/{id}/mail-templates/preview": { subject: "Übernommen", body: "{{link}}" },
  "POST /api/surveys/{id}/reminders": { audience: ["not_opened"] },
  "PUT /api/surveys/{id}/reminders/settings": { maxReminders: 0, rules: [] },
  "PATCH /api/directory/districts/{id}": { name: "Übernommen" },
  "PUT /api/directory/entries/{id}/members": { memberIds: [] },
  "PUT /api/canon/items/{itemId}": {
    questionnaire: "actor",
    tags: { lifePhases: [], fieldsOfAction: [], topics: [] },
    help: { de: "Hilfe", en: "Help" },
    personalDataWarning: false,
    element: { type: "boolean", name: "x", title: { de: "Übernommen?", en: "Taken over?" } },
  },
};

describeEachDatabase("tenant isolation on every route", (kind) => {
  let testApp: TestApp;
  let owner: PlannerClient;
  let intruder: PlannerClient;
  const resources: Record<string, string> = {};

  beforeAll(async () => {
    testApp = await createTestApp(kind);
    ({ planner: owner } = await setUpOrganisation(testApp, "Stadt Wuppertal"));
    ({ planner: intruder } = await addOrganisation(testApp, "Stadt Dortmund"));
    const survey = await owner.json("POST", "/api/surveys", { title: "Nur für Wuppertal" }, 201);
    await owner.json("PATCH", `/api/surveys/${survey.id}`, { items: [{ itemId: "network.sphere", version: 1 }] });
    resources.surveyId = survey.id;
    resources.seriesId = (await owner.json("PUT", `/api/surveys/${survey.id}/series`, { newSeriesName: "Wuppertaler Reihe", waveLabel: "2026" })).series.id;
    resources.templateId = (await owner.json("POST", "/api/templates", { surveyId: survey.id, name: "Wuppertaler Vorlage" }, 201)).id;
    const item = await owner.json(
      "POST",
      "/api/canon/items",
      {
        questionnaire: "network",
        tags: { lifePhases: [], fieldsOfAction: [], topics: [] },
        help: { de: "Nur intern", en: "Internal only" },
        personalDataWarning: false,
        element: { type: "boolean", name: "x", title: { de: "Wuppertaler Frage?", en: "Wuppertal question?" } },
      },
      201,
    );
    resources.itemId = item.itemId;
    const discarded = await owner.json("POST", "/api/surveys", { title: "Verworfen in Wuppertal" }, 201);
    resources.erasureId = (await owner.json("DELETE", `/api/surveys/${discarded.id}`)).erasure.id;
    resources.districtId = (await owner.json("POST", "/api/directory/districts", { name: "Vohwinkel" }, 201)).id;
    const member = await owner.json("POST", "/api/directory/entries", { kind: "institution", name: "Kita Vohwinkel", districtId: resources.districtId, emails: ["kita@vohwinkel.de"] }, 201);
    resources.networkId = (await owner.json("POST", "/api/directory/entries", { kind: "network", name: "STK Vohwinkel", memberIds: [member.id] }, 201)).id;

    // An open survey with an invitation, a scheduled mailing and a planned reminder, for the routes that name them.
    const open = await owner.json("POST", "/api/surveys", { title: "Offen in Wuppertal" }, 201);
    await owner.json("PATCH", `/api/surveys/${open.id}`, { items: [{ itemId: "network.sphere", version: 1 }], closingDate: "2099-12-31" });
    await owner.json("POST", `/api/surveys/${open.id}/open`);
    const later = new Date(Date.now() + 3_600_000).toISOString();
    resources.openSurveyId = open.id;
    resources.mailingId = (await owner.json("POST", `/api/surveys/${open.id}/invitations`, { directoryEntryIds: [member.id], scheduledAt: later })).mailingId;
    resources.invitationId = (await owner.json("GET", `/api/surveys/${open.id}/invitations`)).invitations[0].id;
    resources.ruleId = (await owner.json("POST", `/api/surveys/${open.id}/reminders`, { audience: ["not_opened"], scheduledAt: later })).ruleId;
    resources.viewId = (await owner.json("POST", `/api/surveys/${open.id}/network-views`, { networkId: resources.networkId, mode: "members" }, 201)).id;

    // A second member and an open invitation of the team, for the routes that remove or resend them.
    await owner.json("POST", "/api/team/invitations", { email: "kollegin@wuppertal.de" });
    await testApp.mailWorker.runOnce();
    const inviteToken = (await owner.json("GET", "/api/dev/mailbox")).mails[0].text.match(/\/invite\/([A-Za-z0-9_-]{20,})/)[1];
    await testApp.request("POST", `/api/team/invitations/${inviteToken}/accept`, { name: "Karla Kollegin", password: "gelbe-fenster-im-abendlicht" });
    await owner.json("POST", "/api/team/invitations", { email: "offen@wuppertal.de" });
    const team = await owner.json("GET", "/api/team");
    resources.memberId = team.members.find((member: { email: string }) => member.email === "kollegin@wuppertal.de").id;
    resources.teamInvitationId = team.invitations[0].id;
  });
  afterAll(() => testApp.close());

  function pathFor(path: string): string {
    if (/\{(invitationId|mailingId|ruleId|kind|viewId)\}/.test(path)) {
      return path
        .replace("{id}", resources.openSurveyId!)
        .replace("{invitationId}", resources.invitationId!)
        .replace("{mailingId}", resources.mailingId!)
        .replace("{ruleId}", resources.ruleId!)
        .replace("{language}", "de")
        .replace("{kind}", "invitation")
        .replace("{viewId}", resources.viewId!);
    }
    return path
      .replace("{memberId}", resources.memberId!)
      .replace("{teamInvitationId}", resources.teamInvitationId!)
      .replace("{itemId}", encodeURIComponent(resources.itemId!))
      .replace(/^\/api\/templates\/\{id\}/, `/api/templates/${resources.templateId}`)
      .replace(/^\/api\/series\/\{id\}/, `/api/series/${resources.seriesId}`)
      .replace(/^\/api\/erasures\/\{id\}/, `/api/erasures/${resources.erasureId}`)
      .replace(/^\/api\/directory\/districts\/\{id\}/, `/api/directory/districts/${resources.districtId}`)
      .replace(/^\/api\/directory\/entries\/\{id\}/, `/api/directory/entries/${resources.networkId}`)
      .replace("{id}", resources.surveyId!);
  }

  it("answers 404 on every route that names another organisation's resource", async () => {
    const document = (await (await testApp.request("GET", "/api/openapi.json")).json()) as { paths: Record<string, Record<string, unknown>> };
    const checked: string[] = [];
    for (const [path, operations] of Object.entries(document.paths)) {
      if (!path.includes("{") || publicTokenRoutes.test(path)) continue;
      for (const method of Object.keys(operations)) {
        const route = `${method.toUpperCase()} ${path}`;
        const body = exampleBodies[route] ?? (method === "get" || method === "delete" ? undefined : {});
        const response = await intruder.request(method.toUpperCase(), pathFor(path), body);
        const payload = await response.text();
        expect(response.status, `${route}: ${payload.slice(0, 200)} (add an example body to exampleBodies if this is a validation error)`).toBe(404);
        checked.push(route);
      }
    }
    expect(checked.length).toBeGreaterThanOrEqual(15);

    expect(await owner.json("GET", `/api/series/${resources.seriesId}`)).toMatchObject({ name: "Wuppertaler Reihe" });
    expect(await owner.json("GET", `/api/erasures/${resources.erasureId}`)).toMatchObject({ title: "Verworfen in Wuppertal", finished: true });
    const survey = await owner.json("GET", `/api/surveys/${resources.surveyId}`);
    expect(survey).toMatchObject({ title: "Nur für Wuppertal", status: "draft" });
    expect((await owner.json("GET", "/api/templates")).templates.some((template: { id: string }) => template.id === resources.templateId)).toBe(true);
    const versions = await owner.json("GET", `/api/canon/items/${encodeURIComponent(resources.itemId!)}/versions`);
    expect(versions).toMatchObject({ retired: false });
    expect(versions.versions).toHaveLength(1);
    expect(await owner.json("GET", `/api/directory/entries/${resources.networkId}`)).toMatchObject({ name: "STK Vohwinkel", memberCount: 1 });
    expect((await owner.json("GET", "/api/directory/districts")).districts).toEqual([expect.objectContaining({ name: "Vohwinkel", entryCount: 1 })]);
    const { invitations } = await owner.json("GET", `/api/surveys/${resources.openSurveyId}/invitations`);
    expect(invitations[0]).toMatchObject({ id: resources.invitationId, status: "queued", revokedAt: null });
    const { mailings } = await owner.json("GET", `/api/surveys/${resources.openSurveyId}/mailings`);
    expect(mailings[0]).toMatchObject({ id: resources.mailingId, queued: 1, cancelledAt: null });
    const reminders = await owner.json("GET", `/api/surveys/${resources.openSurveyId}/reminders`);
    expect(reminders.maxReminders).toBe(3);
    expect(reminders.rules.map((rule: { id: string }) => rule.id)).toEqual([resources.ruleId]);
    expect((await owner.json("GET", `/api/surveys/${resources.openSurveyId}/mail-templates`)).de.invitation.isDefault).toBe(true);
    const team = await owner.json("GET", "/api/team");
    expect(team.members.map((member: { id: string }) => member.id)).toContain(resources.memberId);
    expect(team.invitations).toEqual([expect.objectContaining({ id: resources.teamInvitationId, email: "offen@wuppertal.de" })]);
  });

  it("lists nothing of another organisation on the routes without parameters", async () => {
    expect((await intruder.json("GET", "/api/surveys")).surveys).toEqual([]);
    expect((await intruder.json("GET", "/api/templates")).templates.every((template: { own: boolean }) => !template.own)).toBe(true);
    expect((await intruder.json("GET", "/api/canon/items?own=true")).items).toEqual([]);
    expect((await intruder.json("GET", "/api/dev/mailbox")).mails).toEqual([]);
    expect((await intruder.json("GET", "/api/organisation")).name).toBe("Stadt Dortmund");
  });
});
