import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeEachDatabase } from "../support/databases.ts";
import { createTestApp, mailsTo, setUpOrganisation, tokenFromMail, type PlannerClient, type TestApp } from "../support/test-app.ts";
import { openTwoQuestionSurvey } from "../support/scenes.ts";

/**
 * Issue 13, part 4, through the API on both databases: a messy address list as planners paste
 * it becomes invitations with the right addresses, names and greetings; internationalised
 * domains are accepted, stored and shown in Unicode and recognised in either form; every mail
 * is in its recipient's language only, and the link opens the page in it.
 */
const MESSY_PASTE = [
  "Müller, Anna <Anna.Mueller@Stadt-Musterstadt.de>; Schmidt, Jörg <j.schmidt@jugendamt-musterstadt.de>",
  "Frau\tDr. Eva Klein\teva.klein@familienzentrum.de",
  "kontakt@bürgerverein-musterstadt.de",
  "Bürgerverein <Kontakt@xn--brgerverein-musterstadt-cpc.de>",
  "Kita Sonnenblume <kita.sonnenblume@traeger.de>",
  "anna..b@stadt.de, leitung@kita-nord, anna mueller@x.de",
].join("\n");

interface Checked {
  raw: string;
  email: string;
  name: string;
  salutation: "ms" | "mr" | null;
  status: string;
  problem?: string;
  greeting: string;
  directoryEntry: { id: string; name: string } | null;
}

