import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../server/auth/passwords.ts";
import { MailDeliveryError, type MailToSend, type MailTransport } from "../../server/mailing/transport.ts";
import { describeEachDatabase } from "../support/databases.ts";
import {
  addOrganisation,
  createTestApp,
  mailsTo,
  setUpOrganisation,
  signedIn,
  tokenFromMail,
  type PlannerClient,
  type TestApp,
} from "../support/test-app.ts";
import { openTwoQuestionSurvey } from "../support/scenes.ts";

async function lastTokenFor(testApp: TestApp, address: string): Promise<string> {
  const mails = await mailsTo(testApp, address);
  expect(mails.length, `mails to ${address}`).toBeGreaterThan(0);
  return tokenFromMail(mails.at(-1)!.text);
}

async function invitationsOf(planner: PlannerClient, surveyId: string) {
  return planner.json<{ invitations: any[]; counts: Record<string, number> }>("GET", `/api/surveys/${surveyId}/invitations`);
}

async function invitationFor(planner: PlannerClient, surveyId: string, email: string) {
  const { invitations } = await invitationsOf(planner, surveyId);
  const invitation = invitations.find((candidate) => candidate.email === email);
  expect(invitation, `invitation for ${email}`).toBeDefined();
  return invitation;
}

async function errorOf(response: Response) {
  const body = (await response.json()) as { error: { code: string; message: string; messageDe: string; details?: unknown } };
  return body.error;
}

