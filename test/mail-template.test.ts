import { describe, expect, it } from "vitest";
import { greetingLine } from "../server/lib/greeting.ts";
import {
  DEFAULT_TEMPLATES,
  deadlineText,
  defaultTemplate,
  mailbox,
  PLACEHOLDERS,
  renderMail,
  templateProblems,
  type PlaceholderValues,
} from "../server/recipients/mail-template.ts";
import { formalAddressIn, informalAddressIn } from "./support/forms-of-address.ts";

const values: PlaceholderValues = {
  greeting: "Guten Tag Frau Schmidt,",
  name: "Frau Schmidt",
  link: "https://kanon.example/r/abcDEF123_-xyz",
  deadline: "31.12.2099",
  organisation: "Stadt Wuppertal",
  planner: "Anna Admin",
  survey: "Bestandsaufnahme Kitas",
};

describe("checking a planner's mail template", () => {
  it("accepts Kanon's own wording for both mails", () => {
    for (const language of ["de", "en"] as const) {
      expect(templateProblems(DEFAULT_TEMPLATES[language].invitation)).toEqual([]);
      expect(templateProblems(DEFAULT_TEMPLATES[language].reminder)).toEqual([]);
    }
    expect(PLACEHOLDERS).toEqual(["greeting", "name", "link", "deadline", "organisation", "planner", "survey"]);
  });

  it("names every unknown placeholder once, in subject and body", () => {
    const problems = templateProblems({
      subject: "Hallo {{vorname}}",
      body: "Liebe {{ vorname }}, bitte bis {{frist}} antworten: {{link}} {{frist}}",
    });
    expect(problems).toEqual([
      { code: "unknown_placeholder", placeholder: "vorname" },
      { code: "unknown_placeholder", placeholder: "frist" },
    ]);
  });

  it("requires {{link}} in the body — a link only in the subject does not reach anyone", () => {
    expect(templateProblems({ subject: "{{link}}", body: "Bitte antworten Sie." })).toEqual([{ code: "missing_link" }]);
    expect(templateProblems({ subject: "Umfrage", body: "Hier: {{ link }}" })).toEqual([]);
  });
});

