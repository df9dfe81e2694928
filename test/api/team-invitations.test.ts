import { afterAll, beforeAll, expect, it } from "vitest";
import { hashToken } from "../../server/lib/tokens.ts";
import { smtpTransport } from "../../server/mailing/transport.ts";
import { describeEachDatabase } from "../support/databases.ts";
import { startSmtpSink, type SmtpSink } from "../support/smtp-sink.ts";
import { addOrganisation, createTestApp, setUpOrganisation, signedIn, type PlannerClient, type TestApp } from "../support/test-app.ts";

/**
 * Team invitations are accepted only by someone who can read the invited address: the link is
 * mailed there (over real SMTP here, so no dev mailbox shows it), stored as a hash, works once
 * and expires; no answer an admin can get carries it. Inviting an address that has an account
 * in another organisation answers exactly like inviting an unknown one.
 */

const STRONG = "gelbe-fenster-im-abendlicht";

const inviteToken = (text: string) => text.match(/\/invite\/([A-Za-z0-9_-]{20,})/)?.[1];

/** The median of some durations (ms). */
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

describeEachDatabase("team invitations", (kind) => {
  let testApp: TestApp;
  let sink: SmtpSink;
  let admin: PlannerClient;
  let otherAdmin: PlannerClient;
  let otherAdminEmail: string;

  beforeAll(async () => {
    sink = await startSmtpSink();
    testApp = await createTestApp(kind, { transport: smtpTransport(sink.url) });
    ({ planner: admin } = await setUpOrganisation(testApp, "Stadt Wuppertal"));
    ({ planner: otherAdmin, email: otherAdminEmail } = await addOrganisation(testApp, "Stadt Dortmund"));
  });
  afterAll(async () => {
    await testApp.close();
    await sink.close();
  });

  /** Every answer an admin can read without naming a resource: each GET route of the OpenAPI document without parameters. */
  async function everythingTheAdminCanRead(): Promise<string> {
    const document = (await (await testApp.request("GET", "/api/openapi.json")).json()) as { paths: Record<string, Record<string, unknown>> };
    const texts: string[] = [];
    for (const [path, operations] of Object.entries(document.paths)) {
      if (path.includes("{") || !("get" in operations)) continue;
      texts.push(`${path}: ${await (await admin.request("GET", path)).text()}`);
    }
    return texts.join("\n");
  }

  it("mails the link to the invited address only; the admin's answers never carry it; it is stored as a hash and works once", async () => {
    const invited = await admin.request("POST", "/api/team/invitations", { email: "Bernd.Planer@Wuppertal.de" });
    const invitedText = await invited.text();
    expect(invited.status).toBe(200);
    expect(JSON.parse(invitedText)).toEqual({ ok: true, email: "bernd.planer@wuppertal.de" });
    await testApp.mailWorker.runOnce();

    const mails = sink.mailsTo("bernd.planer@wuppertal.de");
    expect(mails).toHaveLength(1);
    const token = inviteToken(mails[0]!.text)!;
    expect(token).toBeTruthy();
    expect(mails[0]!.html).toContain(`http://kanon.test/invite/${token}`);
    expect(sink.received.filter((mail) => mail.text.includes(token)).map((mail) => mail.to)).toEqual(["bernd.planer@wuppertal.de"]);

    const team = await admin.json("GET", "/api/team");
    expect(team.invitations).toEqual([
      { id: expect.any(String), email: "bernd.planer@wuppertal.de", role: "planner", sentAt: expect.any(String), expiresAt: expect.any(String), expired: false },
    ]);
    // The dev mailbox is off when mail goes out over SMTP: the admin cannot read the mail in Kanon.
    expect((await admin.request("GET", "/api/dev/mailbox")).status).toBe(404);
    const readable = invitedText + (await everythingTheAdminCanRead());
    expect(readable).toContain("bernd.planer@wuppertal.de");
    expect(readable).not.toContain(token);
    expect(readable).not.toContain("/invite/");

    // At rest: the hash, never the token (the delivered mail's body is replaced in the outbox).
    const stored = await testApp.database.db.selectFrom("planner_invitations").selectAll().execute();
    expect(stored.map((row) => row.token_hash)).toEqual([hashToken(token)]);
    const outbox = await testApp.database.db.selectFrom("mail_outbox").select(["text_body", "html_body", "status"]).execute();
    expect(outbox.map((row) => row.status)).toEqual(["sent"]);
    expect(JSON.stringify({ stored, outbox })).not.toContain(token);

    expect(await (await testApp.request("GET", `/api/team/invitations/${token}`)).json()).toEqual({
      email: "bernd.planer@wuppertal.de",
      organisationName: "Stadt Wuppertal",
      accountExists: false,
    });
    const bernd = await signedIn(testApp, await testApp.request("POST", `/api/team/invitations/${token}/accept`, { name: "Bernd Planer", password: STRONG }));
    expect((await bernd.json("GET", "/api/auth/me")).user).toMatchObject({ email: "bernd.planer@wuppertal.de", role: "planner" });
    const again = await testApp.request("POST", `/api/team/invitations/${token}/accept`, { name: "Eve", password: "ein-anderes-langes-passwort" });
    expect(again.status).toBe(404);
    expect((await testApp.request("GET", `/api/team/invitations/${token}`)).status).toBe(404);
    const after = await admin.json("GET", "/api/team");
    expect(after.invitations).toEqual([]);
    expect(after.members.map((member: { email: string }) => member.email)).toContain("bernd.planer@wuppertal.de");

    const log = await admin.json("GET", "/api/audit-log");
    expect(log.entries.map((entry: { action: string }) => entry.action)).toEqual(expect.arrayContaining(["team.invited", "team.member_joined"]));
  });

  it("expires links; a resend mails a new link (the old one stops) and revives an expired invitation; a withdrawn link stops at once", async () => {
    await admin.json("POST", "/api/team/invitations", { email: "carla@wuppertal.de" });
    await testApp.mailWorker.runOnce();
    const first = inviteToken(sink.mailsTo("carla@wuppertal.de").at(-1)!.text)!;
    await testApp.database.db.updateTable("planner_invitations").set({ expires_at: new Date(Date.now() - 1000) }).where("email", "=", "carla@wuppertal.de").execute();
    expect((await testApp.request("GET", `/api/team/invitations/${first}`)).status).toBe(404);
    expect((await testApp.request("POST", `/api/team/invitations/${first}/accept`, { name: "Carla", password: STRONG })).status).toBe(404);
    const [expired] = (await admin.json("GET", "/api/team")).invitations;
    expect(expired).toMatchObject({ email: "carla@wuppertal.de", expired: true });

    const resent = await admin.request("POST", `/api/team/invitations/${expired.id}/resend`);
    const resentText = await resent.text();
    expect(resent.status).toBe(200);
    expect(JSON.parse(resentText)).toEqual({ ok: true, email: "carla@wuppertal.de" });
    await testApp.mailWorker.runOnce();
    const second = inviteToken(sink.mailsTo("carla@wuppertal.de").at(-1)!.text)!;
    expect(second).not.toBe(first);
    expect(resentText + (await everythingTheAdminCanRead())).not.toContain(second);
    expect((await admin.json("GET", "/api/team")).invitations[0]).toMatchObject({ id: expired.id, expired: false });
    expect((await testApp.request("GET", `/api/team/invitations/${second}`)).status).toBe(200);

    expect((await admin.request("POST", `/api/team/invitations/${expired.id}/revoke`)).status).toBe(200);
    expect((await testApp.request("GET", `/api/team/invitations/${second}`)).status).toBe(404);
    expect((await admin.json("GET", "/api/team")).invitations).toEqual([]);
    expect((await admin.request("POST", `/api/team/invitations/${expired.id}/resend`)).status).toBe(404);
    const actions = (await admin.json("GET", "/api/audit-log")).entries.map((entry: { action: string }) => entry.action);
    expect(actions).toEqual(expect.arrayContaining(["team.invitation_resent", "team.invitation_revoked"]));
  });

  it("answers an address with an account in another organisation exactly like an unknown one; only the mail to the address differs", async () => {
    const unknown = "neu@unbekannt.example";
    const elsewhere = otherAdminEmail;
    const answerFor = async (email: string) => {
      const response = await admin.request("POST", "/api/team/invitations", { email, role: "planner" });
      const text = await response.text();
      return { status: response.status, headers: [...response.headers.keys()].sort(), text: text.replace(email, "ADDRESS"), keys: Object.keys(JSON.parse(text)) };
    };
    const forUnknown = await answerFor(unknown);
    const forElsewhere = await answerFor(elsewhere);
    expect(forUnknown).toEqual(forElsewhere);
    expect(forUnknown).toMatchObject({ status: 200, text: '{"ok":true,"email":"ADDRESS"}', keys: ["ok", "email"] });

    // The team list and the audit log show both alike, field for field.
    const { invitations } = await admin.json("GET", "/api/team");
    const listed = (email: string) => invitations.find((invitation: { email: string }) => invitation.email === email);
    expect(Object.keys(listed(unknown)).sort()).toEqual(Object.keys(listed(elsewhere)).sort());
    expect({ ...listed(unknown), id: "", email: "", sentAt: "", expiresAt: "" }).toEqual({ ...listed(elsewhere), id: "", email: "", sentAt: "", expiresAt: "" });
    const { entries } = await admin.json("GET", "/api/audit-log?action=team.invited");
    const logged = (email: string) => entries.find((entry: { targetLabel: string }) => entry.targetLabel === email);
    expect({ ...logged(unknown), id: "", targetId: "", targetLabel: "", createdAt: "" }).toEqual({ ...logged(elsewhere), id: "", targetId: "", targetLabel: "", createdAt: "" });

    // Resending answers alike too.
    const resend = async (email: string) => {
      const response = await admin.request("POST", `/api/team/invitations/${listed(email).id}/resend`);
      return { status: response.status, text: (await response.text()).replace(email, "ADDRESS") };
    };
    expect(await resend(unknown)).toEqual(await resend(elsewhere));

    // The same work in both cases: the time of the answers is of one class.
    const durations: Record<string, number[]> = { [unknown]: [], [elsewhere]: [] };
    for (let round = 0; round < 7; round++) {
      for (const email of round % 2 === 0 ? [unknown, elsewhere] : [elsewhere, unknown]) {
        const started = performance.now();
        expect((await admin.request("POST", "/api/team/invitations", { email })).status).toBe(200);
        durations[email]!.push(performance.now() - started);
      }
    }
    const ratio = median(durations[unknown]!) / median(durations[elsewhere]!);
    expect(ratio).toBeGreaterThan(1 / 3);
    expect(ratio).toBeLessThan(3);

    // Only the owner of the address learns the difference, from the mail: a link for the new address, none for the taken one.
    await testApp.mailWorker.runOnce();
    expect(sink.mailsTo(unknown).every((mail) => inviteToken(mail.text))).toBe(true);
    const taken = sink.mailsTo(elsewhere);
    expect(taken.length).toBeGreaterThan(0);
    for (const mail of taken) {
      expect(inviteToken(mail.text)).toBeUndefined();
      expect(mail.text).toContain("schon ein Kanon-Konto");
      expect(mail.text).not.toContain("Stadt Dortmund");
    }
    // Its account is untouched and still in its own organisation.
    const account = await testApp.database.db.selectFrom("users").innerJoin("organisations", "organisations.id", "users.organisation_id").select("organisations.name").where("email", "=", elsewhere).execute();
    expect(account).toEqual([{ name: "Stadt Dortmund" }]);
  });

  it("refuses a member of the own team with 409 (the admin sees the team anyway)", async () => {
    const me = await admin.json("GET", "/api/auth/me");
    const response = await admin.request("POST", "/api/team/invitations", { email: me.user.email });
    expect(response.status).toBe(409);
    expect((await response.json()).error).toMatchObject({ code: "already_member", messageDe: expect.stringContaining("Team") });
  });

  it("tells the holder of a link whose address has an account meanwhile, and keeps the link unused", async () => {
    await admin.json("POST", "/api/team/invitations", { email: "wechsel@example.org" });
    await testApp.mailWorker.runOnce();
    const token = inviteToken(sink.mailsTo("wechsel@example.org").at(-1)!.text)!;
    const dortmund = await testApp.database.db.selectFrom("organisations").select("id").where("name", "=", "Stadt Dortmund").executeTakeFirstOrThrow();
    const account = await testApp.database.db
      .insertInto("users")
      .values({ organisation_id: dortmund.id, email: "wechsel@example.org", name: "Wera Wechsel", password_hash: "x", role: "planner" })
      .returning("id")
      .executeTakeFirstOrThrow();
    expect(await (await testApp.request("GET", `/api/team/invitations/${token}`)).json()).toMatchObject({ accountExists: true });
    const refused = await testApp.request("POST", `/api/team/invitations/${token}/accept`, { name: "Wera Wechsel", password: STRONG });
    expect(refused.status).toBe(409);
    expect((await refused.json()).error.code).toBe("account_exists");
    expect(await testApp.database.db.selectFrom("planner_invitations").select("accepted_at").where("email", "=", "wechsel@example.org").executeTakeFirst()).toEqual({ accepted_at: null });
    // Once that account is removed, the address is free and the same link works.
    await testApp.database.db.updateTable("users").set({ deactivated_at: new Date() }).where("id", "=", account.id).execute();
    expect((await testApp.request("POST", `/api/team/invitations/${token}/accept`, { name: "Wera Wechsel", password: STRONG })).status).toBe(200);
  });

  it("lets only one of two organisations' invitations of one address be accepted, also at the same moment", async () => {
    await admin.json("POST", "/api/team/invitations", { email: "doppelt@example.org" });
    await otherAdmin.json("POST", "/api/team/invitations", { email: "doppelt@example.org" });
    await testApp.mailWorker.runOnce();
    const tokens = sink.mailsTo("doppelt@example.org").map((mail) => inviteToken(mail.text)!);
    expect(tokens).toHaveLength(2);
    const answers = await Promise.all(tokens.map((token) => testApp.request("POST", `/api/team/invitations/${token}/accept`, { name: "Dora Doppelt", password: STRONG })));
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    const accounts = await testApp.database.db.selectFrom("users").select("id").where("email", "=", "doppelt@example.org").where("deactivated_at", "is", null).execute();
    expect(accounts).toHaveLength(1);
  });
});
