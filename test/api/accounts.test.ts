import { afterAll, beforeAll, expect, it } from "vitest";
import { LOGIN_LIMIT } from "../../server/auth/login-rate-limit.ts";
import { describeEachDatabase } from "../support/databases.ts";
import { createTestApp, setUpOrganisation, signedIn, type PlannerClient, type TestApp } from "../support/test-app.ts";

describeEachDatabase("planner accounts", (kind) => {
  let testApp: TestApp;
  let admin: PlannerClient;
  let adminEmail: string;
  let adminPassword: string;

  beforeAll(async () => {
    testApp = await createTestApp(kind);
  });
  afterAll(() => testApp.close());

  it("asks for the first-run setup on an empty database, then never again", async () => {
    expect(await (await testApp.request("GET", "/api/setup")).json()).toEqual({ needed: true });
    const response = await testApp.request("POST", "/api/setup", {
      organisationName: "Stadt Wuppertal",
      name: "Anna Admin",
      email: "Anna.Admin@Wuppertal.de",
      password: "sehr-geheimes-passwort",
    });
    expect(response.status).toBe(200);
    const cookie = response.headers.get("set-cookie")!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const me = (await response.clone().json()) as any;
    expect(me.organisation.name).toBe("Stadt Wuppertal");
    expect(me.user).toMatchObject({ email: "anna.admin@wuppertal.de", role: "admin" });
    admin = await signedIn(testApp, response);
    adminEmail = "anna.admin@wuppertal.de";
    adminPassword = "sehr-geheimes-passwort";

    expect(await (await testApp.request("GET", "/api/setup")).json()).toEqual({ needed: false });
    const again = await testApp.request("POST", "/api/setup", {
      organisationName: "Übernahme",
      name: "Mallory",
      email: "mallory@example.org",
      password: "noch-ein-passwort",
    });
    expect(again.status).toBe(409);
  });

  it("stores passwords as argon2id hashes only", async () => {
    const user = await testApp.database.db.selectFrom("users").select("password_hash").executeTakeFirstOrThrow();
    expect(user.password_hash).toMatch(/^\$argon2id\$/);
    expect(user.password_hash).not.toContain(adminPassword);
  });

  it("refuses an invalid e-mail at setup with a field error (weak passwords: password-strength.test.ts)", async () => {
    const response = await testApp.request("POST", "/api/setup", { organisationName: "X Stadt", name: "A", email: "kein-at", password: "kurz" });
    expect(response.status).toBe(400);
    const paths = ((await response.json()) as any).error.details.map((detail: { path: string }) => detail.path);
    expect(paths).toEqual(["email"]);
  });

  it("signs in and out with server-side sessions", async () => {
    const wrong = await testApp.request("POST", "/api/auth/login", { email: adminEmail, password: "falsch-falsch" });
    expect(wrong.status).toBe(401);
    const login = await testApp.request("POST", "/api/auth/login", { email: adminEmail.toUpperCase(), password: adminPassword });
    const planner = await signedIn(testApp, login);
    expect((await planner.request("GET", "/api/auth/me")).status).toBe(200);
    expect((await planner.request("POST", "/api/auth/logout")).status).toBe(200);
    expect((await planner.request("GET", "/api/auth/me")).status).toBe(401);
    expect((await planner.request("GET", "/api/surveys")).status).toBe(401);
  });

  it("requires the CSRF token on state-changing requests", async () => {
    const withoutToken = await testApp.request("POST", "/api/surveys", { title: "x" }, { cookie: admin.cookie });
    expect(withoutToken.status).toBe(403);
    expect(((await withoutToken.json()) as any).error.code).toBe("csrf_token_invalid");
    const withToken = await admin.request("POST", "/api/surveys", { title: "x" });
    expect(withToken.status).toBe(201);
  });

  it("rate-limits failed logins per e-mail address", async () => {
    const target = "ziel@wuppertal.de";
    for (let attempt = 0; attempt < LOGIN_LIMIT.perEmail; attempt++) {
      const response = await testApp.request("POST", "/api/auth/login", { email: target, password: "rate-limit-probe" });
      expect(response.status).toBe(401);
    }
    const blocked = await testApp.request("POST", "/api/auth/login", { email: target, password: "rate-limit-probe" });
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get("retry-after")).toBeTruthy();
    const stored = await testApp.database.db.selectFrom("rate_limit_events").select("key_hash").execute();
    expect(JSON.stringify(stored)).not.toContain("ziel@");
  });

  it("lets an admin invite a planner by e-mail link", async () => {
    await admin.json("POST", "/api/team/invitations", { email: "Bernd.Planer@Wuppertal.de" });
    await testApp.mailWorker.runOnce();
    const mailbox = await admin.json("GET", "/api/dev/mailbox");
    const mail = mailbox.mails.find((entry: { to: string }) => entry.to === "bernd.planer@wuppertal.de");
    expect(mail.subject).toContain("Stadt Wuppertal");
    const token = mail.text.match(/\/invite\/([A-Za-z0-9_-]+)/)[1];

    const info = await (await testApp.request("GET", `/api/team/invitations/${token}`)).json();
    expect(info).toEqual({ email: "bernd.planer@wuppertal.de", organisationName: "Stadt Wuppertal", accountExists: false });
    const accepted = await testApp.request("POST", `/api/team/invitations/${token}/accept`, { name: "Bernd Planer", password: "gelbe-fenster-im-abendlicht" });
    const bernd = await signedIn(testApp, accepted);
    const me = await bernd.json("GET", "/api/auth/me");
    expect(me.user).toMatchObject({ name: "Bernd Planer", role: "planner" });
    expect(me.organisation.name).toBe("Stadt Wuppertal");

    const reused = await testApp.request("POST", `/api/team/invitations/${token}/accept`, { name: "Eve", password: "ein-anderes-langes-passwort" });
    expect(reused.status).toBe(404);
    const team = await admin.json("GET", "/api/team");
    expect(team.members.map((member: { email: string }) => member.email)).toContain("bernd.planer@wuppertal.de");

    const notAdmin = await bernd.request("POST", "/api/team/invitations", { email: "someone@wuppertal.de" });
    expect(notAdmin.status).toBe(403);
    // The dev mailbox holds personal survey links and team invitations: a planner cannot read it.
    const mailboxForPlanner = await bernd.request("GET", "/api/dev/mailbox");
    expect(mailboxForPlanner.status).toBe(403);
    expect((await mailboxForPlanner.json()).error.code).toBe("admin_only");
    expect(JSON.stringify(await bernd.json("GET", "/api/auth/me"))).not.toContain("invite/");
  });
});
