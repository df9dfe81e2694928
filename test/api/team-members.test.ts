import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "../support/databases.ts";
import { createTestApp, mailsTo, setUpOrganisation, signedIn, type PlannerClient, type TestApp } from "../support/test-app.ts";

/**
 * Admins remove planners: the removed planner's sessions end at once (the next request answers
 * 401), they cannot sign in again, and what they made stays. An admin cannot remove themselves
 * or the last admin (409 with a message), also not when two admins remove each other at once.
 * Every removal is in the audit log.
 */

const PASSWORD = "gelbe-fenster-im-abendlicht";

describeEachDatabase("removing team members", (kind) => {
  let testApp: TestApp;
  let admin: PlannerClient;
  let adminEmail: string;

  beforeAll(async () => {
    testApp = await createTestApp(kind);
    ({ planner: admin, email: adminEmail } = await setUpOrganisation(testApp, "Stadt Wuppertal"));
  });
  afterAll(() => testApp.close());

  /** A new member through the real invitation (the dev mailbox is the invited address's inbox here). */
  async function join(email: string, name: string, role: "admin" | "planner" = "planner"): Promise<PlannerClient> {
    await admin.json("POST", "/api/team/invitations", { email, role });
    await testApp.mailWorker.runOnce();
    const token = (await mailsTo(testApp, email)).at(-1)!.text.match(/\/invite\/([A-Za-z0-9_-]{20,})/)![1]!;
    return signedIn(testApp, await testApp.request("POST", `/api/team/invitations/${token}/accept`, { name, password: PASSWORD }));
  }

  const memberId = async (email: string) =>
    (await admin.json("GET", "/api/team")).members.find((member: { email: string }) => member.email === email)?.id as string | undefined;

  it("ends a removed planner's sessions at once; they cannot sign in; their surveys stay; the removal is logged", async () => {
    const bernd = await join("bernd@wuppertal.de", "Bernd Planer");
    const secondDevice = await signedIn(testApp, await testApp.request("POST", "/api/auth/login", { email: "bernd@wuppertal.de", password: PASSWORD }));
    const survey = await bernd.json("POST", "/api/surveys", { title: "Bernds Umfrage" }, 201);
    expect((await bernd.request("GET", "/api/surveys")).status).toBe(200);

    const id = (await memberId("bernd@wuppertal.de"))!;
    expect(await admin.json("DELETE", `/api/team/members/${id}`)).toEqual({ ok: true });

    for (const session of [bernd, secondDevice]) {
      expect((await session.request("GET", "/api/auth/me")).status).toBe(401);
      expect((await session.request("GET", "/api/surveys")).status).toBe(401);
      expect((await session.request("POST", "/api/surveys", { title: "Nach dem Entfernen" })).status).toBe(401);
    }
    const login = await testApp.request("POST", "/api/auth/login", { email: "bernd@wuppertal.de", password: PASSWORD });
    expect(login.status).toBe(401);
    expect((await login.json()).error.code).toBe("login_failed");
    const sessions = await testApp.database.db.selectFrom("sessions").select("id_hash").where("user_id", "=", id).execute();
    expect(sessions).toEqual([]);

    expect(await memberId("bernd@wuppertal.de")).toBeUndefined();
    expect(await admin.json("GET", `/api/surveys/${survey.id}`)).toMatchObject({ title: "Bernds Umfrage" });
    const [entry] = (await admin.json("GET", "/api/audit-log?action=team.member_removed")).entries;
    expect(entry).toMatchObject({ userName: "Anna Admin", action: "team.member_removed", targetType: "user", targetId: id, targetLabel: "Bernd Planer", details: { role: "planner" } });
    expect((await admin.request("DELETE", `/api/team/members/${id}`)).status).toBe(404);
  });

  it("lets a removed address be invited again: a new account, the old one stays removed", async () => {
    const oldId = await testApp.database.db.selectFrom("users").select("id").where("email", "=", "bernd@wuppertal.de").executeTakeFirstOrThrow();
    const back = await join("bernd@wuppertal.de", "Bernd Planer");
    const me = await back.json("GET", "/api/auth/me");
    expect(me.user.id).not.toBe(oldId.id);
    const rows = await testApp.database.db.selectFrom("users").select(["id", "deactivated_at"]).where("email", "=", "bernd@wuppertal.de").orderBy("created_at").execute();
    expect(rows.map((row) => row.deactivated_at === null)).toEqual([false, true]);
  });

  it("refuses to remove oneself or the last admin with a clear 409, and planners cannot remove anyone", async () => {
    const self = await admin.request("DELETE", `/api/team/members/${(await memberId(adminEmail))!}`);
    expect(self.status).toBe(409);
    expect((await self.json()).error).toMatchObject({ code: "last_admin", messageDe: expect.stringContaining("letzte") });

    const clara = await join("clara@wuppertal.de", "Clara Chefin", "admin");
    const claraId = (await memberId("clara@wuppertal.de"))!;
    const ownAccount = await clara.request("DELETE", `/api/team/members/${claraId}`);
    expect(ownAccount.status).toBe(409);
    expect((await ownAccount.json()).error).toMatchObject({ code: "cannot_remove_self", messageDe: expect.stringContaining("nicht selbst"), message: expect.stringContaining("yourself") });

    const planner = await join("paul@wuppertal.de", "Paul Planer");
    const byPlanner = await planner.request("DELETE", `/api/team/members/${claraId}`);
    expect(byPlanner.status).toBe(403);
    expect(await memberId("clara@wuppertal.de")).toBe(claraId);

    expect(await clara.json("DELETE", `/api/team/members/${(await memberId("paul@wuppertal.de"))!}`)).toEqual({ ok: true });
    expect(await admin.json("DELETE", `/api/team/members/${claraId}`)).toEqual({ ok: true });
    expect((await clara.request("GET", "/api/team")).status).toBe(401);
  });

  it("leaves an admin when two admins remove each other at the same moment", async () => {
    const dora = await join("dora@wuppertal.de", "Dora Dienst", "admin");
    const adminId = (await memberId(adminEmail))!;
    const doraId = (await memberId("dora@wuppertal.de"))!;
    const [first, second] = await Promise.all([admin.request("DELETE", `/api/team/members/${doraId}`), dora.request("DELETE", `/api/team/members/${adminId}`)]);
    const statuses = [first.status, second.status];
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status !== 200).every((status) => status === 403 || status === 401)).toBe(true);
    const admins = await testApp.database.db
      .selectFrom("users")
      .select("email")
      .where("organisation_id", "=", admin.organisationId)
      .where("role", "=", "admin")
      .where("deactivated_at", "is", null)
      .execute();
    expect(admins).toHaveLength(1);
    // Whoever is left can still work.
    const survivor = admins[0]!.email === adminEmail ? admin : dora;
    expect((await survivor.request("GET", "/api/team")).status).toBe(200);
    if (survivor === dora) admin = dora;
  });
});