describeEachDatabase("address paste as people write addresses", (kind) => {
  let testApp: TestApp;
  let planner: PlannerClient;

  beforeAll(async () => {
    testApp = await createTestApp(kind);
    ({ planner } = await setUpOrganisation(testApp, "Stadt Musterstadt"));
  });

  afterAll(async () => {
    await testApp?.close();
  });

  const check = (surveyId: string, text: string, language: "de" | "en" = "de") =>
    planner.json<{ entries: Checked[] }>("POST", `/api/surveys/${surveyId}/recipients/check`, { text, language });

  const invitations = async (surveyId: string) =>
    (await planner.json<{ invitations: { id: string; email: string; name: string; salutation: string | null; language: string }[] }>(
      "GET",
      `/api/surveys/${surveyId}/invitations`,
    )).invitations;

  /** What the paste step sends: the valid entries with what was read from them. */
  const sendValid = (surveyId: string, entries: Checked[], language: "de" | "en" = "de", addToDirectory = false) =>
    planner.json("POST", `/api/surveys/${surveyId}/invitations`, {
      recipients: entries.filter((entry) => entry.status === "valid").map((entry) => ({ email: entry.email, name: entry.name, salutation: entry.salutation, language })),
      addToDirectory,
    });

  describe("a messy paste becomes invitations with the right names", () => {
    let surveyId: string;
    beforeAll(async () => {
      surveyId = await openTwoQuestionSurvey(planner, "Bestandsaufnahme Angebote");
    });

    it("reads each entry with its name, the reason for every invalid one and the greeting it will get", async () => {
      const { entries } = await check(surveyId, MESSY_PASTE);
      expect(entries.map(({ email, name, salutation, status, problem, greeting }) => ({ email, name, salutation, status, problem, greeting }))).toEqual([
        { email: "anna.mueller@stadt-musterstadt.de", name: "Müller, Anna", salutation: null, status: "valid", problem: undefined, greeting: "Guten Tag Anna Müller," },
        { email: "j.schmidt@jugendamt-musterstadt.de", name: "Schmidt, Jörg", salutation: null, status: "valid", problem: undefined, greeting: "Guten Tag Jörg Schmidt," },
        { email: "eva.klein@familienzentrum.de", name: "Dr. Eva Klein", salutation: "ms", status: "valid", problem: undefined, greeting: "Guten Tag Frau Dr. Klein," },
        // The name came only with the punycode copy: it is kept for the first entry of the address.
        { email: "kontakt@bürgerverein-musterstadt.de", name: "Bürgerverein", salutation: null, status: "valid", problem: undefined, greeting: "Guten Tag," },
        { email: "kontakt@bürgerverein-musterstadt.de", name: "Bürgerverein", salutation: null, status: "duplicate", problem: undefined, greeting: "Guten Tag," },
        { email: "kita.sonnenblume@traeger.de", name: "Kita Sonnenblume", salutation: null, status: "valid", problem: undefined, greeting: "Guten Tag," },
        { email: "anna..b@stadt.de", name: "", salutation: null, status: "invalid", problem: "double_dot", greeting: "" },
        { email: "leitung@kita-nord", name: "", salutation: null, status: "invalid", problem: "domain_without_dot", greeting: "" },
        { email: "anna mueller@x.de", name: "", salutation: null, status: "invalid", problem: "space_inside", greeting: "" },
      ]);
    });

    it("invites the valid ones with their names, greets them properly and keeps the mail in German only", async () => {
      const { entries } = await check(surveyId, MESSY_PASTE);
      const result = await sendValid(surveyId, entries, "de", true);
      expect(result).toMatchObject({ created: 5, alreadyInvited: [] });
      const byEmail = Object.fromEntries((await invitations(surveyId)).map((invitation) => [invitation.email, invitation]));
      expect(byEmail["anna.mueller@stadt-musterstadt.de"]).toMatchObject({ name: "Müller, Anna", salutation: null, language: "de" });
      expect(byEmail["eva.klein@familienzentrum.de"]).toMatchObject({ name: "Dr. Eva Klein", salutation: "ms", language: "de" });
      expect(byEmail["kontakt@bürgerverein-musterstadt.de"]).toBeDefined();

      await testApp.mailWorker.runOnce();
      const [anna] = await mailsTo(testApp, "anna.mueller@stadt-musterstadt.de");
      expect(anna!.to).toBe('"Anna Müller" <anna.mueller@stadt-musterstadt.de>');
      expect(anna!.text.startsWith("Guten Tag Anna Müller,\n\nStadt Musterstadt bittet Sie")).toBe(true);
      expect(anna!.text).not.toMatch(/Your personal link|asks you|Kind regards|---/);
      expect(anna!.text).toMatch(/\/r\/[A-Za-z0-9_-]{20,}\?lang=de/);
      const [eva] = await mailsTo(testApp, "eva.klein@familienzentrum.de");
      expect(eva!.text.startsWith("Guten Tag Frau Dr. Klein,\n")).toBe(true);
      const [kita] = await mailsTo(testApp, "kita.sonnenblume@traeger.de");
      expect(kita!.text.startsWith("Guten Tag,\n")).toBe(true);
    });

    it("adds new addresses to the directory with the contact person, salutation and language read from the paste", async () => {
      const { entries } = await planner.json("POST", "/api/directory/search", { filter: { search: "familienzentrum.de" } });
      expect(entries).toEqual([
        expect.objectContaining({ name: "Dr. Eva Klein", contactPerson: "Dr. Eva Klein", contactSalutation: "ms", language: "de", emails: ["eva.klein@familienzentrum.de"] }),
      ]);
    });

    it("recognises an internationalised address in either form as already invited and known to the directory", async () => {
      const { entries } = await check(surveyId, "KONTAKT@xn--brgerverein-musterstadt-cpc.de\nkontakt@BÜRGERVEREIN-musterstadt.de");
      expect(entries.map((entry) => [entry.email, entry.status, entry.directoryEntry?.name])).toEqual([
        ["kontakt@bürgerverein-musterstadt.de", "already_invited", "Bürgerverein"],
        ["kontakt@bürgerverein-musterstadt.de", "duplicate", "Bürgerverein"],
      ]);
      const again = await planner.json("POST", `/api/surveys/${surveyId}/invitations`, {
        recipients: [{ email: "kontakt@xn--brgerverein-musterstadt-cpc.de", name: "" }],
      });
      expect(again).toMatchObject({ created: 0, alreadyInvited: ["kontakt@bürgerverein-musterstadt.de"] });
      const stored = await testApp.database.db.selectFrom("invitations").select("email").where("survey_id", "=", surveyId).execute();
      expect(stored.map((row) => row.email).filter((email) => email.includes("rgerverein"))).toEqual(["kontakt@bürgerverein-musterstadt.de"]);
    });

    it("refuses an invalid address in a send request with its reason in German and English", async () => {
      const response = await planner.request("POST", `/api/surveys/${surveyId}/invitations`, {
        recipients: [{ email: "anna..b@stadt.de", name: "" }],
      });
      expect(response.status).toBe(400);
      const { error } = (await response.json()) as { error: { code: string; message: string; messageDe: string; details: unknown } };
      expect(error).toMatchObject({
        code: "invalid_recipients",
        messageDe: "Ungültige Adressen: anna..b@stadt.de (Zwei Punkte hintereinander)",
        message: "Invalid addresses: anna..b@stadt.de (Two dots in a row)",
        details: [{ email: "anna..b@stadt.de", problem: "double_dot" }],
      });
    });

    it("refuses a paste of more entries than one sending takes, with a clear message", async () => {
      const response = await planner.request("POST", `/api/surveys/${surveyId}/recipients/check`, {
        text: Array.from({ length: 20_001 }, (_, index) => `a${index}@b.de`).join(","),
      });
      expect(response.status).toBe(400);
      const { error } = (await response.json()) as { error: { code: string; messageDe: string } };
      expect(error.code).toBe("too_many_recipients");
      expect(error.messageDe).toContain("20.000");
    });
  });

  describe("mails in the recipient's language only", () => {
    let surveyId: string;
    beforeAll(async () => {
      const { id } = await planner.json("POST", "/api/surveys", { title: "Netzwerkbefragung" }, 201);
      await planner.json("PATCH", `/api/surveys/${id}`, { titleEn: "Network survey" });
      surveyId = id;
      await planner.json("PATCH", `/api/surveys/${id}`, {
        closingDate: "2099-12-31",
        items: [{ itemId: "network.sphere", version: 1 }],
      });
      await planner.json("POST", `/api/surveys/${id}/open`);
    });

    it("writes to English recipients in English only, greeting them in English, the link opening in English", async () => {
      const { entries } = await check(surveyId, "Ms Jane Doe <jane.doe@partner.example>\nthomas@partner.example", "en");
      expect(entries.map((entry) => entry.greeting)).toEqual(["Dear Ms Doe,", "Hello,"]);
      await sendValid(surveyId, entries, "en");
      await testApp.mailWorker.runOnce();
      const [jane] = await mailsTo(testApp, "jane.doe@partner.example");
      expect(jane!.subject).toBe("Survey: Network survey – Stadt Musterstadt");
      expect(jane!.text.startsWith("Dear Ms Doe,\n\nStadt Musterstadt asks you to take part in the survey “Network survey”.")).toBe(true);
      expect(jane!.text).toContain("Please answer by 31 December 2099.");
      expect(jane!.text).not.toMatch(/Guten Tag|Ihr persönlicher Link|bittet|Grüßen/);
      expect(jane!.html).toContain('<html lang="en">');
      expect(jane!.text).toMatch(/\/r\/[A-Za-z0-9_-]{20,}\?lang=en/);
      const invitation = (await invitations(surveyId)).find((candidate) => candidate.email === "jane.doe@partner.example");
      expect(invitation).toMatchObject({ name: "Jane Doe", salutation: "ms", language: "en" });
      // The link works with its language.
      expect((await testApp.request("GET", `/api/r/${tokenFromMail(jane!.text)}`)).status).toBe(200);
    });

    it("uses the survey's own wording per language, and Kanon's default where only the other one was written", async () => {
      await planner.json("PUT", `/api/surveys/${surveyId}/mail-templates/en/reminder`, {
        subject: "Reminder: {{survey}}",
        body: "{{greeting}}\n\nPlease remember us: {{link}}\n\n{{planner}}",
      });
      const templates = await planner.json("GET", `/api/surveys/${surveyId}/mail-templates`);
      expect(templates.en.reminder).toMatchObject({ isDefault: false, subject: "Reminder: {{survey}}" });
      expect(templates.de.reminder.isDefault).toBe(true);

      const { entries } = await check(surveyId, "Herr\tKarl Weber\tkarl.weber@verein.de");
      await sendValid(surveyId, entries, "de");
      await testApp.mailWorker.runOnce();
      await planner.json("POST", `/api/surveys/${surveyId}/reminders`, { audience: ["not_opened", "not_started"] });
      await testApp.mailWorker.runOnce();
      const janeMails = await mailsTo(testApp, "jane.doe@partner.example");
      expect(janeMails.at(-1)!.subject).toBe("Reminder: Network survey");
      expect(janeMails.at(-1)!.text).toMatch(/^Dear Ms Doe,\n\nPlease remember us: http:\/\/kanon\.test\/r\/[A-Za-z0-9_-]{20,}\?lang=en\n\nAnna Admin$/);
      const karlMails = await mailsTo(testApp, "karl.weber@verein.de");
      expect(karlMails.at(-1)!.subject).toBe("Erinnerung: Netzwerkbefragung – Stadt Musterstadt");
      expect(karlMails.at(-1)!.text.startsWith("Guten Tag Herr Weber,\n\nwir möchten Sie freundlich an die Umfrage „Netzwerkbefragung“ erinnern.")).toBe(true);
    });

    it("previews the mail in the language being edited, for the chosen recipient", async () => {
      const invitation = (await invitations(surveyId)).find((candidate) => candidate.email === "karl.weber@verein.de")!;
      const preview = await planner.json("POST", `/api/surveys/${surveyId}/mail-templates/preview`, {
        subject: "{{survey}}",
        body: "{{greeting}}\n\n{{link}}",
        language: "en",
        invitationId: invitation.id,
      });
      expect(preview).toMatchObject({ to: '"Karl Weber" <karl.weber@verein.de>', subject: "Network survey" });
      expect(preview.text).toBe("Dear Mr Weber,\n\nhttp://kanon.test/r/BEISPIEL-LINK?lang=en");
      const sample = await planner.json("POST", `/api/surveys/${surveyId}/mail-templates/preview`, { subject: "{{survey}}", body: "{{greeting}} {{link}}" });
      expect(sample.text.startsWith("Guten Tag Frau Beispiel,")).toBe(true);
    });

    it("invites directory entries in their own language with their contact person's salutation", async () => {
      const entry = await planner.json(
        "POST",
        "/api/directory/entries",
        { kind: "institution", name: "International School", contactPerson: "Smith, John", contactSalutation: "mr", language: "en", emails: ["office@int-school.example"] },
        201,
      );
      expect(entry).toMatchObject({ contactPerson: "Smith, John", contactSalutation: "mr", language: "en" });
      const typed = await planner.json("POST", "/api/directory/entries", { kind: "institution", name: "Kita Löwenzahn", contactPerson: "Frau Petra Lang", emails: ["kita@loewenzahn.de"] }, 201);
      expect(typed).toMatchObject({ contactPerson: "Petra Lang", contactSalutation: "ms", language: "de" });
      await planner.json("POST", `/api/surveys/${surveyId}/invitations`, { directoryEntryIds: [entry.id, typed.id] });
      await testApp.mailWorker.runOnce();
      const [school] = await mailsTo(testApp, "office@int-school.example");
      expect(school!.to).toBe('"John Smith" <office@int-school.example>');
      expect(school!.text.startsWith("Dear Mr Smith,\n")).toBe(true);
      const [kita] = await mailsTo(testApp, "kita@loewenzahn.de");
      expect(kita!.text.startsWith("Guten Tag Frau Lang,\n")).toBe(true);
    });

    it("hands over to a colleague written as a pasted entry, greeting the colleague, not the first recipient", async () => {
      const invitation = (await invitations(surveyId)).find((candidate) => candidate.email === "karl.weber@verein.de")!;
      const handed = await planner.json("POST", `/api/surveys/${surveyId}/invitations/${invitation.id}/handover`, { email: "Frau Dr. Ute Brandt <U.Brandt@Verein.de>" });
      expect(handed).toMatchObject({ email: "u.brandt@verein.de", name: "Dr. Ute Brandt", salutation: "ms", language: "de" });
      await testApp.mailWorker.runOnce();
      const [mail] = await mailsTo(testApp, "u.brandt@verein.de");
      expect(mail!.text.startsWith("Guten Tag Frau Dr. Brandt,\n")).toBe(true);
    });
  });
});
