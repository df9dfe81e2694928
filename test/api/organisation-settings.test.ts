import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "../support/databases.ts";
import { addOrganisation, createTestApp, setUpOrganisation, signedIn, tokenFromMail, type PlannerClient, type TestApp } from "../support/test-app.ts";

describeEachDatabase("organisation settings and the privacy notice", (kind) => {
  let testApp: TestApp;
  let admin: PlannerClient;
  let token: string;

  beforeAll(async () => {
    testApp = await createTestApp(kind);
    ({ planner: admin } = await setUpOrganisation(testApp, "Stadt Wuppertal"));
    const { id } = await admin.json("POST", "/api/surveys", { title: "Datenschutz" }, 201);
    await admin.json("PATCH", `/api/surveys/${id}`, { items: [{ itemId: "network.sphere", version: 1 }] });
    await admin.json("POST", `/api/surveys/${id}/open`);
    await admin.json("POST", `/api/surveys/${id}/invitations`, { recipients: [{ email: "netz@wuppertal.de" }] });
    await testApp.mailWorker.runOnce();
    token = tokenFromMail((await admin.json("GET", "/api/dev/mailbox")).mails[0].text);
  });
  afterAll(() => testApp.close());

  it("shows respondents a default privacy notice naming the organisation, then the organisation's own", async () => {
    const before = (await (await testApp.request("GET", `/api/r/${token}`)).json()) as any;
    expect(before.privacyNotice.de).toMatch(/^Stadt Wuppertal nutzt Ihre Angaben/);
    expect(before.privacyNotice.en).toMatch(/^Stadt Wuppertal uses your answers/);

    const settings = await admin.json("PATCH", "/api/organisation", { privacyNotice: "Verantwortlich: Stadt Wuppertal, Ressort 208. Löschung nach 24 Monaten." });
    expect(settings.effectivePrivacyNotice.en).toBe("Verantwortlich: Stadt Wuppertal, Ressort 208. Löschung nach 24 Monaten.");
    await admin.json("PATCH", "/api/organisation", { privacyNoticeEn: "Controller: City of Wuppertal. Deleted after 24 months." });
    const after = (await (await testApp.request("GET", `/api/r/${token}`)).json()) as any;
    expect(after.privacyNotice).toEqual({
      de: "Verantwortlich: Stadt Wuppertal, Ressort 208. Löschung nach 24 Monaten.",
      en: "Controller: City of Wuppertal. Deleted after 24 months.",
    });
  });

  it("lets only admins change settings, and only their own organisation's", async () => {
    await admin.json("POST", "/api/team/invitations", { email: "planerin@wuppertal.de" });
    await testApp.mailWorker.runOnce();
    const mail = (await admin.json("GET", "/api/dev/mailbox")).mails.find((entry: { to: string }) => entry.to === "planerin@wuppertal.de");
    const inviteToken = mail.text.match(/\/invite\/([A-Za-z0-9_-]+)/)[1];
    const planner = await signedIn(testApp, await testApp.request("POST", `/api/team/invitations/${inviteToken}/accept`, { name: "Paula Planerin", password: "gruene-tuer-am-marktplatz" }));
    expect((await planner.request("PATCH", "/api/organisation", { name: "Übernommen" })).status).toBe(403);
    expect((await planner.json("GET", "/api/organisation")).name).toBe("Stadt Wuppertal");

    const { planner: other } = await addOrganisation(testApp, "Stadt Dortmund");
    await other.json("PATCH", "/api/organisation", { privacyNotice: "Dortmund" });
    expect((await admin.json("GET", "/api/organisation")).privacyNotice).toMatch(/Wuppertal/);
    expect((await other.json("GET", "/api/organisation")).name).toBe("Stadt Dortmund");
  });
});