/** Institutions, districts and networks of Stadt Wuppertal, inserted directly (the directory API is built elsewhere). */
async function seedDirectory(testApp: TestApp, organisationId: string) {
  const db = testApp.database.db;
  const district = async (name: string) =>
    (await db.insertInto("districts").values({ organisation_id: organisationId, name }).returning("id").executeTakeFirstOrThrow()).id;
  const elberfeld = await district("Elberfeld");
  const barmen = await district("Barmen");
  const entry = async (values: {
    kind?: "institution" | "network";
    name: string;
    type: string;
    districtId?: string | null;
    lifePhases?: string[];
    contactPerson?: string;
    emails?: string[];
  }) =>
    (
      await db
        .insertInto("directory_entries")
        .values({
          organisation_id: organisationId,
          kind: values.kind ?? "institution",
          name: values.name,
          type: values.type,
          district_id: values.districtId ?? null,
          life_phases: JSON.stringify(values.lifePhases ?? []),
          fields_of_action: JSON.stringify([]),
          contact_person: values.contactPerson ?? "",
          emails: JSON.stringify(values.emails ?? []),
        })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  const ids = {
    elberfeld,
    barmen,
    kitaSonnenschein: await entry({
      name: "Kita Sonnenschein",
      type: "Kita",
      districtId: elberfeld,
      lifePhases: ["early_childhood"],
      contactPerson: "Frau Sonne",
      emails: ["kita-sonnenschein@traeger.de", "leitung@kita-sonnenschein.de"],
    }),
    kitaRegenbogen: await entry({
      name: "Kita Regenbogen",
      type: "Kita",
      districtId: barmen,
      lifePhases: ["early_childhood"],
      contactPerson: "Herr Bogen",
      emails: ["kita-regenbogen@traeger.de"],
    }),
    familienzentrum: await entry({ name: "Familienzentrum Mitte", type: "Familienzentrum", districtId: elberfeld, lifePhases: ["early_childhood", "school"] }),
    jugendtreff: await entry({ name: "Jugendtreff Ost", type: "Jugendzentrum", districtId: elberfeld, lifePhases: ["youth"], emails: ["jugendtreff@ost.de"] }),
    grundschule: await entry({ name: "Grundschule Nord", type: "Schule", districtId: elberfeld, lifePhases: ["school"], emails: ["gs-nord@schule.de"] }),
    stkElberfeld: await entry({
      kind: "network",
      name: "Stadtteilkonferenz Elberfeld",
      type: "Stadtteilkonferenz",
      districtId: elberfeld,
      contactPerson: "Koordination Elberfeld",
      emails: ["stk-elberfeld@netz.de"],
    }),
    stkBarmen: await entry({ kind: "network", name: "Stadtteilkonferenz Barmen", type: "stadtteilkonferenz", districtId: barmen }),
    agFrueheHilfen: await entry({ kind: "network", name: "AG Frühe Hilfen", type: "Arbeitskreis", emails: ["ag-fh@netz.de"] }),
  };
  await db
    .insertInto("network_members")
    .values([
      { network_id: ids.stkElberfeld, member_id: ids.kitaSonnenschein, organisation_id: organisationId },
      { network_id: ids.stkElberfeld, member_id: ids.jugendtreff, organisation_id: organisationId },
      { network_id: ids.stkElberfeld, member_id: ids.familienzentrum, organisation_id: organisationId },
      { network_id: ids.agFrueheHilfen, member_id: ids.kitaRegenbogen, organisation_id: organisationId },
    ])
    .execute();
  return ids;
}

type Directory = Awaited<ReturnType<typeof seedDirectory>>;

const names = (targets: { name: string }[]) => targets.map((target) => target.name);

describeEachDatabase("survey invitations", (kind) => {
  let testApp: TestApp;
  let planner: PlannerClient;
  let plannerEmail: string;
  let directory: Directory;

  beforeAll(async () => {
    testApp = await createTestApp(kind);
    ({ planner, email: plannerEmail } = await setUpOrganisation(testApp));
    directory = await seedDirectory(testApp, planner.organisationId);
  });
  afterAll(() => testApp.close());

  describe("targeting the directory", () => {
    let surveyId: string;
    beforeAll(async () => {
      surveyId = await openTwoQuestionSurvey(planner, "Netzwerkanalyse Wuppertal");
    });

    const targets = (filter: Record<string, unknown>) => planner.json("POST", `/api/surveys/${surveyId}/recipients/targets`, { filter });

    it("selects all networks of a type, case-insensitively, and counts those without an address", async () => {
      const result = await targets({ kind: "network", types: ["Stadtteilkonferenz"] });
      expect(names(result.targets)).toEqual(["Stadtteilkonferenz Barmen", "Stadtteilkonferenz Elberfeld"]);
      expect(result.targets[1]).toEqual({
        id: directory.stkElberfeld,
        kind: "network",
        name: "Stadtteilkonferenz Elberfeld",
        type: "Stadtteilkonferenz",
        districtName: "Elberfeld",
        email: "stk-elberfeld@netz.de",
        alreadyInvited: false,
      });
      expect(result.targets[0].email).toBeNull();
      expect(result.counts).toEqual({ total: 2, invitable: 1, alreadyInvited: 0, withoutEmail: 1 });
    });

    it("selects the members of a network", async () => {
      const result = await targets({ memberOfNetworkIds: [directory.stkElberfeld] });
      expect(names(result.targets)).toEqual(["Familienzentrum Mitte", "Jugendtreff Ost", "Kita Sonnenschein"]);
      expect(result.counts).toEqual({ total: 3, invitable: 2, alreadyInvited: 0, withoutEmail: 1 });
      // The first address is the one invitations go to.
      expect(result.targets[2].email).toBe("kita-sonnenschein@traeger.de");
    });

    it("combines district and life phase (both must hold)", async () => {
      const result = await targets({ districtIds: [directory.elberfeld], lifePhases: ["early_childhood"] });
      expect(names(result.targets)).toEqual(["Familienzentrum Mitte", "Kita Sonnenschein"]);
      expect(result.targets.every((target: { districtName: string }) => target.districtName === "Elberfeld")).toBe(true);
      const barmen = await targets({ districtIds: [directory.barmen], lifePhases: ["early_childhood"] });
      expect(names(barmen.targets)).toEqual(["Kita Regenbogen"]);
      const nobody = await targets({ districtIds: [directory.barmen], lifePhases: ["youth"] });
      expect(nobody.targets).toEqual([]);
      expect(nobody.counts).toEqual({ total: 0, invitable: 0, alreadyInvited: 0, withoutEmail: 0 });
    });

    it("invites a filter's entries and hand-picked ones at their first address, reporting those without one", async () => {
      const result = await planner.json("POST", `/api/surveys/${surveyId}/invitations`, {
        filter: { memberOfNetworkIds: [directory.stkElberfeld] },
        directoryEntryIds: [directory.kitaRegenbogen, directory.jugendtreff],
      });
      expect(result.created).toBe(3);
      expect(result.alreadyInvited).toEqual([]);
      expect(result.withoutEmail).toEqual([{ id: directory.familienzentrum, name: "Familienzentrum Mitte" }]);
      expect(result.mailingId).toEqual(expect.any(String));

      const { invitations } = await invitationsOf(planner, surveyId);
      const byEmail = Object.fromEntries(invitations.map((invitation) => [invitation.email, invitation]));
      expect(Object.keys(byEmail).sort()).toEqual(["jugendtreff@ost.de", "kita-regenbogen@traeger.de", "kita-sonnenschein@traeger.de"]);
      expect(byEmail["kita-sonnenschein@traeger.de"]).toMatchObject({
        name: "Frau Sonne",
        status: "queued",
        directoryEntry: { id: directory.kitaSonnenschein, name: "Kita Sonnenschein", kind: "institution", districtName: "Elberfeld" },
      });
      expect(byEmail["kita-regenbogen@traeger.de"].directoryEntry).toMatchObject({ name: "Kita Regenbogen", districtName: "Barmen" });

      await testApp.mailWorker.runOnce();
      const [mail] = await mailsTo(testApp, "kita-sonnenschein@traeger.de");
      expect(mail!.to).toBe('"Frau Sonne" <kita-sonnenschein@traeger.de>');
      expect(mail!.text).toContain("Guten Tag Frau Sonne,");
      expect(await mailsTo(testApp, "leitung@kita-sonnenschein.de")).toEqual([]);
    });

    it("marks invited entries in the targets and never invites them twice", async () => {
      const result = await targets({ memberOfNetworkIds: [directory.stkElberfeld] });
      expect(result.targets.map((target: { alreadyInvited: boolean }) => target.alreadyInvited)).toEqual([false, true, true]);
      expect(result.counts).toEqual({ total: 3, invitable: 0, alreadyInvited: 2, withoutEmail: 1 });

      const again = await planner.json("POST", `/api/surveys/${surveyId}/invitations`, {
        filter: { memberOfNetworkIds: [directory.stkElberfeld] },
      });
      expect(again).toEqual({
        created: 0,
        alreadyInvited: ["jugendtreff@ost.de", "kita-sonnenschein@traeger.de"],
        withoutEmail: [{ id: directory.familienzentrum, name: "Familienzentrum Mitte" }],
        mailingId: null,
      });
      const networks = await planner.json("POST", `/api/surveys/${surveyId}/invitations`, {
        filter: { kind: "network", types: ["stadtteilkonferenz"] },
      });
      expect(networks).toMatchObject({ created: 1, alreadyInvited: [], withoutEmail: [{ id: directory.stkBarmen, name: "Stadtteilkonferenz Barmen" }] });
      const { invitations, counts } = await invitationsOf(planner, surveyId);
      expect(counts.total).toBe(4);
      expect(invitations.filter((invitation) => invitation.email === "kita-sonnenschein@traeger.de")).toHaveLength(1);
      await testApp.mailWorker.runOnce();
      expect(await mailsTo(testApp, "kita-sonnenschein@traeger.de")).toHaveLength(1);
    });
  });

  describe("pasted addresses and the directory", () => {
    let surveyId: string;
    beforeAll(async () => {
      surveyId = await openTwoQuestionSurvey(planner, "Angebotsbestandsaufnahme");
    });

    it("marks pasted addresses the directory knows with their entry", async () => {
      const { entries } = await planner.json("POST", `/api/surveys/${surveyId}/recipients/check`, {
        text: "Herr Nord <GS-Nord@Schule.de>\nNeue Einrichtung <neu@einrichtung.de>; leitung@kita-sonnenschein.de",
      });
      expect(entries).toEqual([
        {
          raw: "Herr Nord <GS-Nord@Schule.de>",
          email: "gs-nord@schule.de",
          name: "Nord",
          salutation: "mr",
          status: "valid",
          greeting: "Guten Tag Herr Nord,",
          directoryEntry: { id: directory.grundschule, name: "Grundschule Nord" },
        },
        {
          raw: "Neue Einrichtung <neu@einrichtung.de>",
          email: "neu@einrichtung.de",
          name: "Neue Einrichtung",
          salutation: null,
          status: "valid",
          greeting: "Guten Tag,",
          directoryEntry: null,
        },
        // The second address of an entry is known too; without a name the greeting uses the entry's contact person.
        {
          raw: "leitung@kita-sonnenschein.de",
          email: "leitung@kita-sonnenschein.de",
          name: "",
          salutation: null,
          status: "valid",
          greeting: "Guten Tag Frau Sonne,",
          directoryEntry: { id: directory.kitaSonnenschein, name: "Kita Sonnenschein" },
        },
      ]);
    });

    it("adds unknown pasted addresses to the directory and links known ones to their entry", async () => {
      const before = await testApp.database.db.selectFrom("directory_entries").select("id").where("organisation_id", "=", planner.organisationId).execute();
      const result = await planner.json("POST", `/api/surveys/${surveyId}/invitations`, {
        recipients: [
          { email: "gs-nord@schule.de", name: "Nord", salutation: "mr" },
          { email: "neu@einrichtung.de", name: "Neue Einrichtung" },
        ],
        addToDirectory: true,
      });
      expect(result).toMatchObject({ created: 2, alreadyInvited: [], withoutEmail: [] });

      const entries = await testApp.database.db
        .selectFrom("directory_entries")
        .select(["id", "kind", "name", "contact_person", "emails"])
        .where("organisation_id", "=", planner.organisationId)
        .execute();
      expect(entries).toHaveLength(before.length + 1);
      const added = entries.find((entry) => entry.emails.includes("neu@einrichtung.de"));
      expect(added).toMatchObject({ kind: "institution", name: "Neue Einrichtung", contact_person: "Neue Einrichtung", emails: ["neu@einrichtung.de"] });
      expect(entries.filter((entry) => entry.emails.includes("gs-nord@schule.de"))).toHaveLength(1);

      const grundschule = await invitationFor(planner, surveyId, "gs-nord@schule.de");
      expect(grundschule.directoryEntry).toEqual({ id: directory.grundschule, name: "Grundschule Nord", kind: "institution", districtName: "Elberfeld" });
      const neu = await invitationFor(planner, surveyId, "neu@einrichtung.de");
      expect(neu.directoryEntry).toEqual({ id: added!.id, name: "Neue Einrichtung", kind: "institution", districtName: null });
    });

    it("leaves the directory alone without addToDirectory", async () => {
      await planner.json("POST", `/api/surveys/${surveyId}/invitations`, { recipients: [{ email: "nur-einmal@verein.de", name: "Verein" }] });
      const entries = await testApp.database.db.selectFrom("directory_entries").select(["id", "emails"]).execute();
      const added = entries.filter((entry) => entry.emails.includes("nur-einmal@verein.de"));
      expect(added).toEqual([]);
      expect((await invitationFor(planner, surveyId, "nur-einmal@verein.de")).directoryEntry).toBeNull();
    });

    it("marks invited addresses as already invited, still naming their entry", async () => {
      const { entries } = await planner.json("POST", `/api/surveys/${surveyId}/recipients/check`, {
        text: "gs-nord@schule.de, NEU@einrichtung.de, frisch@adresse.de",
      });
      expect(entries.map((entry: { status: string }) => entry.status)).toEqual(["already_invited", "already_invited", "valid"]);
      expect(entries[0].directoryEntry).toEqual({ id: directory.grundschule, name: "Grundschule Nord" });
      expect(entries[1].directoryEntry?.name).toBe("Neue Einrichtung");
      const again = await planner.json("POST", `/api/surveys/${surveyId}/invitations`, {
        recipients: [{ email: "gs-nord@schule.de", name: "" }],
        directoryEntryIds: [directory.grundschule],
        addToDirectory: true,
      });
      expect(again).toEqual({ created: 0, alreadyInvited: ["gs-nord@schule.de"], withoutEmail: [], mailingId: null });
    });
  });

  describe("mail templates", () => {
    let surveyId: string;
    const customInvitation = {
      subject: "{{organisation}}: {{survey}}",
      body:
        "Hallo {{name}},\n\nbitte antworten Sie bis zum {{deadline}} auf „{{survey}}“.\n\nIhr Link: {{link}}\n\nViele Grüße\n{{planner}}, {{organisation}}",
    };

    beforeAll(async () => {
      surveyId = await openTwoQuestionSurvey(planner, "Kitas <script>alert(1)</script> & Co");
    });

    it("starts with Kanon's wording for invitation and reminder", async () => {
      const templates = await planner.json("GET", `/api/surveys/${surveyId}/mail-templates`);
      expect(templates.de.invitation).toMatchObject({ isDefault: true, subject: "Umfrage: {{survey}} – {{organisation}}" });
      expect(templates.de.invitation.body).toMatch(/^\{\{greeting\}\}\n/);
      expect(templates.de.invitation.body).toContain("{{link}}");
      expect(templates.de.invitation.body).not.toMatch(/Your personal link|---/);
      expect(templates.de.reminder).toMatchObject({ isDefault: true, subject: "Erinnerung: {{survey}} – {{organisation}}" });
      expect(templates.en.invitation).toMatchObject({ isDefault: true, subject: "Survey: {{survey}} – {{organisation}}" });
      expect(templates.en.invitation.body).toContain("Your personal link:\n{{link}}");
      expect(templates.en.reminder).toMatchObject({ isDefault: true, subject: "Reminder: {{survey}} – {{organisation}}" });
      expect(templates.placeholders).toEqual(["greeting", "name", "link", "deadline", "organisation", "planner", "survey"]);
    });

    it("refuses unknown placeholders and a body without {{link}}, naming the problem, and saves nothing", async () => {
      const unknown = await planner.request("PUT", `/api/surveys/${surveyId}/mail-templates/de/invitation`, {
        subject: "Hallo {{vorname}}",
        body: "Bitte bis {{frist}} antworten: {{link}}",
      });
      expect(unknown.status).toBe(400);
      const unknownError = await errorOf(unknown);
      expect(unknownError.code).toBe("invalid_template");
      expect(unknownError.messageDe).toContain("{{vorname}}");
      expect(unknownError.messageDe).toContain("{{frist}}");
      expect(unknownError.details).toEqual([
        { code: "unknown_placeholder", placeholder: "vorname" },
        { code: "unknown_placeholder", placeholder: "frist" },
      ]);

      const noLink = await planner.request("PUT", `/api/surveys/${surveyId}/mail-templates/de/reminder`, { subject: "Erinnerung", body: "Bitte antworten Sie." });
      expect(noLink.status).toBe(400);
      const noLinkError = await errorOf(noLink);
      expect(noLinkError.code).toBe("invalid_template");
      expect(noLinkError.messageDe).toContain("{{link}}");
      expect(noLinkError.details).toEqual([{ code: "missing_link" }]);

      const templates = await planner.json("GET", `/api/surveys/${surveyId}/mail-templates`);
      expect(templates.de.invitation.isDefault).toBe(true);
      expect(templates.de.reminder.isDefault).toBe(true);
    });

    it("sends the next invitation in the saved wording, placeholders filled and markup escaped", async () => {
      const saved = await planner.json("PUT", `/api/surveys/${surveyId}/mail-templates/de/invitation`, customInvitation);
      expect(saved).toEqual({ ...customInvitation, isDefault: false });
      expect((await planner.json("GET", `/api/surveys/${surveyId}/mail-templates`)).de.invitation).toEqual({ ...customInvitation, isDefault: false });

      await planner.json("POST", `/api/surveys/${surveyId}/invitations`, { recipients: [{ email: "eva@kita-x.de", name: "Eva <b>Schmidt</b>" }] });
      await testApp.mailWorker.runOnce();
      const [mail] = await mailsTo(testApp, "eva@kita-x.de");
      const token = tokenFromMail(mail!.text);
      expect(mail!.subject).toBe("Stadt Wuppertal: Kitas <script>alert(1)</script> & Co");
      expect(mail!.text).toBe(
        "Hallo Eva <b>Schmidt</b>,\n\n" +
          "bitte antworten Sie bis zum 31.12.2099 auf „Kitas <script>alert(1)</script> & Co“.\n\n" +
          `Ihr Link: http://kanon.test/r/${token}?lang=de\n\n` +
          "Viele Grüße\nAnna Admin, Stadt Wuppertal",
      );
      expect(mail!.html).not.toContain("<script>");
      expect(mail!.html).not.toContain("<b>");
      expect(mail!.html).toContain("Kitas &#60;script&#62;alert(1)&#60;/script&#62; &#38; Co");
      expect(mail!.html).toContain("Hallo Eva &#60;b&#62;Schmidt&#60;/b&#62;,");
      expect(mail!.html).toContain("31.12.2099");
      expect(mail!.html).toContain(`<a href="http://kanon.test/r/${token}?lang=de">`);
      expect(mail!.html).toContain("Anna Admin, Stadt Wuppertal");
      expect((await testApp.request("GET", `/api/r/${token}`)).status).toBe(200);
    });

    it("previews the mail for a chosen invitation or directory entry with an example link", async () => {
      const invitation = await invitationFor(planner, surveyId, "eva@kita-x.de");
      const preview = await planner.json("POST", `/api/surveys/${surveyId}/mail-templates/preview`, { ...customInvitation, invitationId: invitation.id });
      expect(preview).toMatchObject({
        to: '"Eva <b>Schmidt</b>" <eva@kita-x.de>',
        from: '"Stadt Wuppertal" <no-reply@kanon.localhost>',
        replyTo: plannerEmail,
        subject: "Stadt Wuppertal: Kitas <script>alert(1)</script> & Co",
        problems: [],
      });
      expect(preview.text).toContain("Ihr Link: http://kanon.test/r/BEISPIEL-LINK?lang=de");
      expect(preview.text).toContain("bis zum 31.12.2099");
      expect(preview.html).toContain('<a href="http://kanon.test/r/BEISPIEL-LINK?lang=de">');
      expect(preview.html).not.toContain("<script>");

      const forEntry = await planner.json("POST", `/api/surveys/${surveyId}/mail-templates/preview`, {
        ...customInvitation,
        directoryEntryId: directory.kitaSonnenschein,
      });
      expect(forEntry.to).toBe('"Frau Sonne" <kita-sonnenschein@traeger.de>');
      expect(forEntry.text).toContain("Hallo Frau Sonne,");

      const draft = await planner.json("POST", `/api/surveys/${surveyId}/mail-templates/preview`, { subject: "Hallo {{vorname}}", body: "Text ohne Link" });
      expect(draft.problems).toEqual([{ code: "unknown_placeholder", placeholder: "vorname" }, { code: "missing_link" }]);
      expect(draft.subject).toBe("Hallo {{vorname}}");

      const missing = await planner.request("POST", `/api/surveys/${surveyId}/mail-templates/preview`, {
        ...customInvitation,
        invitationId: "00000000-0000-4000-8000-000000000000",
      });
      expect(missing.status).toBe(404);
    });

    it("goes back to the default wording on reset", async () => {
      const reset = await planner.json("DELETE", `/api/surveys/${surveyId}/mail-templates/de/invitation`);
      expect(reset).toMatchObject({ isDefault: true, subject: "Umfrage: {{survey}} – {{organisation}}" });
      expect((await planner.json("GET", `/api/surveys/${surveyId}/mail-templates`)).de.invitation.isDefault).toBe(true);
      await planner.json("POST", `/api/surveys/${surveyId}/invitations`, { recipients: [{ email: "nach-reset@kita-x.de", name: "" }] });
      await testApp.mailWorker.runOnce();
      const [mail] = await mailsTo(testApp, "nach-reset@kita-x.de");
      expect(mail!.subject).toBe("Umfrage: Kitas <script>alert(1)</script> & Co – Stadt Wuppertal");
      expect(mail!.text).toContain("Guten Tag,");
    });

    it("leaves out the deadline sentences when the survey has no closing date, but never the link", async () => {
      const openEnded = await openTwoQuestionSurvey(planner, "Ohne Frist", null);
      await planner.json("POST", `/api/surveys/${openEnded}/invitations`, { recipients: [{ email: "ohne-frist@kita-x.de", name: "" }] });
      await testApp.mailWorker.runOnce();
      const [mail] = await mailsTo(testApp, "ohne-frist@kita-x.de");
      expect(mail!.text).not.toMatch(/bis zum|answer by|\{\{|\.\.\d/);
      expect(mail!.text).toContain("an der Umfrage „Ohne Frist“.");
      const token = tokenFromMail(mail!.text);

      await planner.json("PUT", `/api/surveys/${openEnded}/mail-templates/de/invitation`, {
        subject: "{{survey}}",
        body: "Guten Tag,\n\nbitte antworten Sie bis zum {{deadline}} über {{link}}\n\nDanke!",
      });
      await planner.json("POST", `/api/surveys/${openEnded}/invitations`, { recipients: [{ email: "ohne-frist-2@kita-x.de", name: "" }] });
      await testApp.mailWorker.runOnce();
      const [second] = await mailsTo(testApp, "ohne-frist-2@kita-x.de");
      const secondToken = tokenFromMail(second!.text);
      expect(secondToken).not.toBe(token);
      expect(second!.html).toContain(`<a href="http://kanon.test/r/${secondToken}?lang=de">`);
      expect(second!.text).not.toContain("{{");
    });
  });

  describe("scheduled sending and mailing progress", () => {
    let surveyId: string;
    beforeAll(async () => {
      surveyId = await openTwoQuestionSurvey(planner, "Geplanter Versand");
    });

    it("shows each mailing's progress: everything sent after the worker ran", async () => {
      const { mailingId } = await planner.json("POST", `/api/surveys/${surveyId}/invitations`, {
        recipients: ["fortschritt-1@verein.de", "fortschritt-2@verein.de", "fortschritt-3@verein.de"].map((email) => ({ email, name: "" })),
      });
      let { mailings } = await planner.json("GET", `/api/surveys/${surveyId}/mailings`);
      expect(mailings.find((mailing: { id: string }) => mailing.id === mailingId)).toMatchObject({
        kind: "invitation",
        total: 3,
        queued: 3,
        sent: 0,
        failed: 0,
        cancelledAt: null,
        createdBy: "Anna Admin",
      });
      await testApp.mailWorker.runOnce();
      ({ mailings } = await planner.json("GET", `/api/surveys/${surveyId}/mailings`));
      expect(mailings.find((mailing: { id: string }) => mailing.id === mailingId)).toMatchObject({ total: 3, queued: 0, sending: 0, sent: 3, failed: 0 });
    });

    it("holds a mailing scheduled an hour ahead: queued, not delivered", async () => {
      const scheduledAt = new Date(Date.now() + 3_600_000).toISOString();
      const { mailingId, created } = await planner.json("POST", `/api/surveys/${surveyId}/invitations`, {
        recipients: [
          { email: "spaeter-1@verein.de", name: "" },
          { email: "spaeter-2@verein.de", name: "" },
        ],
        scheduledAt,
      });
      expect(created).toBe(2);
      await testApp.mailWorker.runOnce();
      expect(await mailsTo(testApp, "spaeter-1@verein.de")).toEqual([]);
      const rows = await testApp.database.db.selectFrom("mail_outbox").select(["status", "next_attempt_at"]).where("mailing_id", "=", mailingId).execute();
      expect(rows).toHaveLength(2);
      for (const row of rows) {
        expect(row.status).toBe("queued");
        expect(row.next_attempt_at.getTime()).toBe(new Date(scheduledAt).getTime());
      }
      expect((await invitationFor(planner, surveyId, "spaeter-1@verein.de")).status).toBe("queued");
      const { mailings } = await planner.json("GET", `/api/surveys/${surveyId}/mailings`);
      const mailing = mailings.find((candidate: { id: string }) => candidate.id === mailingId);
      expect(new Date(mailing.scheduledAt).getTime()).toBe(new Date(scheduledAt).getTime());
      expect(mailing).toMatchObject({ total: 2, queued: 2, sent: 0 });
      // Newest first.
      expect(mailings[0].id).toBe(mailingId);
    });

    it("cancels a scheduled mailing: its invitations are withdrawn and its mails never go out", async () => {
      const { mailings } = await planner.json("GET", `/api/surveys/${surveyId}/mailings`);
      const mailingId = mailings[0].id;
      const cancelled = await planner.json("POST", `/api/surveys/${surveyId}/mailings/${mailingId}/cancel`);
      expect(cancelled).toEqual({ cancelled: 2 });
      const { invitations } = await invitationsOf(planner, surveyId);
      expect(invitations.map((invitation) => invitation.email).sort()).toEqual(["fortschritt-1@verein.de", "fortschritt-2@verein.de", "fortschritt-3@verein.de"]);
      expect(await testApp.database.db.selectFrom("mail_outbox").select("id").where("mailing_id", "=", mailingId).execute()).toEqual([]);
      const after = (await planner.json("GET", `/api/surveys/${surveyId}/mailings`)).mailings.find((mailing: { id: string }) => mailing.id === mailingId);
      expect(after.cancelledAt).toEqual(expect.any(String));
      expect(after.queued).toBe(0);

      // Nothing of it goes out later, and the addresses can be invited again.
      await testApp.database.db.updateTable("mail_outbox").set({ next_attempt_at: new Date(0) }).where("status", "=", "queued").execute();
      await testApp.mailWorker.runOnce();
      expect(await mailsTo(testApp, "spaeter-1@verein.de")).toEqual([]);
      const again = await planner.json("POST", `/api/surveys/${surveyId}/invitations`, { recipients: [{ email: "spaeter-1@verein.de", name: "" }] });
      expect(again.created).toBe(1);
    });
  });

  describe("statuses, resend, revoke and hand-over", () => {
    let surveyId: string;
    const tokens: Record<string, string> = {};
    const addresses = ["status-sent@kita.de", "status-opened@kita.de", "status-draft@kita.de", "status-submitted@kita.de"];

    beforeAll(async () => {
      surveyId = await openTwoQuestionSurvey(planner, "Status und Links");
    });

    it("follows each invitation from queued through sent, opened and draft to submitted, with timestamps", async () => {
      await planner.json("POST", `/api/surveys/${surveyId}/invitations`, { recipients: addresses.map((email) => ({ email, name: "" })) });
      let { invitations, counts } = await invitationsOf(planner, surveyId);
      expect(invitations.every((invitation) => invitation.status === "queued" && invitation.sentAt === null)).toBe(true);
      expect(counts).toEqual({ total: 4, queued: 4, sent: 0, failed: 0, opened: 0, draft: 0, submitted: 0, revoked: 0 });

      await testApp.mailWorker.runOnce();
      for (const address of addresses) tokens[address] = await lastTokenFor(testApp, address);
      ({ invitations, counts } = await invitationsOf(planner, surveyId));
      expect(counts).toMatchObject({ total: 4, queued: 0, sent: 4 });
      expect(invitations.every((invitation) => invitation.sentAt !== null && invitation.openedAt === null)).toBe(true);

      expect((await testApp.request("GET", `/api/r/${tokens["status-opened@kita.de"]}`)).status).toBe(200);
      const draft = await testApp.request("PUT", `/api/r/${tokens["status-draft@kita.de"]}/draft`, { answers: { "network.sphere": "stadtteil" }, page: 0, baseRevision: 0 });
      expect(draft.status).toBe(200);
      const submitted = await testApp.request("POST", `/api/r/${tokens["status-submitted@kita.de"]}/submit`, {
        answers: { "network.sphere": "quartier", "network.founding_year": 2010 },
        page: 0,
        baseRevision: 0,
      });
      expect(submitted.status).toBe(200);

      ({ invitations, counts } = await invitationsOf(planner, surveyId));
      expect(counts).toEqual({ total: 4, queued: 0, sent: 1, failed: 0, opened: 1, draft: 1, submitted: 1, revoked: 0 });
      const byEmail = Object.fromEntries(invitations.map((invitation) => [invitation.email, invitation]));
      expect(byEmail["status-sent@kita.de"]).toMatchObject({ status: "sent", openedAt: null, draftSavedAt: null, submittedAt: null, failureReason: null });
      expect(byEmail["status-opened@kita.de"]).toMatchObject({ status: "opened", draftSavedAt: null, submittedAt: null });
      expect(byEmail["status-opened@kita.de"].openedAt).toEqual(expect.any(String));
      expect(Date.parse(byEmail["status-opened@kita.de"].openedAt)).toBeGreaterThanOrEqual(Date.parse(byEmail["status-opened@kita.de"].sentAt));
      expect(byEmail["status-draft@kita.de"]).toMatchObject({ status: "draft", submittedAt: null });
      expect(byEmail["status-draft@kita.de"].draftSavedAt).toEqual(expect.any(String));
      expect(byEmail["status-submitted@kita.de"]).toMatchObject({ status: "submitted", draftSavedAt: null });
      expect(byEmail["status-submitted@kita.de"].submittedAt).toEqual(expect.any(String));
      // The survey overview agrees.
      const survey = await planner.json("GET", `/api/surveys/${surveyId}`);
      expect(survey.counts).toMatchObject({ submitted: 1, draft: 1 });
    });

    it("resends with a new link in a new mail; the old link keeps working on the same response", async () => {
      const address = "status-draft@kita.de";
      const invitation = await invitationFor(planner, surveyId, address);
      const resent = await planner.json("POST", `/api/surveys/${surveyId}/invitations/${invitation.id}/resend`);
      expect(resent).toMatchObject({ id: invitation.id, email: address, status: "draft" });
      await testApp.mailWorker.runOnce();
      const mails = await mailsTo(testApp, address);
      expect(mails).toHaveLength(2);
      const fresh = tokenFromMail(mails[1]!.text);
      expect(fresh).not.toBe(tokens[address]);
      const viaNew = (await (await testApp.request("GET", `/api/r/${fresh}`)).json()) as any;
      expect(viaNew.answers).toEqual({ "network.sphere": "stadtteil" });
      const save = await testApp.request("PUT", `/api/r/${fresh}/draft`, {
        answers: { "network.sphere": "stadtteil", "network.founding_year": 1999 },
        page: 0,
        baseRevision: viaNew.revision,
      });
      expect(save.status).toBe(200);
      const viaOld = (await (await testApp.request("GET", `/api/r/${tokens[address]}`)).json()) as any;
      expect(viaOld.answers).toEqual({ "network.sphere": "stadtteil", "network.founding_year": 1999 });
      const { mailings } = await planner.json("GET", `/api/surveys/${surveyId}/mailings`);
      expect(mailings[0]).toMatchObject({ kind: "resend", total: 1, sent: 1 });
    });

    it("revokes every link of an invitation and stops its queued mails; restore makes the links work again", async () => {
      const address = "status-opened@kita.de";
      const invitation = await invitationFor(planner, surveyId, address);
      await planner.json("POST", `/api/surveys/${surveyId}/invitations/${invitation.id}/resend`);
      const revoked = await planner.json("POST", `/api/surveys/${surveyId}/invitations/${invitation.id}/revoke`);
      expect(revoked.status).toBe("revoked");
      expect(revoked.revokedAt).toEqual(expect.any(String));
      expect(
        await testApp.database.db.selectFrom("mail_outbox").select("id").where("invitation_id", "=", invitation.id).where("status", "=", "queued").execute(),
      ).toEqual([]);
      await testApp.mailWorker.runOnce();
      expect(await mailsTo(testApp, address)).toHaveLength(1);

      const opened = await testApp.request("GET", `/api/r/${tokens[address]}`);
      expect(opened.status).toBe(410);
      const error = await errorOf(opened);
      expect(error.code).toBe("link_revoked");
      // The page explaining it names the organisation and speaks in the survey's form of address.
      expect(error.details).toEqual({ organisationName: "Stadt Wuppertal", formOfAddress: "sie" });
      const save = await testApp.request("PUT", `/api/r/${tokens[address]}/draft`, { answers: { "network.sphere": "x" }, page: 0, baseRevision: 0 });
      expect(save.status).toBe(410);
      const submit = await testApp.request("POST", `/api/r/${tokens[address]}/submit`, { answers: {}, page: 0, baseRevision: 0 });
      expect(submit.status).toBe(410);
      expect(await testApp.database.db.selectFrom("responses").select("id").where("invitation_id", "=", invitation.id).execute()).toEqual([]);

      const resend = await planner.request("POST", `/api/surveys/${surveyId}/invitations/${invitation.id}/resend`);
      expect(resend.status).toBe(409);
      expect((await errorOf(resend)).code).toBe("invitation_revoked");
      expect((await invitationsOf(planner, surveyId)).counts.revoked).toBe(1);

      const restored = await planner.json("POST", `/api/surveys/${surveyId}/invitations/${invitation.id}/restore`);
      expect(restored).toMatchObject({ status: "opened", revokedAt: null });
      expect((await testApp.request("GET", `/api/r/${tokens[address]}`)).status).toBe(200);
      expect((await invitationsOf(planner, surveyId)).counts.revoked).toBe(0);
    });

    it("stops a revoked invitation's first mail before it goes out", async () => {
      const { created } = await planner.json("POST", `/api/surveys/${surveyId}/invitations`, { recipients: [{ email: "zu-frueh@kita.de", name: "" }] });
      expect(created).toBe(1);
      const invitation = await invitationFor(planner, surveyId, "zu-frueh@kita.de");
      await planner.json("POST", `/api/surveys/${surveyId}/invitations/${invitation.id}/revoke`);
      await testApp.mailWorker.runOnce();
      expect(await mailsTo(testApp, "zu-frueh@kita.de")).toEqual([]);
      // Restored, its invitation goes out by itself (once), with a working link.
      await planner.json("POST", `/api/surveys/${surveyId}/invitations/${invitation.id}/restore`);
      await planner.json("POST", `/api/surveys/${surveyId}/invitations/${invitation.id}/restore`);
      await testApp.mailWorker.runOnce();
      expect((await invitationFor(planner, surveyId, "zu-frueh@kita.de")).status).toBe("sent");
      expect(await mailsTo(testApp, "zu-frueh@kita.de")).toHaveLength(1);
      expect((await testApp.request("GET", `/api/r/${await lastTokenFor(testApp, "zu-frueh@kita.de")}`)).status).toBe(200);
    });

    it("hands a draft over to a colleague: old links end, the new address gets a new link to the same answers", async () => {
      const address = "status-draft@kita.de";
      const invitation = await invitationFor(planner, surveyId, address);
      const oldLinks = (await mailsTo(testApp, address)).map((mail) => tokenFromMail(mail.text));
      expect(oldLinks).toHaveLength(2);

      const handedOver = await planner.json("POST", `/api/surveys/${surveyId}/invitations/${invitation.id}/handover`, {
        email: "Nachfolge@Kita.de",
        name: "Frau Nachfolge",
      });
      expect(handedOver).toMatchObject({ id: invitation.id, email: "nachfolge@kita.de", name: "Frau Nachfolge", status: "draft" });
      for (const token of oldLinks) {
        const response = await testApp.request("GET", `/api/r/${token}`);
        expect(response.status).toBe(410);
        expect((await errorOf(response)).code).toBe("link_revoked");
      }
      await testApp.mailWorker.runOnce();
      const [mail] = await mailsTo(testApp, "nachfolge@kita.de");
      expect(mail!.to).toBe('"Frau Nachfolge" <nachfolge@kita.de>');
      expect(mail!.text).toContain("Guten Tag Frau Nachfolge,");
      const newToken = tokenFromMail(mail!.text);
      expect(oldLinks).not.toContain(newToken);
      const opened = (await (await testApp.request("GET", `/api/r/${newToken}`)).json()) as any;
      expect(opened.answers).toEqual({ "network.sphere": "stadtteil", "network.founding_year": 1999 });
      expect(await mailsTo(testApp, address)).toHaveLength(2);
      const { invitations, counts } = await invitationsOf(planner, surveyId);
      expect(invitations.find((candidate) => candidate.email === address)).toBeUndefined();
      expect(counts.draft).toBe(1);
    });

    it("hands over an invitation whose first mail is still queued: only the new address gets mail", async () => {
      await planner.json("POST", `/api/surveys/${surveyId}/invitations`, { recipients: [{ email: "falsch@kita.de", name: "" }] });
      const invitation = await invitationFor(planner, surveyId, "falsch@kita.de");
      await planner.json("POST", `/api/surveys/${surveyId}/invitations/${invitation.id}/handover`, { email: "richtig@kita.de", name: "" });
      await testApp.mailWorker.runOnce();
      expect(await mailsTo(testApp, "falsch@kita.de")).toEqual([]);
      expect(await mailsTo(testApp, "richtig@kita.de")).toHaveLength(1);
      expect((await invitationFor(planner, surveyId, "richtig@kita.de")).status).toBe("sent");
    });

    it("refuses a hand-over to an address already invited or an invalid one", async () => {
      const invitation = await invitationFor(planner, surveyId, "status-sent@kita.de");
      const taken = await planner.request("POST", `/api/surveys/${surveyId}/invitations/${invitation.id}/handover`, { email: "STATUS-SUBMITTED@kita.de", name: "" });
      expect(taken.status).toBe(409);
      expect((await errorOf(taken)).code).toBe("already_invited");
      const invalid = await planner.request("POST", `/api/surveys/${surveyId}/invitations/${invitation.id}/handover`, { email: "kein-at-zeichen", name: "" });
      expect(invalid.status).toBe(400);
      const error = await errorOf(invalid);
      expect(error.code).toBe("invalid_recipients");
      expect(error.message).toContain("kein-at-zeichen");
      // Nothing changed: the old link still works.
      expect((await testApp.request("GET", `/api/r/${tokens["status-sent@kita.de"]}`)).status).toBe(200);
      expect((await invitationFor(planner, surveyId, "status-sent@kita.de")).email).toBe("status-sent@kita.de");
    });
  });

  describe("sender settings", () => {
    let surveyId: string;
    beforeAll(async () => {
      surveyId = await openTwoQuestionSurvey(planner, "Absender");
    });

    const outboxRowFor = (address: string) =>
      testApp.database.db
        .selectFrom("mail_outbox")
        .select(["from_name", "reply_to"])
        .where("to_address", "=", address)
        .orderBy("id", "desc")
        .executeTakeFirstOrThrow();

    it("sends in the organisation's name with replies to the planner by default", async () => {
      await planner.json("POST", `/api/surveys/${surveyId}/invitations`, { recipients: [{ email: "absender-1@verein.de", name: "" }] });
      expect(await outboxRowFor("absender-1@verein.de")).toEqual({ from_name: "Stadt Wuppertal", reply_to: plannerEmail });
    });

    it("uses the admin's sender name and reply-to address for mails queued afterwards", async () => {
      const settings = await planner.json("PATCH", "/api/organisation", { mailSenderName: "Jugendamt Wuppertal", mailReplyTo: "Planung@Wuppertal.de" });
      expect(settings).toMatchObject({ mailSenderName: "Jugendamt Wuppertal", mailReplyTo: "planung@wuppertal.de" });
      await planner.json("POST", `/api/surveys/${surveyId}/invitations`, { recipients: [{ email: "absender-2@verein.de", name: "" }] });
      expect(await outboxRowFor("absender-2@verein.de")).toEqual({ from_name: "Jugendamt Wuppertal", reply_to: "planung@wuppertal.de" });
      const preview = await planner.json("POST", `/api/surveys/${surveyId}/mail-templates/preview`, { subject: "x", body: "{{link}}" });
      expect(preview).toMatchObject({ from: '"Jugendamt Wuppertal" <no-reply@kanon.localhost>', replyTo: "planung@wuppertal.de" });
    });

    it("refuses an invalid reply-to address and keeps the setting", async () => {
      const invalid = await planner.request("PATCH", "/api/organisation", { mailReplyTo: "kein-at-zeichen" });
      expect(invalid.status).toBe(400);
      expect((await errorOf(invalid)).message).toMatch(/mailReplyTo/);
      expect((await planner.json("GET", "/api/organisation")).mailReplyTo).toBe("planung@wuppertal.de");
    });

    it("lets only admins change the sender", async () => {
      const email = "planerin@stadtwuppertal.de";
      await testApp.database.db
        .insertInto("users")
        .values({ organisation_id: planner.organisationId, email, name: "Paula Planerin", password_hash: await hashPassword("noch-ein-passwort"), role: "planner" })
        .execute();
      const colleague = await signedIn(testApp, await testApp.request("POST", "/api/auth/login", { email, password: "noch-ein-passwort" }));
      const response = await colleague.request("PATCH", "/api/organisation", { mailSenderName: "Gekapert" });
      expect(response.status).toBe(403);
      expect((await planner.json("GET", "/api/organisation")).mailSenderName).toBe("Jugendamt Wuppertal");
    });

    it("goes back to the defaults when the settings are emptied", async () => {
      await planner.json("PATCH", "/api/organisation", { mailSenderName: "", mailReplyTo: "" });
      await planner.json("POST", `/api/surveys/${surveyId}/invitations`, { recipients: [{ email: "absender-3@verein.de", name: "" }] });
      expect(await outboxRowFor("absender-3@verein.de")).toEqual({ from_name: "Stadt Wuppertal", reply_to: plannerEmail });
    });
  });

  describe("tenant isolation", () => {
    let surveyA: string;
    let invitationA: any;
    let mailingA: string;
    let tokenA: string;
    let other: PlannerClient;
    let surveyB: string;

    beforeAll(async () => {
      surveyA = await openTwoQuestionSurvey(planner, "Nur für Wuppertal");
      ({ mailingId: mailingA } = await planner.json("POST", `/api/surveys/${surveyA}/invitations`, {
        directoryEntryIds: [directory.kitaRegenbogen],
        scheduledAt: new Date(Date.now() + 3_600_000).toISOString(),
      }));
      await planner.json("POST", `/api/surveys/${surveyA}/invitations`, { recipients: [{ email: "mandant-a@kita.de", name: "" }] });
      await testApp.mailWorker.runOnce();
      tokenA = await lastTokenFor(testApp, "mandant-a@kita.de");
      invitationA = await invitationFor(planner, surveyA, "mandant-a@kita.de");
      ({ planner: other } = await addOrganisation(testApp, "Stadt Dortmund"));
      surveyB = await openTwoQuestionSurvey(other, "Dortmunder Umfrage");
    });

    it("does not let another organisation see or touch the invitations through A's survey", async () => {
      const base = `/api/surveys/${surveyA}`;
      const attempts: [string, string, unknown?][] = [
        ["GET", `${base}/invitations`],
        ["GET", `${base}/mailings`],
        ["GET", `${base}/mail-templates`],
        ["POST", `${base}/recipients/targets`, { filter: {} }],
        ["POST", `${base}/recipients/check`, { text: "mandant-a@kita.de" }],
        ["POST", `${base}/invitations`, { recipients: [{ email: "eindringling@dortmund.de", name: "" }] }],
        ["POST", `${base}/invitations/${invitationA.id}/resend`],
        ["POST", `${base}/invitations/${invitationA.id}/revoke`],
        ["POST", `${base}/invitations/${invitationA.id}/restore`],
        ["POST", `${base}/invitations/${invitationA.id}/handover`, { email: "dieb@dortmund.de", name: "" }],
        ["POST", `${base}/mail-templates/preview`, { subject: "x", body: "{{link}}", invitationId: invitationA.id }],
        ["PUT", `${base}/mail-templates/de/invitation`, { subject: "x", body: "{{link}}" }],
        ["DELETE", `${base}/mail-templates/de/invitation`],
        ["POST", `${base}/mailings/${mailingA}/cancel`],
      ];
      for (const [method, path, body] of attempts) {
        const response = await other.request(method, path, body);
        expect(response.status, `${method} ${path}`).toBe(404);
      }
    });

    it("does not let A's invitation, mailing or directory entry ids work through B's own survey", async () => {
      const base = `/api/surveys/${surveyB}`;
      for (const action of ["resend", "revoke", "restore"]) {
        const response = await other.request("POST", `${base}/invitations/${invitationA.id}/${action}`);
        expect(response.status, action).toBe(404);
        expect((await errorOf(response)).code).toBe("invitation_not_found");
      }
      expect((await other.request("POST", `${base}/invitations/${invitationA.id}/handover`, { email: "dieb@dortmund.de", name: "" })).status).toBe(404);
      expect((await other.request("POST", `${base}/mailings/${mailingA}/cancel`)).status).toBe(404);
      expect((await other.request("POST", `${base}/mail-templates/preview`, { subject: "x", body: "{{link}}", invitationId: invitationA.id })).status).toBe(404);
      expect(
        (await other.request("POST", `${base}/mail-templates/preview`, { subject: "x", body: "{{link}}", directoryEntryId: directory.kitaSonnenschein })).status,
      ).toBe(404);

      const byNetwork = await other.json("POST", `${base}/recipients/targets`, { filter: { memberOfNetworkIds: [directory.stkElberfeld] } });
      expect(byNetwork.targets).toEqual([]);
      const everything = await other.json("POST", `${base}/recipients/targets`, { filter: {} });
      expect(everything.targets).toEqual([]);
      const invited = await other.json("POST", `${base}/invitations`, {
        filter: { memberOfNetworkIds: [directory.stkElberfeld] },
        directoryEntryIds: [directory.kitaSonnenschein, directory.familienzentrum],
      });
      expect(invited).toEqual({ created: 0, alreadyInvited: [], withoutEmail: [], mailingId: null });
      const { entries } = await other.json("POST", `${base}/recipients/check`, { text: "kita-sonnenschein@traeger.de" });
      expect(entries[0]).toMatchObject({ status: "valid", directoryEntry: null });

      // B's own pasted address that A's directory knows becomes B's entry, never linked to A's.
      await other.json("POST", `${base}/invitations`, { recipients: [{ email: "kita-sonnenschein@traeger.de", name: "Kita" }], addToDirectory: true });
      const { invitations } = await other.json("GET", `${base}/invitations`);
      expect(invitations[0].directoryEntry.id).not.toBe(directory.kitaSonnenschein);
      const aEntry = await testApp.database.db.selectFrom("directory_entries").select("organisation_id").where("id", "=", invitations[0].directoryEntry.id).executeTakeFirstOrThrow();
      expect(aEntry.organisation_id).toBe(other.organisationId);
    });

    it("leaves A's invitations, link and scheduled mailing as they were", async () => {
      const after = await invitationFor(planner, surveyA, "mandant-a@kita.de");
      expect(after).toMatchObject({ status: "sent", revokedAt: null, email: "mandant-a@kita.de" });
      expect((await testApp.request("GET", `/api/r/${tokenA}`)).status).toBe(200);
      const { mailings } = await planner.json("GET", `/api/surveys/${surveyA}/mailings`);
      expect(mailings.find((mailing: { id: string }) => mailing.id === mailingA)).toMatchObject({ cancelledAt: null, queued: 1 });
      expect((await planner.json("GET", `/api/surveys/${surveyA}/mail-templates`)).de.invitation.isDefault).toBe(true);
      expect(await mailsTo(testApp, "dieb@dortmund.de")).toEqual([]);
      const { mails } = await other.json("GET", "/api/dev/mailbox");
      expect(mails.some((mail: { to: string }) => mail.to.includes("mandant-a@kita.de"))).toBe(false);
    });
  });

  describe("malformed requests", () => {
    let surveyId: string;
    let invitationId: string;
    beforeAll(async () => {
      surveyId = await openTwoQuestionSurvey(planner, "Falsche Eingaben");
      await planner.json("POST", `/api/surveys/${surveyId}/invitations`, { recipients: [{ email: "eingabe@kita.de", name: "" }] });
      invitationId = (await invitationFor(planner, surveyId, "eingabe@kita.de")).id;
    });

    it("answers 400 with a message, never 500", async () => {
      const base = `/api/surveys/${surveyId}`;
      const cases: [string, string, unknown, string?][] = [
        ["POST", `${base}/invitations`, "{ broken", "malformed_request"],
        ["POST", `${base}/invitations`, { recipients: "a@b.de" }],
        ["POST", `${base}/invitations`, { recipients: [{ email: 42 }] }],
        ["POST", `${base}/invitations`, { directoryEntryIds: ["not-a-uuid"] }],
        ["POST", `${base}/invitations`, { filter: { types: "Kita" } }],
        ["POST", `${base}/invitations`, { filter: { districtIds: ["Elberfeld"] } }],
        ["POST", `${base}/invitations`, { recipients: [{ email: "a@b.de" }], scheduledAt: "morgen früh" }],
        ["POST", `${base}/invitations`, { recipients: [{ email: "a@b.de" }], scheduledAt: "2099-01-01" }],
        ["POST", `${base}/invitations`, { recipients: [{ email: "a@b.de" }], addToDirectory: "ja" }],
        ["POST", `${base}/invitations`, {}, "no_recipients"],
        ["POST", `${base}/invitations`, { recipients: [{ email: "kaputt", name: "" }] }, "invalid_recipients"],
        ["POST", `${base}/recipients/targets`, { filter: { memberOfNetworkIds: ["x"] } }],
        ["POST", `${base}/recipients/targets`, { filter: { lifePhases: "early_childhood" } }],
        ["POST", `${base}/recipients/targets`, {}],
        ["POST", `${base}/recipients/check`, { text: 42 }],
        ["POST", `/api/surveys/not-a-uuid/invitations`, { recipients: [{ email: "a@b.de" }] }],
        ["GET", `/api/surveys/not-a-uuid/invitations`, undefined],
        ["POST", `${base}/invitations/not-a-uuid/resend`, undefined],
        ["POST", `${base}/invitations/${invitationId}/handover`, { email: 42 }],
        ["POST", `${base}/invitations/${invitationId}/handover`, {}],
        ["POST", `${base}/mailings/not-a-uuid/cancel`, undefined],
        ["PUT", `${base}/mail-templates/de/newsletter`, { subject: "x", body: "{{link}}" }],
        ["PUT", `${base}/mail-templates/de/invitation`, { subject: "", body: "{{link}}" }],
        ["PUT", `${base}/mail-templates/de/invitation`, { subject: "x" }],
        ["POST", `${base}/mail-templates/preview`, { subject: "x", body: "{{link}}", invitationId: "nope" }],
        ["PATCH", "/api/organisation", { mailSenderName: 7 }],
      ];
      for (const [method, path, body, code] of cases) {
        const response = await planner.request(method, path, body);
        const label = `${method} ${path} ${JSON.stringify(body)}`;
        expect(response.status, label).toBe(400);
        const error = await errorOf(response);
        expect(error.code, label).toBe(code ?? "invalid_request");
        expect(error.message.length, label).toBeGreaterThan(0);
        expect(error.messageDe.length, label).toBeGreaterThan(0);
      }
      expect((await invitationsOf(planner, surveyId)).counts.total).toBe(1);
    });

    it("names the field that is wrong", async () => {
      const response = await planner.request("POST", `/api/surveys/${surveyId}/invitations`, { recipients: [{ email: "a@b.de" }], scheduledAt: "morgen" });
      const error = await errorOf(response);
      expect(error.message).toContain("scheduledAt");
    });

    it("refuses invitations to a survey that is not open", async () => {
      const { id } = await planner.json("POST", "/api/surveys", { title: "Entwurf" }, 201);
      const response = await planner.request("POST", `/api/surveys/${id}/invitations`, { recipients: [{ email: "a@b.de", name: "" }] });
      expect(response.status).toBe(409);
      expect((await errorOf(response)).code).toBe("survey_not_open");
    });

    it("sends nothing more about a closed survey: resend and hand-over are refused", async () => {
      const closedId = await openTwoQuestionSurvey(planner, "Schon beendet");
      await planner.json("POST", `/api/surveys/${closedId}/invitations`, { recipients: [{ email: "spaet@kita.de", name: "" }] });
      await testApp.mailWorker.runOnce();
      const invitation = await invitationFor(planner, closedId, "spaet@kita.de");
      await planner.json("POST", `/api/surveys/${closedId}/close`);
      for (const [action, body] of [["resend", undefined], ["handover", { email: "kollegin@kita.de", name: "" }]] as const) {
        const response = await planner.request("POST", `/api/surveys/${closedId}/invitations/${invitation.id}/${action}`, body);
        expect(response.status, action).toBe(409);
        expect((await errorOf(response)).code).toBe("survey_not_open");
      }
      expect(await mailsTo(testApp, "kollegin@kita.de")).toEqual([]);
      expect(await mailsTo(testApp, "spaet@kita.de")).toHaveLength(1);
    });
  });
});

/** A transport that refuses every address at refused.example with a permanent 550 until told otherwise, and records what it delivered. */
function recordingTransport() {
  const delivered: MailToSend[] = [];
  const state = { refuse: true };
  const transport: MailTransport = {
    async send(mail) {
      if (state.refuse && mail.to.includes("@refused.example")) {
        throw new MailDeliveryError("550 5.1.1 <x@refused.example>: Mailbox unavailable", true);
      }
      delivered.push(mail);
    },
    close() {},
  };
  return { delivered, state, transport };
}

describeEachDatabase("invitations whose mail fails", (kind) => {
  let testApp: TestApp;
  let planner: PlannerClient;
  let plannerEmail: string;
  let surveyId: string;
  const recording = recordingTransport();

  beforeAll(async () => {
    testApp = await createTestApp(kind, { transport: recording.transport });
    ({ planner, email: plannerEmail } = await setUpOrganisation(testApp, "Kreis Mettmann"));
    surveyId = await openTwoQuestionSurvey(planner, "Zustellung");
  });
  afterAll(() => testApp.close());

  const deliveredTo = (address: string) => recording.delivered.filter((mail) => mail.to === address || mail.to.endsWith(`<${address}>`));

  it("marks an invitation failed with the mail server's reason when delivery is refused", async () => {
    await planner.json("POST", `/api/surveys/${surveyId}/invitations`, {
      recipients: [
        { email: "gut@verein.de", name: "" },
        { email: "weg@refused.example", name: "" },
      ],
    });
    await testApp.mailWorker.runOnce();
    const { invitations, counts } = await invitationsOf(planner, surveyId);
    expect(counts).toMatchObject({ total: 2, sent: 1, failed: 1, queued: 0 });
    const failed = invitations.find((invitation) => invitation.email === "weg@refused.example");
    expect(failed.status).toBe("failed");
    expect(failed.failureReason).toContain("Mailbox unavailable");
    expect(failed.sentAt).toBeNull();
    expect(invitations.find((invitation) => invitation.email === "gut@verein.de")).toMatchObject({ status: "sent", failureReason: null });
    const { mailings } = await planner.json("GET", `/api/surveys/${surveyId}/mailings`);
    expect(mailings[0]).toMatchObject({ total: 2, sent: 1, failed: 1, queued: 0 });
  });

  it("delivers in the organisation's name with the planner as reply-to", async () => {
    const [mail] = deliveredTo("gut@verein.de");
    expect(mail!.from).toEqual({ name: "Kreis Mettmann", address: "no-reply@kanon.localhost" });
    expect(mail!.replyTo).toBe(plannerEmail);
    await planner.json("PATCH", "/api/organisation", { mailSenderName: "Jugendamt Mettmann", mailReplyTo: "jugendamt@mettmann.de" });
    await planner.json("POST", `/api/surveys/${surveyId}/invitations`, { recipients: [{ email: "zweite@verein.de", name: "" }] });
    await testApp.mailWorker.runOnce();
    const [second] = deliveredTo("zweite@verein.de");
    expect(second!.from).toEqual({ name: "Jugendamt Mettmann", address: "no-reply@kanon.localhost" });
    expect(second!.replyTo).toBe("jugendamt@mettmann.de");
  });

  it("puts a failed invitation back in the queue on resend, then delivers it with a working link", async () => {
    const failed = await invitationFor(planner, surveyId, "weg@refused.example");
    recording.state.refuse = false;
    const resent = await planner.json("POST", `/api/surveys/${surveyId}/invitations/${failed.id}/resend`);
    expect(resent).toMatchObject({ status: "queued", failureReason: null });
    await testApp.mailWorker.runOnce();
    const after = await invitationFor(planner, surveyId, "weg@refused.example");
    expect(after).toMatchObject({ status: "sent", failureReason: null });
    expect(after.sentAt).toEqual(expect.any(String));
    const [mail] = deliveredTo("weg@refused.example");
    const response = await testApp.request("GET", `/api/r/${tokenFromMail(mail!.text)}`);
    expect(response.status).toBe(200);
    expect((await invitationsOf(planner, surveyId)).counts).toMatchObject({ failed: 0, sent: 2, opened: 1 });
  });
});
