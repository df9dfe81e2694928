import { afterAll, beforeAll, expect, it } from "vitest";
import { PASSWORD_CHANGE_LIMIT } from "../../server/auth/password-change.ts";
import { describeEachDatabase } from "../support/databases.ts";
import { createTestApp, setUpOrganisation, signedIn, type PlannerClient, type TestApp } from "../support/test-app.ts";

/**
 * Everyone can change their password: the current one is required, the new one must be strong,
 * every other session of the account ends while the one that changed it stays, and the change is
 * in the audit log.
 */

const NEW_PASSWORD = "tulpen-am-kanal-im-april";

describeEachDatabase("changing one's password", (kind) => {
  let testApp: TestApp;
  let admin: PlannerClient;
  let email: string;
  let password: string;

  beforeAll(async () => {
    testApp = await createTestApp(kind);
    ({ planner: admin, email, password } = await setUpOrganisation(testApp, "Stadt Hagen"));
  });
  afterAll(() => testApp.close());

  const errorAt = async (response: Response) => {
    const { error } = (await response.json()) as { error: { code: string; details?: { path: string; message: string; messageDe: string }[] } };
    return { status: response.status, code: error.code, fields: error.details?.map((detail) => detail.path), detail: error.details?.[0] };
  };

  it("needs the current password and a strong new one, with the reason at the field", async () => {
    expect(await errorAt(await admin.request("POST", "/api/auth/password", { currentPassword: "falsch-geraten-123", newPassword: NEW_PASSWORD }))).toMatchObject({
      status: 400,
      code: "current_password_wrong",
      fields: ["currentPassword"],
      detail: { messageDe: "Das bisherige Passwort stimmt nicht." },
    });
    const weak = await errorAt(await admin.request("POST", "/api/auth/password", { currentPassword: password, newPassword: "Sommer2024!" }));
    expect(weak).toMatchObject({ status: 400, code: "weak_password", fields: ["newPassword"] });
    expect(weak.detail!.messageDe).toMatch(/leicht zu erraten/);
    expect(weak.detail!.message).toMatch(/easy to guess/);
    const own = await errorAt(await admin.request("POST", "/api/auth/password", { currentPassword: password, newPassword: "hagen-ist-meine-heimatstadt" }));
    expect(own).toMatchObject({ code: "weak_password", fields: ["newPassword"], detail: { messageDe: expect.stringContaining("Namen Ihrer Organisation") } });
    expect(await errorAt(await admin.request("POST", "/api/auth/password", { currentPassword: password, newPassword: password }))).toMatchObject({
      code: "same_password",
      fields: ["newPassword"],
    });
    // Nothing changed: the old password still signs in.
    expect((await testApp.request("POST", "/api/auth/login", { email, password })).status).toBe(200);
  });

  it("ends every other session of the account and keeps the current one; logged", async () => {
    const laptop = await signedIn(testApp, await testApp.request("POST", "/api/auth/login", { email, password }));
    const phone = await signedIn(testApp, await testApp.request("POST", "/api/auth/login", { email, password }));
    const changed = await laptop.json("POST", "/api/auth/password", { currentPassword: password, newPassword: NEW_PASSWORD });
    expect(changed).toMatchObject({ ok: true });
    expect(changed.endedSessions).toBeGreaterThanOrEqual(2);

    expect((await laptop.request("GET", "/api/auth/me")).status).toBe(200);
    expect((await laptop.request("POST", "/api/surveys", { title: "Nach dem Wechsel" })).status).toBe(201);
    for (const ended of [phone, admin]) expect((await ended.request("GET", "/api/auth/me")).status).toBe(401);

    expect((await testApp.request("POST", "/api/auth/login", { email, password })).status).toBe(401);
    admin = await signedIn(testApp, await testApp.request("POST", "/api/auth/login", { email, password: NEW_PASSWORD }));
    password = NEW_PASSWORD;

    const [entry] = (await admin.json("GET", "/api/audit-log?action=account.password_changed")).entries;
    expect(entry).toMatchObject({ userName: "Anna Admin", targetType: "user", targetLabel: "Anna Admin" });
    expect(JSON.stringify(entry)).not.toContain(NEW_PASSWORD);
  });

  it(`stops guessing the current password after ${PASSWORD_CHANGE_LIMIT.perUser} wrong tries`, async () => {
    // The wrong try of the first test counts too; start from none.
    await testApp.database.db.deleteFrom("rate_limit_events").execute();
    for (let attempt = 0; attempt < PASSWORD_CHANGE_LIMIT.perUser; attempt++) {
      expect((await admin.request("POST", "/api/auth/password", { currentPassword: `geraten-${attempt}-passwort`, newPassword: "weiter-raten-ist-zwecklos" })).status).toBe(400);
    }
    const blocked = await admin.request("POST", "/api/auth/password", { currentPassword: password, newPassword: "weiter-raten-ist-zwecklos" });
    expect(blocked.status).toBe(429);
    expect((await testApp.request("POST", "/api/auth/login", { email, password })).status).toBe(200);
  });
});
