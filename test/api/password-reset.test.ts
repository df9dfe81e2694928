import { afterAll, beforeAll, expect, it } from "vitest";
import { createApp } from "../../server/app.ts";
import { PASSWORD_RESET_LIMIT } from "../../server/auth/password-reset-rate-limit.ts";
import { loadConfig } from "../../server/config.ts";
import { redirectLogs, setLogLevel } from "../../server/lib/logger.ts";
import { hashToken } from "../../server/lib/tokens.ts";
import { smtpTransport } from "../../server/mailing/transport.ts";
import { describeEachDatabase } from "../support/databases.ts";
import { startSmtpSink, type SmtpSink } from "../support/smtp-sink.ts";
import { createTestApp, setUpOrganisation, signedIn, type PlannerClient, type TestApp } from "../support/test-app.ts";

/**
 * Forgotten passwords, reset by mail (over real SMTP): the same answer whether or not the
 * address has an account; a single-use, expiring link stored as a hash; the new password must be
 * strong and ends every session of the account; requests are limited per address and per client,
 * exactly, under 64 parallel requests; no address, name or link reaches the logs.
 */

const PARALLEL = 64;
const NEW_PASSWORD = "laterne-am-hafenbecken";

const resetToken = (text: string) => text.match(/\/reset-password\/([A-Za-z0-9_-]{20,})/)?.[1];

const statuses = (responses: Response[]) =>
  responses.reduce<Record<number, number>>((counts, response) => ({ ...counts, [response.status]: (counts[response.status] ?? 0) + 1 }), {});

