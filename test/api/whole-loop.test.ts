import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashToken } from "../../server/lib/tokens.ts";
import { describeEachDatabase } from "../support/databases.ts";
import { createTestApp, setUpOrganisation, tokenFromMail, type PlannerClient, type TestApp } from "../support/test-app.ts";

const picked = [
  "network.sphere",
  "network.has_focus",
  "network.focus_life_phases",
  "network.founding_year",
  "network.cooperation_perception",
  "network.success_factors",
];

describeEachDatabase("the whole loop through the API", (kind) => {
  let testApp: TestApp;
  let planner: PlannerClient;
  let surveyId: string;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    testApp = await createTestApp(kind);
    ({ planner } = await setUpOrganisation(testApp));
  });
  afterAll(() => testApp.close());

  describe("compose", () => {
    it("finds canon items by German text, case- and umlaut-insensitively", async () => {
      const { items } = await planner.json("GET", `/api/canon/items?q=${encodeURIComponent("WIRKUNGSKREIS")}`);
      expect(items.map((item: { itemId: string }) => item.itemId)).toContain("network.sphere");
      const umlauts = await planner.json("GET", `/api/canon/items?q=${encodeURIComponent("traeger")}`);
      const plain = await planner.json("GET", `/api/canon/items?q=${encodeURIComponent("Träger")}`);
      expect(umlauts.items.length).toBeGreaterThan(0);
      expect(umlauts.items.map((item: { itemId: string }) => item.itemId)).toEqual(plain.items.map((item: { itemId: string }) => item.itemId));
      const networkOnly = await planner.json("GET", "/api/canon/items?questionnaire=network");
      expect(networkOnly.items.every((item: { questionnaire: string }) => item.questionnaire === "network")).toBe(true);
    });

    it("creates a survey from picked canon items, in the planner's order", async () => {
      ({ id: surveyId } = await planner.json("POST", "/api/surveys", { title: "Netzwerkanalyse Stadtteilkonferenzen" }, 201));
      const { items } = await planner.json("GET", "/api/canon/items?questionnaire=network");
      const refs = picked.map((itemId) => {
        const item = items.find((candidate: { itemId: string }) => candidate.itemId === itemId);
        expect(item, itemId).toBeDefined();
        return { itemId, version: item.version };
      });
      const survey = await planner.json("PATCH", `/api/surveys/${surveyId}`, {
        intro: "Bitte beantworten Sie die Fragen für Ihr Netzwerk.",
        closingDate: "2099-12-31",
        items: refs,
      });
      expect(survey.items.map((item: { itemId: string }) => item.itemId)).toEqual(picked);
      expect(survey.items[0].title.de).toBe("Auf welchen Wirkungskreis bezieht sich das Netzwerk?");

      const reordered = await planner.json("PATCH", `/api/surveys/${surveyId}`, { items: [...refs].reverse() });
      expect(reordered.items[0].itemId).toBe("network.success_factors");
      await planner.json("PATCH", `/api/surveys/${surveyId}`, { items: refs });
    });

    it("rejects unknown items and duplicates without changing the survey", async () => {
      const unknown = await planner.request("PATCH", `/api/surveys/${surveyId}`, { items: [{ itemId: "network.nope", version: 1 }] });
      expect(unknown.status).toBe(400);
      const twice = await planner.request("PATCH", `/api/surveys/${surveyId}`, {
        items: [{ itemId: "network.sphere", version: 1 }, { itemId: "network.sphere", version: 1 }],
      });
      expect(twice.status).toBe(400);
      const survey = await planner.json("GET", `/api/surveys/${surveyId}`);
      expect(survey.items).toHaveLength(picked.length);
    });

    it("previews the SurveyJS definition the respondent will get, keeping canon identity", async () => {
      const { definition } = await planner.json("GET", `/api/surveys/${surveyId}/preview`);
      const questions = definition.pages.flatMap((page: { elements: unknown[] }) => page.elements);
      expect(questions.map((question: { name: string }) => question.name)).toEqual(picked);
      expect(questions[0]).toMatchObject({ canonId: "network.sphere", canonVersion: 1, type: "radiogroup" });
      const comment = questions.find((question: { type: string }) => question.type === "comment");
      expect(comment.description.de).toMatch(/keine Angaben zu einzelnen/i);
      expect(definition.title).toEqual({ de: "Netzwerkanalyse Stadtteilkonferenzen", en: "Netzwerkanalyse Stadtteilkonferenzen" });
    });

    it("refuses invitations before the survey is open, then opens it and freezes the questions", async () => {
      const early = await planner.request("POST", `/api/surveys/${surveyId}/invitations`, { recipients: [{ email: "a@b.de" }] });
      expect(early.status).toBe(409);
      const opened = await planner.json("POST", `/api/surveys/${surveyId}/open`);
      expect(opened.status).toBe("open");
      const change = await planner.request("PATCH", `/api/surveys/${surveyId}`, { items: [] });
      expect(change.status).toBe(409);
    });
  });

  describe("recipients and sending", () => {
    it("checks a pasted list: reasons for invalid entries, duplicates merged", async () => {
      const text = [
        "leitung@stadtteilkonferenz-nord.de",
        '"Müller, Hans" <H.Mueller@Netzwerk-Ost.de>; kein-at-zeichen',
        "sued@netzwerk.de, LEITUNG@stadtteilkonferenz-nord.de",
        "west@ohne-punkt",
      ].join("\n");
      const { entries } = await planner.json("POST", `/api/surveys/${surveyId}/recipients/check`, { text });
      const base = { salutation: null, directoryEntry: null };
      expect(entries).toEqual([
        { ...base, raw: "leitung@stadtteilkonferenz-nord.de", email: "leitung@stadtteilkonferenz-nord.de", name: "", status: "valid", greeting: "Guten Tag," },
        {
          ...base,
          raw: '"Müller, Hans" <H.Mueller@Netzwerk-Ost.de>',
          email: "h.mueller@netzwerk-ost.de",
          name: "Müller, Hans",
          status: "valid",
          greeting: "Guten Tag Hans Müller,",
        },
        { ...base, raw: "kein-at-zeichen", email: "kein-at-zeichen", name: "", status: "invalid", problem: "missing_at", greeting: "" },
        { ...base, raw: "sued@netzwerk.de", email: "sued@netzwerk.de", name: "", status: "valid", greeting: "Guten Tag," },
        { ...base, raw: "LEITUNG@stadtteilkonferenz-nord.de", email: "leitung@stadtteilkonferenz-nord.de", name: "", status: "duplicate", greeting: "Guten Tag," },
        { ...base, raw: "west@ohne-punkt", email: "west@ohne-punkt", name: "", status: "invalid", problem: "domain_without_dot", greeting: "" },
      ]);
    });

    it("refuses invalid addresses in a send request, naming them, and creates nothing", async () => {
      const response = await planner.request("POST", `/api/surveys/${surveyId}/invitations`, {
        recipients: [{ email: "ok@netzwerk.de" }, { email: "kaputt" }],
      });
      expect(response.status).toBe(400);
      const body = (await response.json()) as any;
      expect(body.error.details).toEqual([{ email: "kaputt", problem: "missing_at" }]);
      expect(body.error.messageDe).toBe("Ungültige Adressen: kaputt (Es fehlt das @-Zeichen)");
      const { invitations } = await planner.json("GET", `/api/surveys/${surveyId}/invitations`);
      expect(invitations).toHaveLength(0);
    });

    it("creates personal links stored only as hashes and mails them through the outbox", async () => {
      const result = await planner.json("POST", `/api/surveys/${surveyId}/invitations`, {
        recipients: [
          { email: "leitung@stadtteilkonferenz-nord.de", name: "" },
          { email: "h.mueller@netzwerk-ost.de", name: "Müller, Hans" },
          { email: "sued@netzwerk.de", name: "" },
          { email: "SUED@netzwerk.de", name: "" },
        ],
      });
      expect(result).toMatchObject({ created: 3, alreadyInvited: [], withoutEmail: [] });
      expect(result.mailingId).toEqual(expect.any(String));
      let { invitations } = await planner.json("GET", `/api/surveys/${surveyId}/invitations`);
      expect(invitations.map((invitation: { status: string }) => invitation.status)).toEqual(["queued", "queued", "queued"]);

      expect(await testApp.mailWorker.runOnce()).toBe(3);
      ({ invitations } = await planner.json("GET", `/api/surveys/${surveyId}/invitations`));
      expect(invitations.every((invitation: { status: string }) => invitation.status === "sent")).toBe(true);

      const { mails } = await planner.json("GET", "/api/dev/mailbox");
      for (const mail of mails) {
        const address = mail.to.match(/<(.+)>/)?.[1] ?? mail.to;
        tokens[address] = tokenFromMail(mail.text);
        expect(mail.subject).toContain("Netzwerkanalyse Stadtteilkonferenzen");
        expect(mail.html).toContain(`/r/${tokens[address]}`);
        expect(mail.text).toContain("31.12.2099");
      }
      expect(Object.keys(tokens).sort()).toEqual(["h.mueller@netzwerk-ost.de", "leitung@stadtteilkonferenz-nord.de", "sued@netzwerk.de"]);
      const muellerMail = mails.find((mail: { to: string }) => mail.to.includes("h.mueller"));
      // "Müller, Hans" as Outlook writes it: the mail greets in natural order, the To: header too.
      expect(muellerMail.text).toContain("Guten Tag Hans Müller,");
      expect(muellerMail.to).toBe('"Hans Müller" <h.mueller@netzwerk-ost.de>');

      const token = tokens["sued@netzwerk.de"]!;
      expect(Buffer.from(token, "base64url").length * 8).toBeGreaterThanOrEqual(128);
      const stored = await testApp.database.db.selectFrom("invitation_links").select("token_hash").execute();
      expect(stored.map((row) => row.token_hash)).toContain(hashToken(token));
      const dump = JSON.stringify([
        await testApp.database.db.selectFrom("invitations").selectAll().execute(),
        await testApp.database.db.selectFrom("invitation_links").selectAll().execute(),
      ]);
      const outbox = JSON.stringify(await testApp.database.db.selectFrom("mail_outbox").selectAll().execute());
      for (const secret of Object.values(tokens)) {
        expect(dump).not.toContain(secret);
        expect(outbox).not.toContain(secret);
      }
    });

    it("marks already-invited addresses and does not invite them twice", async () => {
      const { entries } = await planner.json("POST", `/api/surveys/${surveyId}/recipients/check`, { text: "sued@netzwerk.de\nneu@netzwerk.de" });
      expect(entries.map((entry: { status: string }) => entry.status)).toEqual(["already_invited", "valid"]);
      const again = await planner.json("POST", `/api/surveys/${surveyId}/invitations`, { recipients: [{ email: "sued@netzwerk.de" }] });
      expect(again).toEqual({ created: 0, alreadyInvited: ["sued@netzwerk.de"], withoutEmail: [], mailingId: null });
    });
  });

  describe("respond", () => {
    it("opens the link with the survey and no answers, and counts it as opened", async () => {
      const response = await testApp.request("GET", `/api/r/${tokens["sued@netzwerk.de"]}`);
      expect(response.status).toBe(200);
      const body = (await response.json()) as any;
      expect(body).toMatchObject({ title: "Netzwerkanalyse Stadtteilkonferenzen", organisationName: "Stadt Wuppertal", status: "draft", revision: 0, answers: {} });
      expect(body.definition.pages.length).toBeGreaterThan(0);
      const survey = await planner.json("GET", `/api/surveys/${surveyId}`);
      expect(survey.counts.opened).toBe(1);
    });

    it("saves drafts and restores answers and page on the next visit", async () => {
      const token = tokens["sued@netzwerk.de"]!;
      const first = await testApp.request("PUT", `/api/r/${token}/draft`, { answers: { "network.sphere": "stadtteil" }, page: 0, baseRevision: 0 });
      expect(first.status).toBe(200);
      expect(((await first.json()) as any).revision).toBe(1);
      const second = await testApp.request("PUT", `/api/r/${token}/draft`, {
        answers: { "network.sphere": "stadtteil", "network.has_focus": true },
        page: 1,
        baseRevision: 1,
      });
      expect(((await second.json()) as any).revision).toBe(2);
      const reopened = (await (await testApp.request("GET", `/api/r/${token}`)).json()) as any;
      expect(reopened).toMatchObject({ answers: { "network.sphere": "stadtteil", "network.has_focus": true }, page: 1, revision: 2, status: "draft" });
      const survey = await planner.json("GET", `/api/surveys/${surveyId}`);
      expect(survey.counts.draft).toBe(1);
    });

    it("does not apply a save based on an old revision blindly: a question changed on both sides is a conflict", async () => {
      const token = tokens["sued@netzwerk.de"]!;
      const stale = await testApp.request("PUT", `/api/r/${token}/draft`, { answers: { "network.sphere": "quartier" }, page: 0, baseRevision: 1 });
      expect(stale.status).toBe(409);
      const body = (await stale.json()) as any;
      expect(body.error.code).toBe("answer_conflict");
      expect(body.error.details).toMatchObject({
        revision: 2,
        answers: { "network.sphere": "stadtteil", "network.has_focus": true },
        conflicts: [{ question: "network.has_focus", theirs: true }],
      });
      const reopened = (await (await testApp.request("GET", `/api/r/${token}`)).json()) as any;
      expect(reopened.answers["network.sphere"]).toBe("stadtteil");
    });

    it("keeps the draft when a save is malformed", async () => {
      const token = tokens["sued@netzwerk.de"]!;
      const malformed = await testApp.request("PUT", `/api/r/${token}/draft`, "{ broken");
      expect(malformed.status).toBe(400);
      const invalid = await testApp.request("PUT", `/api/r/${token}/draft`, { answers: "nope", baseRevision: 2 });
      expect(invalid.status).toBe(400);
      const reopened = (await (await testApp.request("GET", `/api/r/${token}`)).json()) as any;
      expect(reopened.answers).toEqual({ "network.sphere": "stadtteil", "network.has_focus": true });
    });

    it("submits, then shows the answers read-only and refuses further changes", async () => {
      const token = tokens["sued@netzwerk.de"]!;
      const answers = {
        "network.sphere": "stadtteil",
        "network.has_focus": true,
        "network.focus_life_phases": ["early_childhood", "school"],
        "network.founding_year": 2012,
        "network.cooperation_perception": { verlaesslichkeit: "trifft_voll_zu" },
        "network.success_factors": "Verlässliche Koordination",
      };
      const submitted = await testApp.request("POST", `/api/r/${token}/submit`, { answers, page: 2, baseRevision: 2 });
      expect(submitted.status).toBe(200);
      expect(((await submitted.json()) as any).status).toBe("submitted");
      const reopened = (await (await testApp.request("GET", `/api/r/${token}`)).json()) as any;
      expect(reopened).toMatchObject({ status: "submitted", answers });
      expect(reopened.submittedAt).toBeTruthy();
      const late = await testApp.request("PUT", `/api/r/${token}/draft`, { answers: {}, page: 0, baseRevision: 3 });
      expect(late.status).toBe(409);
      expect(((await late.json()) as any).error.code).toBe("already_submitted");
    });

    it("answers unknown links with a clear 404 and never crashes on odd tokens", async () => {
      for (const token of ["x".repeat(43), "a".repeat(99)]) {
        const response = await testApp.request("GET", `/api/r/${token}`);
        expect(response.status, token).toBe(404);
        const body = (await response.json()) as any;
        expect(body.error.code).toBe("link_unknown");
        expect(body.error.messageDe).toMatch(/Link/);
      }
      // NUL characters can never be part of a link: refused as malformed text before any lookup.
      const nul = await testApp.request("GET", `/api/r/${"%00".repeat(11)}`);
      expect(nul.status).toBe(400);
      expect(((await nul.json()) as any).error.code).toBe("invalid_text");
      expect((await testApp.request("GET", "/api/r/short")).status).toBe(404);
    });
  });

  describe("results", () => {
    it("aggregates submitted answers per question in SQL", async () => {
      const submit = async (address: string, answers: Record<string, unknown>) => {
        const response = await testApp.request("POST", `/api/r/${tokens[address]}/submit`, { answers, page: 0, baseRevision: 0 });
        expect(response.status).toBe(200);
      };
      await submit("leitung@stadtteilkonferenz-nord.de", {
        "network.sphere": "stadtteil",
        "network.has_focus": false,
        "network.focus_life_phases": ["school"],
        "network.founding_year": 2012,
        "network.success_factors": "Gute Räume",
      });
      await submit("h.mueller@netzwerk-ost.de", { "network.sphere": "quartier", "network.focus_life_phases": ["youth", "school"] });

      const results = await planner.json("GET", `/api/surveys/${surveyId}/results`);
      expect(results.counts).toMatchObject({ invited: 3, sent: 3, submitted: 3, draft: 0 });
      const byName = Object.fromEntries(results.questions.map((question: { name: string }) => [question.name, question]));
      const count = (name: string, value: string) => byName[name].options.find((option: { value: string }) => option.value === value)?.count;

      expect(byName["network.sphere"]).toMatchObject({ kind: "choice", answered: 3 });
      expect(count("network.sphere", "stadtteil")).toBe(2);
      expect(count("network.sphere", "quartier")).toBe(1);
      expect(count("network.sphere", "sozialraum")).toBe(0);
      expect(byName["network.sphere"].options.find((option: { value: string }) => option.value === "stadtteil").label.de).toBe("Stadtteil");

      expect(count("network.has_focus", "true")).toBe(1);
      expect(count("network.has_focus", "false")).toBe(1);
      expect(byName["network.focus_life_phases"]).toMatchObject({ kind: "multiple", answered: 3 });
      expect(count("network.focus_life_phases", "school")).toBe(3);
      expect(count("network.focus_life_phases", "youth")).toBe(1);
      expect(byName["network.founding_year"]).toMatchObject({ kind: "numeric", answered: 2 });
      expect(count("network.founding_year", "2012")).toBe(2);
      const matrixRow = byName["network.cooperation_perception"].rows.find((row: { value: string }) => row.value === "verlaesslichkeit");
      expect(matrixRow.label.de).toBe("Die Partner sind verlässlich.");
      expect(matrixRow.options.find((option: { value: string }) => option.value === "trifft_voll_zu").count).toBe(1);
      expect(matrixRow.options.find((option: { value: string }) => option.value === "trifft_eher_zu").count).toBe(0);
      expect(byName["network.success_factors"].kind).toBe("text");
      expect(byName["network.success_factors"].texts.sort()).toEqual(["Gute Räume", "Verlässliche Koordination"]);
    });

    it("leaves drafts out of the charts", async () => {
      const { mails } = await planner.json("GET", "/api/dev/mailbox");
      expect(mails).toHaveLength(3);
      await planner.json("POST", `/api/surveys/${surveyId}/invitations`, { recipients: [{ email: "entwurf@netzwerk.de" }] });
      await testApp.mailWorker.runOnce();
      const mail = (await planner.json("GET", "/api/dev/mailbox")).mails.find((entry: { to: string }) => entry.to === "entwurf@netzwerk.de");
      const token = tokenFromMail(mail.text);
      await testApp.request("PUT", `/api/r/${token}/draft`, { answers: { "network.sphere": "kreisweit" }, page: 0, baseRevision: 0 });
      const results = await planner.json("GET", `/api/surveys/${surveyId}/results`);
      expect(results.counts).toMatchObject({ invited: 4, draft: 1, submitted: 3 });
      const sphere = results.questions.find((question: { name: string }) => question.name === "network.sphere");
      expect(sphere.options.find((option: { value: string }) => option.value === "kreisweit")?.count ?? 0).toBe(0);
    });

    it("shows a closed survey's link as ended, except to those who submitted", async () => {
      const draftMail = (await planner.json("GET", "/api/dev/mailbox")).mails.find((entry: { to: string }) => entry.to === "entwurf@netzwerk.de");
      await planner.json("POST", `/api/surveys/${surveyId}/close`);
      const closed = await testApp.request("GET", `/api/r/${tokenFromMail(draftMail.text)}`);
      expect(closed.status).toBe(410);
      expect(((await closed.json()) as any).error).toMatchObject({ code: "survey_closed", details: { organisationName: "Stadt Wuppertal" } });
      const submitted = await testApp.request("GET", `/api/r/${tokens["sued@netzwerk.de"]}`);
      expect(submitted.status).toBe(200);
      const draftStillThere = await testApp.database.db.selectFrom("responses").select("answers").where("status", "=", "draft").executeTakeFirstOrThrow();
      expect(draftStillThere.answers).toEqual({ "network.sphere": "kreisweit" });
    });
  });
});