describe("rendering a survey mail", () => {
  it("fills every placeholder in subject, text and HTML", () => {
    const mail = renderMail(
      {
        subject: "{{survey}} – {{organisation}}",
        body: "Guten Tag {{name}},\n\nbitte antworten Sie bis zum {{deadline}}.\n\n{{link}}\n\n{{planner}}",
      },
      values,
    );
    expect(mail.subject).toBe("Bestandsaufnahme Kitas – Stadt Wuppertal");
    expect(mail.text).toBe(
      "Guten Tag Frau Schmidt,\n\nbitte antworten Sie bis zum 31.12.2099.\n\nhttps://kanon.example/r/abcDEF123_-xyz\n\nAnna Admin",
    );
    expect(mail.html).toContain("<p>Guten Tag Frau Schmidt,</p>");
    expect(mail.html).toContain("bis zum 31.12.2099.");
    expect(mail.html).toContain('<a href="https://kanon.example/r/abcDEF123_-xyz">https://kanon.example/r/abcDEF123_-xyz</a>');
    expect(mail.html).toContain("<title>Bestandsaufnahme Kitas – Stadt Wuppertal</title>");
    expect(mail.html).not.toMatch(/\{\{/);
  });

  it("moves the comma up to the greeting when the recipient has no name", () => {
    const mail = renderMail({ subject: "{{survey}}", body: "Guten Tag {{name}},\n\n{{link}}" }, { ...values, name: "" });
    expect(mail.text.startsWith("Guten Tag,\n")).toBe(true);
  });

  it("escapes markup typed into survey titles, names or the template itself", () => {
    const mail = renderMail(
      { subject: "{{survey}}", body: "<b>Hallo</b> {{name}} & Co\n{{link}}" },
      { ...values, survey: "Kitas <script>alert(1)</script>", name: '<img src=x onerror="alert(1)">' },
    );
    expect(mail.html).not.toContain("<script>");
    expect(mail.html).not.toContain("<img");
    expect(mail.html).not.toContain("<b>");
    expect(mail.html).toContain("&#60;script&#62;alert(1)&#60;/script&#62;");
    expect(mail.html).toContain("&#60;b&#62;Hallo&#60;/b&#62;");
    expect(mail.html).toContain(" &#38; Co<br>");
    // The plain text part is not HTML: it shows what was typed.
    expect(mail.text).toContain('<b>Hallo</b> <img src=x onerror="alert(1)"> & Co');
  });

  it("never lets a title break the subject header into several lines", () => {
    const mail = renderMail(DEFAULT_TEMPLATES.de.invitation, { ...values, survey: "Umfrage\r\nBcc: alle@example.org" });
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.subject).toContain("Umfrage Bcc: alle@example.org");
  });

  it("inserts values literally, even ones that look like replacement patterns or placeholders", () => {
    const mail = renderMail(
      { subject: "{{survey}}", body: "{{name}}: {{link}}" },
      { ...values, survey: "Kosten $& Nutzen $1", name: "{{link}}" },
    );
    expect(mail.subject).toBe("Kosten $& Nutzen $1");
    expect(mail.text).toBe("{{link}}: https://kanon.example/r/abcDEF123_-xyz");
    expect(mail.html.match(/<a href=/g)).toHaveLength(1);
  });

  it("turns paragraphs, line breaks and a --- separator into HTML", () => {
    const mail = renderMail({ subject: "{{survey}}", body: "{{greeting}}\n\nIhr persönlicher Link:\n{{link}}\n---\nP.S." }, values);
    expect(mail.html).toContain("<hr>");
    expect(mail.html).toContain("<p>Guten Tag Frau Schmidt,</p>");
    expect(mail.html).toContain("Ihr persönlicher Link:<br>\n<a href=");
  });

  it("writes each default mail in one language only, starting with the greeting", () => {
    const german = renderMail(DEFAULT_TEMPLATES.de.invitation, values, "de");
    expect(german.text.startsWith("Guten Tag Frau Schmidt,\n\nStadt Wuppertal bittet Sie")).toBe(true);
    expect(german.text).not.toMatch(/---|Your personal link|asks you|Kind regards/);
    expect(german.html).toContain('<html lang="de">');
    expect(german.text.match(/https:\/\/kanon\.example\/r\/abcDEF123_-xyz/g)).toHaveLength(1);
    const english = renderMail(DEFAULT_TEMPLATES.en.invitation, { ...values, greeting: "Dear Ms Schmidt,", deadline: "31 December 2099" }, "en");
    expect(english.subject).toBe("Survey: Bestandsaufnahme Kitas – Stadt Wuppertal");
    expect(english.text.startsWith("Dear Ms Schmidt,\n\nStadt Wuppertal asks you")).toBe(true);
    expect(english.text).toContain("Please answer by 31 December 2099.");
    expect(english.text).not.toMatch(/Ihr|bittet|Grüßen|Umfrage:/);
    expect(english.html).toContain('<html lang="en">');
    const reminder = renderMail(DEFAULT_TEMPLATES.en.reminder, { ...values, greeting: "Hello," }, "en");
    expect(reminder.text.startsWith("Hello,\n\nThis is a friendly reminder")).toBe(true);
  });

  describe("for a survey without a closing date", () => {
    const open = { ...values, deadline: "" };

    it("leaves out the sentences that name the deadline and keeps the others", () => {
      const mail = renderMail(DEFAULT_TEMPLATES.de.invitation, open);
      expect(mail.text).not.toMatch(/bis zum|\{\{/);
      expect(mail.text).toContain("bittet Sie um Ihre Teilnahme an der Umfrage „Bestandsaufnahme Kitas“.");
      expect(mail.text).toContain("Ihr persönlicher Link:\nhttps://kanon.example/r/abcDEF123_-xyz");
      expect(mail.html).not.toMatch(/bis zum/);
      const english = renderMail(DEFAULT_TEMPLATES.en.invitation, open, "en");
      expect(english.text).toContain("asks you to take part in the survey “Bestandsaufnahme Kitas”.");
      expect(english.text).not.toMatch(/answer by|\{\{/);
      const reminder = renderMail(DEFAULT_TEMPLATES.de.reminder, open);
      expect(reminder.text).not.toMatch(/bis zum/);
      expect(reminder.text).toContain("Falls Sie schon begonnen haben");
    });

    it("keeps the link even when it stands in the sentence that names the deadline", () => {
      const mail = renderMail({ subject: "{{survey}}", body: "Bitte antworten Sie bis zum {{deadline}} über {{link}}\n\nDanke!" }, open);
      expect(mail.text).toContain("https://kanon.example/r/abcDEF123_-xyz");
      expect(mail.html).toContain('<a href="https://kanon.example/r/abcDEF123_-xyz">');
      expect(mail.text).not.toContain("{{");
      expect(mail.text).toContain("Danke!");
    });
  });

  it("keeps a subject that is all about the deadline when there is none, dropping only the placeholder", () => {
    const mail = renderMail({ subject: "{{survey}} – Antwort bis {{deadline}}", body: "{{link}}" }, { ...values, deadline: "" });
    expect(mail.subject).toBe("Bestandsaufnahme Kitas – Antwort bis");
    expect(mail.subject).not.toContain("{{");
  });

  it("writes the deadline as the recipient's language writes a date", () => {
    expect(deadlineText("2099-12-31")).toBe("31.12.2099");
    expect(deadlineText("2025-03-05", "de")).toBe("05.03.2025");
    expect(deadlineText("2025-03-05", "en")).toBe("5 March 2025");
    expect(deadlineText(null)).toBe("");
    expect(deadlineText(null, "en")).toBe("");
  });

  it("builds the To: header without letting quotes or line breaks in a name through", () => {
    expect(mailbox("kita@traeger.de", "")).toBe("kita@traeger.de");
    expect(mailbox("kita@traeger.de", "  ")).toBe("kita@traeger.de");
    expect(mailbox("h.mueller@netz.de", "Müller, Hans")).toBe('"Müller, Hans" <h.mueller@netz.de>');
    expect(mailbox("x@y.de", 'Eva "die Große" \\ Schmidt\r\nBcc: z@y.de')).toBe('"Eva die Große  SchmidtBcc: z@y.de" <x@y.de>');
  });
});

describe("Kanon's wording for each audience and form of address", () => {
  const voices = [
    { audience: "institutions", formOfAddress: "sie" },
    { audience: "networks", formOfAddress: "sie" },
    { audience: "people", formOfAddress: "sie" },
    { audience: "people", formOfAddress: "du" },
    { audience: "networks", formOfAddress: "du" },
  ] as const;

  it("speaks to young people with du throughout, and to everyone else with Sie", () => {
    for (const voice of voices) {
      for (const kind of ["invitation", "reminder"] as const) {
        const template = defaultTemplate("de", kind, voice);
        const text = `${template.subject}\n${template.body}`;
        expect(templateProblems(template), `${voice.audience}/${voice.formOfAddress} ${kind}`).toEqual([]);
        if (voice.formOfAddress === "du") {
          expect(formalAddressIn(text), `${voice.audience} du ${kind}`).toEqual([]);
          expect(informalAddressIn(text).length).toBeGreaterThan(0);
        } else {
          expect(informalAddressIn(text), `${voice.audience} Sie ${kind}`).toEqual([]);
        }
      }
    }
  });

  it("says who may see the link: the institution, the network, or nobody but the person", () => {
    expect(defaultTemplate("de", "invitation", { audience: "institutions", formOfAddress: "sie" }).body).toContain("nur innerhalb Ihrer Einrichtung");
    expect(defaultTemplate("de", "invitation", { audience: "networks", formOfAddress: "sie" }).body).toContain("nur innerhalb Ihres Netzwerks");
    expect(defaultTemplate("de", "invitation", { audience: "people", formOfAddress: "du" }).body).toContain("Der Link gehört nur dir");
    expect(defaultTemplate("de", "invitation", { audience: "people", formOfAddress: "du" }).body).not.toContain("Einrichtung");
    expect(defaultTemplate("en", "invitation", { audience: "people", formOfAddress: "du" }).body).toContain("This link is yours alone");
    expect(defaultTemplate("de", "invitation")).toEqual(DEFAULT_TEMPLATES.de.invitation);
  });

  it("greets by the given name where the survey says du", () => {
    expect(greetingLine("de", { name: "Müller, Anna", salutation: "ms" }, "du")).toBe("Hallo Anna,");
    expect(greetingLine("de", { name: "Anna Maria von der Leyen", salutation: null }, "du")).toBe("Hallo Anna Maria,");
    expect(greetingLine("de", { name: "Jugendtreff Ost", salutation: null }, "du")).toBe("Hallo,");
    expect(greetingLine("en", { name: "Müller, Anna", salutation: "ms" }, "du")).toBe("Hello Anna,");
    expect(greetingLine("de", { name: "Müller, Anna", salutation: "ms" })).toBe("Guten Tag Frau Müller,");
  });
});
