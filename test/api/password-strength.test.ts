import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "../support/databases.ts";
import { EVENT_LOOP_BUDGET_MS, underHealthWatch } from "../support/event-loop.ts";
import { createTestApp, mailsTo, signedIn, type PlannerClient, type TestApp } from "../support/test-app.ts";

/**
 * Weak passwords are refused everywhere a password is set (setup, accepting an invitation,
 * changing it, resetting it): 400 `weak_password` with the reason, in German and English, at the
 * field it is about; nothing is stored, and the same link or form works with a strong password.
 */

const STRONG = "gelbe-fenster-im-abendlicht";

describeEachDatabase("password strength on every route that sets one", (kind) => {
  let testApp: TestApp;
  let admin: PlannerClient;

  beforeAll(async () => {
    testApp = await createTestApp(kind);
  });
  afterAll(() => testApp.close());

  /** The 400 answer's code and the reason at its field. */
  async function refusal(response: Response) {
    const { error } = (await response.json()) as { error: { code: string; messageDe: string; details: { path: string; message: string; messageDe: string }[] } };
    expect(response.status).toBe(400);
    expect(error.details).toHaveLength(1);
    return { code: error.code, field: error.details[0]!.path, de: error.details[0]!.messageDe, en: error.details[0]!.message, top: error.messageDe };
  }

  it("at setup: too short, common, or with the organisation's name; nothing is created", async () => {
    const setup = (password: string) => testApp.request("POST", "/api/setup", { organisationName: "Stadt Solingen", name: "Sina Setup", email: "sina@solingen.de", password });
    expect(await refusal(await setup("kurz"))).toMatchObject({ code: "weak_password", field: "password", de: "Bitte wählen Sie mindestens 10 Zeichen. Nutzen Sie mehrere Wörter, aber keine bekannten Redewendungen.", en: expect.stringContaining("at least 10 characters") });
    const common = await refusal(await setup("passwort123"));
    expect(common).toMatchObject({ code: "weak_password", field: "password" });
    expect(common.de).toMatch(/häufig/);
    expect(common.top).toMatch(/^Das Passwort ist zu leicht zu erraten\./);
    expect(await refusal(await setup("solingen-klingen-2024"))).toMatchObject({ field: "password", de: expect.stringContaining("Namen Ihrer Organisation") });
    expect(await (await testApp.request("GET", "/api/setup")).json()).toEqual({ needed: true });
    const done = await setup(STRONG);
    admin = await signedIn(testApp, done);
  });

  it("when accepting an invitation: the name counts too; the link stays usable", async () => {
    await admin.json("POST", "/api/team/invitations", { email: "tim.team@solingen.de" });
    await testApp.mailWorker.runOnce();
    const token = (await mailsTo(testApp, "tim.team@solingen.de"))[0]!.text.match(/\/invite\/([A-Za-z0-9_-]{20,})/)![1]!;
    const accept = (password: string) => testApp.request("POST", `/api/team/invitations/${token}/accept`, { name: "Timotheus Team", password });
    expect(await refusal(await accept("timotheus-2024!"))).toMatchObject({ code: "weak_password", field: "password", de: expect.stringContaining("Ihren Namen") });
    expect(await refusal(await accept("qwertzuiop"))).toMatchObject({ code: "weak_password", field: "password" });
    expect((await accept(STRONG)).status).toBe(200);
  });

  it("when changing it: at newPassword", async () => {
    expect(await refusal(await admin.request("POST", "/api/auth/password", { currentPassword: STRONG, newPassword: "Sommer2024!" }))).toMatchObject({
      code: "weak_password",
      field: "newPassword",
    });
  });

  it("when resetting it: at password; the link stays usable", async () => {
    await testApp.request("POST", "/api/auth/password-reset", { email: "sina@solingen.de" });
    await testApp.mailWorker.runOnce();
    const token = (await mailsTo(testApp, "sina@solingen.de")).at(-1)!.text.match(/\/reset-password\/([A-Za-z0-9_-]{20,})/)![1]!;
    expect(await refusal(await testApp.request("POST", `/api/auth/password-reset/${token}`, { password: "sina-setup-passwort" }))).toMatchObject({
      code: "weak_password",
      field: "password",
      de: expect.stringContaining("Ihren Namen"),
    });
    expect((await testApp.request("POST", `/api/auth/password-reset/${token}`, { password: "birken-am-wupperufer" })).status).toBe(200);
  });
});

describeEachDatabase("password strength never holds up other requests", (kind) => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp(kind);
  });
  afterAll(() => testApp.close());

  it("judges crafted passwords in the worker pool while the event loop stays free and /api/health answers", async () => {
    // Setup judges the password before anything is stored: every attempt here is refused (weak).
    const crafted = ["p@ssw0rd", "1a", "9", "Sommer2024!", "@|{4@5€$", "a5!3$1E4Ae@"].map((unit) => unit.repeat(200).slice(0, 200));
    // The pool's threads start on first use; a running server has them once anyone set a password.
    await testApp.request("POST", "/api/setup", { organisationName: "Stadt Solingen", name: "Sina Setup", email: "sina@solingen.de", password: "passwort123" });
    const { result: statuses, maxDelayMs, healthTimes, healthFailures } = await underHealthWatch(testApp, async () => {
      const answers = await Promise.all(
        crafted.map((password) => testApp.request("POST", "/api/setup", { organisationName: "Stadt Solingen", name: "Sina Setup", email: "sina@solingen.de", password })),
      );
      return answers.map((answer) => answer.status);
    });
    expect(healthFailures).toEqual([]);
    expect(statuses.every((status) => [200, 201, 400, 409].includes(status)), String(statuses)).toBe(true);
    expect(healthTimes.length).toBeGreaterThan(3);
    // zxcvbn on these took 0.3–0.5 s each on the event loop before the pool.
    expect(maxDelayMs).toBeLessThan(EVENT_LOOP_BUDGET_MS);
  });
});