describeEachDatabase("password reset by mail", (kind) => {
  let testApp: TestApp;
  let sink: SmtpSink;
  let admin: PlannerClient;
  let email: string;
  let password: string;

  beforeAll(async () => {
    sink = await startSmtpSink();
    testApp = await createTestApp(kind, { transport: smtpTransport(sink.url) });
    ({ planner: admin, email, password } = await setUpOrganisation(testApp, "Stadt Bochum"));
  });
  afterAll(async () => {
    await testApp.close();
    await sink.close();
  });

  const forgetLimits = () => testApp.database.db.deleteFrom("rate_limit_events").execute();

  it("answers an unknown address exactly like a known one and mails only the known one", async () => {
    const ask = async (address: string) => {
      const response = await testApp.request("POST", "/api/auth/password-reset", { email: address });
      return { status: response.status, headers: [...response.headers.keys()].sort(), body: await response.text() };
    };
    const known = await ask(email.toUpperCase());
    const unknown = await ask("niemand@bochum.de");
    expect(known).toEqual(unknown);
    expect(JSON.parse(known.body)).toEqual({ ok: true, validMinutes: 60 });
    await testApp.mailWorker.runOnce();
    expect(sink.mailsTo("niemand@bochum.de")).toEqual([]);
    const [mail] = sink.mailsTo(email);
    expect(mail!.subject).toBe("Kanon: neues Passwort festlegen");
    expect(mail!.text).toContain("Guten Tag Anna Admin,");
    expect(mail!.text).toMatch(/60 Minuten gültig, nur einmal verwendbar/);
    expect(mail!.html).toContain(`http://kanon.test/reset-password/${resetToken(mail!.text)}`);
  });

  it("sets a strong new password with the link once, ends every session and logs it; the link is stored as a hash", async () => {
    const token = resetToken(sink.mailsTo(email).at(-1)!.text)!;
    const stored = await testApp.database.db.selectFrom("password_resets").selectAll().execute();
    expect(stored.map((row) => row.token_hash)).toEqual([hashToken(token)]);
    expect(JSON.stringify(await testApp.database.db.selectFrom("mail_outbox").selectAll().execute())).not.toContain(token);

    const otherDevice = await signedIn(testApp, await testApp.request("POST", "/api/auth/login", { email, password }));
    expect(await (await testApp.request("GET", `/api/auth/password-reset/${token}`)).json()).toEqual({ email, name: "Anna Admin", organisationName: "Stadt Bochum" });

    const weak = await testApp.request("POST", `/api/auth/password-reset/${token}`, { password: "bochum123456" });
    expect(weak.status).toBe(400);
    const { error } = await weak.json();
    expect(error.code).toBe("weak_password");
    expect(error.details).toEqual([{ path: "password", message: expect.any(String), messageDe: expect.stringContaining("Organisation") }]);

    expect(await (await testApp.request("POST", `/api/auth/password-reset/${token}`, { password: NEW_PASSWORD })).json()).toEqual({ ok: true });
    for (const session of [admin, otherDevice]) expect((await session.request("GET", "/api/auth/me")).status).toBe(401);
    expect((await testApp.request("POST", "/api/auth/login", { email, password })).status).toBe(401);
    admin = await signedIn(testApp, await testApp.request("POST", "/api/auth/login", { email, password: NEW_PASSWORD }));
    password = NEW_PASSWORD;

    const again = await testApp.request("POST", `/api/auth/password-reset/${token}`, { password: "noch-ein-ganz-anderes-passwort" });
    expect(again.status).toBe(404);
    expect((await again.json()).error.code).toBe("reset_link_unknown");
    expect((await testApp.request("GET", `/api/auth/password-reset/${token}`)).status).toBe(404);
    expect(await testApp.database.db.selectFrom("password_resets").selectAll().execute()).toEqual([]);

    const [entry] = (await admin.json("GET", "/api/audit-log?action=account.password_reset")).entries;
    expect(entry).toMatchObject({ userName: "Anna Admin", targetType: "user", targetLabel: "Anna Admin" });
  });

  it("uses up every link of the account with one, and refuses an expired link", async () => {
    await forgetLimits();
    for (let request = 0; request < 2; request++) await testApp.request("POST", "/api/auth/password-reset", { email });
    await testApp.mailWorker.runOnce();
    const [older, newer] = sink.mailsTo(email).slice(-2).map((mail) => resetToken(mail.text)!);
    expect(older).not.toBe(newer);
    expect((await testApp.request("POST", `/api/auth/password-reset/${newer}`, { password: "kraniche-ueber-dem-moor" })).status).toBe(200);
    expect((await testApp.request("POST", `/api/auth/password-reset/${older}`, { password: "kraniche-ueber-dem-moor-2" })).status).toBe(404);
    password = "kraniche-ueber-dem-moor";

    await testApp.request("POST", "/api/auth/password-reset", { email });
    await testApp.mailWorker.runOnce();
    const late = resetToken(sink.mailsTo(email).at(-1)!.text)!;
    await testApp.database.db.updateTable("password_resets").set({ expires_at: new Date(Date.now() - 1000) }).execute();
    expect((await testApp.request("GET", `/api/auth/password-reset/${late}`)).status).toBe(404);
    expect((await testApp.request("POST", `/api/auth/password-reset/${late}`, { password: "kraniche-ueber-dem-moor-3" })).status).toBe(404);
    expect((await testApp.request("POST", "/api/auth/login", { email, password })).status).toBe(200);
  });

  it("mails nothing for a removed planner's address, with the same answer", async () => {
    await forgetLimits();
    await testApp.database.db
      .insertInto("users")
      .values({ organisation_id: admin.organisationId, email: "weg@bochum.de", name: "Wera Weg", password_hash: "x", role: "planner", deactivated_at: new Date() })
      .execute();
    const response = await testApp.request("POST", "/api/auth/password-reset", { email: "weg@bochum.de" });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, validMinutes: 60 });
    await testApp.mailWorker.runOnce();
    expect(sink.mailsTo("weg@bochum.de")).toEqual([]);
  });

  it(`queues exactly ${PASSWORD_RESET_LIMIT.perEmail} mails for ${PARALLEL} parallel requests for one address`, async () => {
    await forgetLimits();
    const before = sink.mailsTo(email).length;
    const answers = await Promise.all(Array.from({ length: PARALLEL }, () => testApp.request("POST", "/api/auth/password-reset", { email })));
    expect(statuses(answers)).toEqual({ 200: PASSWORD_RESET_LIMIT.perEmail, 429: PARALLEL - PASSWORD_RESET_LIMIT.perEmail });
    const limited = answers.find((answer) => answer.status === 429)!;
    expect(limited.headers.get("retry-after")).toBe(String(PASSWORD_RESET_LIMIT.windowMinutes * 60));
    expect((await limited.json()).error.code).toBe("too_many_requests");
    await testApp.mailWorker.runOnce();
    expect(sink.mailsTo(email).length - before).toBe(PASSWORD_RESET_LIMIT.perEmail);
    // An unknown address is limited the same way, so the limit tells nothing either.
    await forgetLimits();
    const unknown = await Promise.all(Array.from({ length: PARALLEL }, () => testApp.request("POST", "/api/auth/password-reset", { email: "niemand@bochum.de" })));
    expect(statuses(unknown)).toEqual(statuses(answers));
  });

  it(`lets one client ask for exactly ${PASSWORD_RESET_LIMIT.perClient} addresses of ${PARALLEL} at once`, async () => {
    await forgetLimits();
    const answers = await Promise.all(
      Array.from({ length: PARALLEL }, (_, index) => testApp.request("POST", "/api/auth/password-reset", { email: `person${index}@bochum.de` })),
    );
    expect(statuses(answers)).toEqual({ 200: PASSWORD_RESET_LIMIT.perClient, 429: PARALLEL - PASSWORD_RESET_LIMIT.perClient });
    const stored = JSON.stringify(await testApp.database.db.selectFrom("rate_limit_events").select("key_hash").execute());
    expect(stored).not.toContain("@bochum.de");
  });

  it("writes no address, name or link into the logs", async () => {
    await forgetLimits();
    const lines: string[] = [];
    const restore = redirectLogs((line) => lines.push(line));
    setLogLevel("debug");
    try {
      await testApp.request("POST", "/api/auth/password-reset", { email });
      await testApp.request("POST", "/api/auth/password-reset", { email: "niemand@bochum.de" });
      await testApp.mailWorker.runOnce();
      const token = resetToken(sink.mailsTo(email).at(-1)!.text)!;
      await testApp.request("GET", `/api/auth/password-reset/${token}`);
      await testApp.request("POST", `/api/auth/password-reset/${token}`, { password: "schwach" });
      await testApp.request("POST", `/api/auth/password-reset/${token}`, { password: "mondlicht-ueber-der-ruhr" });
      const all = lines.join("\n");
      expect(lines.length).toBeGreaterThan(0);
      for (const secret of [email, "niemand@bochum.de", "Anna Admin", token, "mondlicht"]) expect(all).not.toContain(secret);
      expect(all).toContain("/api/auth/password-reset/***");
    } finally {
      setLogLevel("silent");
      restore();
    }
  });

  it("refuses resets by mail when mail goes out over SMTP without PUBLIC_URL (links must not follow a forged Host), alike for every address", async () => {
    const app = createApp({
      db: testApp.database.db,
      databaseKind: testApp.database.kind,
      config: loadConfig({ LOG_LEVEL: "silent" }),
      devMailbox: false,
      wakeMailWorker: () => {},
    });
    const ask = (address: string) =>
      app.request("http://evil.example/api/auth/password-reset", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: address }) });
    const [known, unknown] = await Promise.all([ask(email), ask("niemand@bochum.de")]);
    expect([known.status, unknown.status]).toEqual([503, 503]);
    expect(await known.text()).toBe(await unknown.text());
    expect(await testApp.database.db.selectFrom("mail_outbox").select("id").where("status", "=", "queued").execute()).toEqual([]);
  });
});
