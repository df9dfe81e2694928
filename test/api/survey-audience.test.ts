import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PERSONAL_DATA_WARNING } from "../../server/lib/survey-definition.ts";
import { describeEachDatabase } from "../support/databases.ts";
import { createTestApp, setUpOrganisation, type PlannerClient, type TestApp } from "../support/test-app.ts";
import { invite } from "../support/scenes.ts";
import { formalAddressIn } from "../support/forms-of-address.ts";

/** A question with the client-data warning in the canon (free text about the network's topics). */
const WARNED_ITEM = { itemId: "network.main_topics", version: 1 };

describeEachDatabase("who a survey asks and how it speaks to them", (kind) => {
  let testApp: TestApp;
  let planner: PlannerClient;

  beforeAll(async () => {
    testApp = await createTestApp(kind);
    ({ planner } = await setUpOrganisation(testApp, "Stadt Wuppertal"));
  });
  afterAll(() => testApp.close());

  async function newSurvey(title: string, body: Record<string, unknown> = {}, templateId?: string): Promise<string> {
    const { id } = await planner.json("POST", "/api/surveys", { title, ...(templateId ? { templateId } : {}) }, 201);
    if (Object.keys(body).length > 0) await planner.json("PATCH", `/api/surveys/${id}`, body);
    return id;
  }

  /** Opens the survey, invites one address and returns its personal link's token. */
  async function linkFor(surveyId: string, email: string): Promise<string> {
    await planner.json("POST", `/api/surveys/${surveyId}/open`);
    return (await invite(testApp, planner, surveyId, [email]))[email]!;
  }

  const respondentView = async (token: string) => (await (await testApp.request("GET", `/api/r/${token}`)).json()) as any;

  describe("defaults", () => {
    it("a new survey asks institutions with “Sie” and the organisation's notice", async () => {
      const survey = await planner.json("GET", `/api/surveys/${await newSurvey("Neu")}`);
      expect(survey).toMatchObject({
        audience: "institutions",
        audienceChosen: false,
        suggestedAudience: "institutions",
        formOfAddress: "sie",
        formOfAddressChosen: false,
        privacyNotice: "",
        privacyNoticeEn: "",
      });
      expect(survey.effectivePrivacyNotice.de).toMatch(/^Stadt Wuppertal nutzt Ihre Angaben/);
      expect(survey.effectivePrivacyNotice).toEqual(survey.defaultPrivacyNotice);
      expect(survey.privacyModeSentence.de).toBe("Die einladende Stelle sieht Ihre Antworten zusammen mit dem Namen Ihrer Einrichtung.");
    });

    it("follows the questions picked: network questions make a survey of networks", async () => {
      const id = await newSurvey("Netzwerke", { items: [{ itemId: "network.sphere", version: 1 }, { itemId: "network.founding_year", version: 1 }] });
      const survey = await planner.json("GET", `/api/surveys/${id}`);
      expect(survey).toMatchObject({ audience: "networks", audienceChosen: false, formOfAddress: "sie" });
      expect(survey.privacyModeSentence.de).toBe("Die einladende Stelle sieht Ihre Antworten zusammen mit dem Namen Ihres Netzwerks.");
    });

    it("follows the template: the network analysis asks networks, the offers stocktaking institutions", async () => {
      const { templates } = await planner.json("GET", "/api/templates");
      const byName = (part: string) => templates.find((template: { name: string }) => template.name.includes(part)).id;
      const networks = await planner.json("GET", `/api/surveys/${await newSurvey("Aus Vorlage 1", {}, byName("Netzwerkanalyse"))}`);
      const institutions = await planner.json("GET", `/api/surveys/${await newSurvey("Aus Vorlage 2", {}, byName("Bestandsaufnahme"))}`);
      expect(networks.audience).toBe("networks");
      expect(institutions.audience).toBe("institutions");
    });

    it("people are addressed with “du” and read a notice in plain words, not the organisation's", async () => {
      await planner.json("PATCH", "/api/organisation", { privacyNotice: "Verantwortlich: Ressort 208. Keine Angaben zu Klient:innen." });
      const id = await newSurvey("Jugendbefragung", { audience: "people", privacyMode: "anonymous" });
      const survey = await planner.json("GET", `/api/surveys/${id}`);
      expect(survey).toMatchObject({ audience: "people", audienceChosen: true, suggestedAudience: "institutions", formOfAddress: "du", formOfAddressChosen: false });
      expect(survey.effectivePrivacyNotice.de).toMatch(/^Stadt Wuppertal möchte wissen, welche Erfahrungen, Meinungen und Wünsche du hast\./);
      expect(survey.effectivePrivacyNotice.de).toMatch(/Mitmachen ist freiwillig/);
      expect(survey.effectivePrivacyNotice.de).not.toMatch(/Einrichtung|Netzwerk|Klient/);
      expect(formalAddressIn(survey.effectivePrivacyNotice.de)).toEqual([]);
      expect(survey.privacyModeSentence.de).toMatch(/^Diese Umfrage ist anonym: Sobald du deine Antworten abschickst/);
      expect(survey.effectivePrivacyNotice.en).toMatch(/Taking part is voluntary/);

      // Parents: the planner chooses "Sie"; and back to what fits the audience.
      const parents = await planner.json("PATCH", `/api/surveys/${id}`, { formOfAddress: "sie" });
      expect(parents).toMatchObject({ formOfAddress: "sie", formOfAddressChosen: true });
      expect(parents.effectivePrivacyNotice.de).toMatch(/Wünsche Sie haben\. .*Die Teilnahme ist freiwillig/s);
      expect(parents.privacyModeSentence.de).toMatch(/^Diese Umfrage ist anonym: Sobald Sie Ihre Antworten abschicken/);
      expect(await planner.json("PATCH", `/api/surveys/${id}`, { formOfAddress: null })).toMatchObject({ formOfAddress: "du", formOfAddressChosen: false });

      // Institutions keep the organisation's own notice.
      const institutions = await planner.json("GET", `/api/surveys/${await newSurvey("Einrichtungen")}`);
      expect(institutions.effectivePrivacyNotice.de).toBe("Verantwortlich: Ressort 208. Keine Angaben zu Klient:innen.");
      await planner.json("PATCH", "/api/organisation", { privacyNotice: "" });

      // Back to what the questions suggest.
      expect(await planner.json("PATCH", `/api/surveys/${id}`, { audience: null })).toMatchObject({ audience: "institutions", audienceChosen: false, formOfAddress: "sie" });
    });
  });

  describe("the survey's own notice", () => {
    it("is what respondents read (English falls back to German); empty goes back to the default", async () => {
      const id = await newSurvey("Eigener Hinweis", { items: [{ itemId: "network.sphere", version: 1 }] });
      const own = await planner.json("PATCH", `/api/surveys/${id}`, { privacyNotice: "  Verantwortlich ist das Jugendamt.\n\nFragen an jugendamt@wuppertal.de  ", privacyNoticeEn: "" });
      expect(own.privacyNotice).toBe("Verantwortlich ist das Jugendamt.\n\nFragen an jugendamt@wuppertal.de");
      expect(own.effectivePrivacyNotice).toEqual({
        de: "Verantwortlich ist das Jugendamt.\n\nFragen an jugendamt@wuppertal.de",
        en: "Verantwortlich ist das Jugendamt.\n\nFragen an jugendamt@wuppertal.de",
      });
      const token = await linkFor(id, "eigener-hinweis@netz.de");
      const view = await respondentView(token);
      expect(view.privacyNotice.de).toBe("Verantwortlich ist das Jugendamt.\n\nFragen an jugendamt@wuppertal.de");
      // Changing the notice of an open survey is allowed (a typo, a new contact).
      await planner.json("PATCH", `/api/surveys/${id}`, { privacyNotice: "", privacyNoticeEn: "" });
      expect((await respondentView(token)).privacyNotice.de).toMatch(/^Stadt Wuppertal nutzt Ihre Angaben/);
    });

    it("refuses what does not fit: unknown audience or address, an overlong notice, changing who is asked once open", async () => {
      const id = await newSurvey("Prüfung", { items: [{ itemId: "network.sphere", version: 1 }] });
      for (const body of [{ audience: "kinder" }, { formOfAddress: "ihr" }, { privacyNotice: "x".repeat(5001) }]) {
        const response = await planner.request("PATCH", `/api/surveys/${id}`, body);
        expect(response.status, JSON.stringify(body).slice(0, 40)).toBe(400);
        const payload = (await response.json()) as any;
        expect(JSON.stringify(payload.error.details)).toContain(Object.keys(body)[0]);
      }
      await planner.json("POST", `/api/surveys/${id}/open`);
      // Opening fixed the audience the questions suggested.
      expect((await planner.json("GET", `/api/surveys/${id}`)).audience).toBe("networks");
      const fixed = await planner.request("PATCH", `/api/surveys/${id}`, { audience: "people" });
      expect(fixed.status).toBe(409);
      expect(((await fixed.json()) as any).error).toMatchObject({ code: "audience_fixed", details: { field: "audience" } });
      // The form of address may still change.
      expect(await planner.json("PATCH", `/api/surveys/${id}`, { formOfAddress: "du" })).toMatchObject({ audience: "networks", formOfAddress: "du" });
    });
  });

  describe("the client-data warning", () => {
    it("stands under free-text questions for professionals, not in a survey of people", async () => {
      const description = (definition: any) => definition.pages[0].elements[0].description.de as string;
      const professionals = await newSurvey("Fachkräfte", { items: [WARNED_ITEM] });
      const people = await newSurvey("Personen", { items: [WARNED_ITEM], audience: "people" });
      expect(description((await planner.json("GET", `/api/surveys/${professionals}/preview`)).definition)).toContain(PERSONAL_DATA_WARNING.de);
      const preview = await planner.json("GET", `/api/surveys/${people}/preview`);
      expect(description(preview.definition)).not.toContain(PERSONAL_DATA_WARNING.de);
      expect(preview.definition.pages[0].elements[0].description.en).not.toContain(PERSONAL_DATA_WARNING.en);
      // The preview carries what respondents read before the first question.
      expect(preview).toMatchObject({ audience: "people", formOfAddress: "du" });
      expect(preview.privacyNotice.de).toMatch(/Mitmachen ist freiwillig/);
      expect(preview.privacyModeSentence.de).toMatch(/^Die Stelle, die dich eingeladen hat, sieht deine Antworten/);
      // The frozen definition respondents get is the same.
      const token = await linkFor(people, "jugend-warnung@example.org");
      expect(description((await respondentView(token)).definition)).not.toContain(PERSONAL_DATA_WARNING.de);
    });
  });

  describe("respondents of a youth survey", () => {
    let token = "";
    let surveyId = "";

    beforeAll(async () => {
      surveyId = await newSurvey("Jugendbefragung Ostpark", {
        audience: "people",
        privacyMode: "pseudonymous",
        pages: [{ id: "seite-1", title: null, elements: [{ itemId: "network.name", version: 1, required: true }, { itemId: "network.sphere", version: 1, required: false }] }],
      });
      token = await linkFor(surveyId, "jugend@example.org");
    });

    it("get the audience, the form of address, the people notice and the mode sentence", async () => {
      const view = await respondentView(token);
      expect(view).toMatchObject({ audience: "people", formOfAddress: "du", privacyMode: "pseudonymous" });
      expect(view.privacyNotice.de).toMatch(/welche Erfahrungen, Meinungen und Wünsche du hast/);
      expect(view.privacyNotice.de).not.toMatch(/Einrichtung|Netzwerk|Klient/);
      expect(view.privacyModeSentence).toEqual({
        de: "Die Stelle, die dich eingeladen hat, sieht, dass du mitgemacht hast. Deine Antworten sieht sie nur zusammen mit denen von anderen, nicht einzeln.",
        en: "The organisation that invited you sees that you took part, but sees your answers only together with those of others, never on their own.",
      });
    });

    it("are told what is missing with “du” (the server's message and survey-core's)", async () => {
      const refused = await testApp.request("POST", `/api/r/${token}/submit`, { answers: { "network.sphere": "stadtteil" }, page: 0, baseRevision: 0, locale: "de" });
      expect(refused.status).toBe(422);
      const { error } = (await refused.json()) as any;
      expect(error.messageDe).toBe("Einige Antworten fehlen oder passen nicht. Bitte sieh dir die markierten Fragen an.");
      expect(error.details.errors).toEqual([{ question: "network.name", page: 0, messages: ["Bitte beantworte diese Frage."] }]);
      const english = await testApp.request("POST", `/api/r/${token}/submit`, { answers: {}, page: 0, baseRevision: 0, locale: "en" });
      expect(((await english.json()) as any).error.details.errors[0].messages).toEqual(["Response required."]);
    });

    it("of a survey switched to “Sie” are told with “Sie”", async () => {
      await planner.json("PATCH", `/api/surveys/${surveyId}`, { formOfAddress: "sie" });
      const refused = await testApp.request("POST", `/api/r/${token}/submit`, { answers: {}, page: 0, baseRevision: 0, locale: "de" });
      const { error } = (await refused.json()) as any;
      expect(error.messageDe).toBe("Einige Antworten fehlen oder passen nicht. Bitte sehen Sie sich die markierten Fragen an.");
      expect(error.details.errors[0].messages).toEqual(["Bitte beantworten Sie diese Frage."]);
      expect((await respondentView(token)).privacyNotice.de).toMatch(/welche Erfahrungen, Meinungen und Wünsche Sie haben/);
      await planner.json("PATCH", `/api/surveys/${surveyId}`, { formOfAddress: null });
    });

    it("whose link was withdrawn are told whom to contact with “du”", async () => {
      const { invitations } = await planner.json("GET", `/api/surveys/${surveyId}/invitations`);
      await planner.json("POST", `/api/surveys/${surveyId}/invitations/${invitations[0].id}/revoke`);
      const response = await testApp.request("GET", `/api/r/${token}`);
      expect(response.status).toBe(410);
      const { error } = (await response.json()) as any;
      expect(error).toMatchObject({
        code: "link_revoked",
        messageDe: "Dieser Link wurde zurückgezogen. Bitte wende dich an Stadt Wuppertal.",
        details: { organisationName: "Stadt Wuppertal", formOfAddress: "du" },
      });
    });
  });

  describe("mails", () => {
    it("invite young people with du, by their given name, and keep the link to themselves", async () => {
      const id = await newSurvey("Jugendbefragung Nordstadt", { audience: "people", items: [{ itemId: "network.sphere", version: 1 }] });
      await planner.json("POST", `/api/surveys/${id}/open`);
      await planner.json("POST", `/api/surveys/${id}/invitations`, {
        recipients: [{ email: "lena.jugend@example.org", name: "Schulz, Lena" }],
      });
      await testApp.mailWorker.runOnce();
      const { mails } = await planner.json("GET", "/api/dev/mailbox");
      const mail = mails.find((entry: { to: string }) => entry.to.includes("lena.jugend@example.org"));
      expect(mail.text).toMatch(/^Hallo Lena,\n/);
      expect(mail.text).toContain("lädt dich zur Umfrage „Jugendbefragung Nordstadt“ ein");
      expect(mail.text).toContain("Der Link gehört nur dir");
      expect(formalAddressIn(`${mail.subject}\n${mail.text}`)).toEqual([]);
      // The template editor starts from the same wording.
      const templates = await planner.json("GET", `/api/surveys/${id}/mail-templates`);
      expect(templates.de.invitation).toMatchObject({ isDefault: true });
      expect(formalAddressIn(templates.de.invitation.body)).toEqual([]);
    });

    it("invite networks with Sie, by name and salutation, and the link stays within the network", async () => {
      const id = await newSurvey("Netzwerkanalyse Ost", { items: [{ itemId: "network.sphere", version: 1 }] });
      await planner.json("POST", `/api/surveys/${id}/open`);
      await planner.json("POST", `/api/surveys/${id}/invitations`, {
        recipients: [{ email: "koordination.ost@example.org", name: "Dr. Petra Lang", salutation: "ms" }],
      });
      await testApp.mailWorker.runOnce();
      const { mails } = await planner.json("GET", "/api/dev/mailbox");
      const mail = mails.find((entry: { to: string }) => entry.to.includes("koordination.ost@example.org"));
      expect(mail.text).toMatch(/^Guten Tag Frau Dr. Lang,\n/);
      expect(mail.text).toContain("nur innerhalb Ihres Netzwerks");
    });
  });

  describe("copies and templates", () => {
    it("keep who is asked, the form of address and the notice", async () => {
      const id = await newSurvey("Elternbefragung", {
        audience: "people",
        formOfAddress: "sie",
        privacyNotice: "Hinweis für Eltern.",
        privacyNoticeEn: "Notice for parents.",
        items: [{ itemId: "network.sphere", version: 1 }],
      });
      const settings = { audience: "people", formOfAddress: "sie", privacyNotice: "Hinweis für Eltern.", privacyNoticeEn: "Notice for parents." };
      const { id: copy } = await planner.json("POST", `/api/surveys/${id}/duplicate`, {}, 201);
      expect(await planner.json("GET", `/api/surveys/${copy}`)).toMatchObject(settings);
      const { id: templateId } = await planner.json("POST", "/api/templates", { surveyId: id, name: "Elternbefragung" }, 201);
      expect(await planner.json("GET", `/api/surveys/${await newSurvey("Eltern 2027", {}, templateId)}`)).toMatchObject(settings);
    });
  });
});
