import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "../support/databases.ts";
import { createTestApp, setUpOrganisation, tokenFromMail, type PlannerClient, type TestApp } from "../support/test-app.ts";

describeEachDatabase("the audit trail of recipient actions", (kind) => {
  let testApp: TestApp;
  let planner: PlannerClient;

  beforeAll(async () => {
    testApp = await createTestApp(kind);
    ({ planner } = await setUpOrganisation(testApp));
  });
  afterAll(() => testApp.close());

  it("records who invited, reminded, revoked, restored, handed over, looked at answers and imported — without recipients' addresses", async () => {
    const { id } = await planner.json("POST", "/api/surveys", { title: "Protokollierte Umfrage" }, 201);
    await planner.json("PATCH", `/api/surveys/${id}`, { items: [{ itemId: "network.sphere", version: 1 }] });
    await planner.json("POST", `/api/surveys/${id}/open`);
    await planner.json("POST", `/api/surveys/${id}/invitations`, { recipients: [{ email: "geheim@netz.de", name: "Frau Geheim" }, { email: "zwei@netz.de", name: "" }] });
    await testApp.mailWorker.runOnce();
    const { mails } = await planner.json("GET", "/api/dev/mailbox");
    const token = tokenFromMail(mails.find((mail: { to: string }) => mail.to.includes("geheim@netz.de")).text);
    await testApp.request("PUT", `/api/r/${token}/draft`, { answers: { "network.sphere": "quartier" }, page: 0, baseRevision: 0 });
    const { invitations } = await planner.json("GET", `/api/surveys/${id}/invitations`);
    const secret = invitations.find((invitation: { email: string }) => invitation.email === "geheim@netz.de");
    const other = invitations.find((invitation: { email: string }) => invitation.email === "zwei@netz.de");
    await planner.json("POST", `/api/surveys/${id}/reminders`, { audience: ["not_opened"] });
    await planner.json("GET", `/api/surveys/${id}/invitations/${secret.id}/response`);
    await planner.json("POST", `/api/surveys/${id}/invitations/${other.id}/revoke`);
    await planner.json("POST", `/api/surveys/${id}/invitations/${other.id}/restore`);
    await planner.json("POST", `/api/surveys/${id}/invitations/${secret.id}/handover`, { email: "nachfolge@netz.de", name: "" });
    const csv = "\uFEFFName;E-Mail\nKita Protokoll;kita@protokoll.de\n";
    await planner.json("POST", "/api/directory/import", {
      fileName: "einrichtungen.csv",
      contentBase64: Buffer.from(csv).toString("base64"),
      mapping: { name: 0, emails: 1 },
      defaultKind: "institution",
      createMissingDistricts: false,
      updateExisting: false,
    });

    const log = await planner.json("GET", "/api/audit-log?limit=100");
    const actions = log.entries.map((entry: { action: string }) => entry.action);
    for (const action of [
      "invitations.sent",
      "reminders.sent",
      "response.viewed",
      "invitation.revoked",
      "invitation.restored",
      "invitation.handed_over",
      "directory.imported",
    ]) {
      expect(actions, action).toContain(action);
    }
    const sent = log.entries.find((entry: { action: string }) => entry.action === "invitations.sent");
    expect(sent).toMatchObject({ targetLabel: "Protokollierte Umfrage", details: { invitations: 2 } });
    expect(log.entries.find((entry: { action: string }) => entry.action === "directory.imported").details).toMatchObject({ created: 1, rejected: 0 });
    const dump = JSON.stringify(log.entries);
    for (const address of ["geheim@netz.de", "zwei@netz.de", "nachfolge@netz.de", "kita@protokoll.de", "Frau Geheim"]) expect(dump).not.toContain(address);
  });
});
