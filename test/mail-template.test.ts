import { describe, expect, it } from "vitest";
import {
  DEFAULT_TEMPLATES,
  deadlineText,
  mailbox,
  PLACEHOLDERS,
  renderMail,
  templateProblems,
  type PlaceholderValues,
} from "../server/recipients/mail-template.ts";

const values: PlaceholderValues = {
  name: "Frau Schmidt",
  link: "https://kanon.example/r/abcDEF123_-xyz",
  deadline: "31.12.2099",
  organisation: "Stadt Wuppertal",
  planner: "Anna Admin",
  survey: "Bestandsaufnahme Kitas",
};

describe("checking a planner's mail template", () => {
  it("accepts Kanon's own wording for both mails", () => {
    expect(templateProblems(DEFAULT_TEMPLATES.invitation)).toEqual([]);
    expect(templateProblems(DEFAULT_TEMPLATES.reminder)).toEqual([]);
    expect(PLACEHOLDERS).toEqual(["name", "link", "deadline", "organisation", "planner", "survey"]);
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
    const mail = renderMail(DEFAULT_TEMPLATES.invitation, { ...values, name: "" });
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
    const mail = renderMail(DEFAULT_TEMPLATES.invitation, { ...values, survey: "Umfrage\r\nBcc: alle@example.org" });
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

  it("turns paragraphs, line breaks and the --- separator into HTML", () => {
    const mail = renderMail(DEFAULT_TEMPLATES.invitation, values);
    expect(mail.html).toContain("<hr>");
    expect(mail.html).toContain("Ihr persönlicher Link:<br>\n<a href=");
    // The link appears in the German and the English part.
    expect(mail.html.match(/<a href="https:\/\/kanon\.example\/r\/abcDEF123_-xyz">/g)).toHaveLength(2);
    expect(mail.text.match(/https:\/\/kanon\.example\/r\/abcDEF123_-xyz/g)).toHaveLength(2);
  });

  describe("for a survey without a closing date", () => {
    const open = { ...values, deadline: "" };

    it("leaves out the sentences that name the deadline and keeps the others", () => {
      const mail = renderMail(DEFAULT_TEMPLATES.invitation, open);
      expect(mail.text).not.toMatch(/bis zum|answer by|\{\{/);
      expect(mail.text).toContain("bittet Sie um Ihre Teilnahme an der Umfrage „Bestandsaufnahme Kitas“.");
      expect(mail.text).toContain("Ihr persönlicher Link:\nhttps://kanon.example/r/abcDEF123_-xyz");
      expect(mail.text).toContain('asks you to take part in the survey "Bestandsaufnahme Kitas".');
      expect(mail.html).not.toMatch(/bis zum|answer by/);
      const reminder = renderMail(DEFAULT_TEMPLATES.reminder, open);
      expect(reminder.text).not.toMatch(/bis zum|answer by/);
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

  it("writes the deadline as a German date", () => {
    expect(deadlineText("2099-12-31")).toBe("31.12.2099");
    expect(deadlineText("2025-03-05")).toBe("05.03.2025");
    expect(deadlineText(null)).toBe("");
  });

  it("builds the To: header without letting quotes or line breaks in a name through", () => {
    expect(mailbox("kita@traeger.de", "")).toBe("kita@traeger.de");
    expect(mailbox("kita@traeger.de", "  ")).toBe("kita@traeger.de");
    expect(mailbox("h.mueller@netz.de", "Müller, Hans")).toBe('"Müller, Hans" <h.mueller@netz.de>');
    expect(mailbox("x@y.de", 'Eva "die Große" \\ Schmidt\r\nBcc: z@y.de')).toBe('"Eva die Große  SchmidtBcc: z@y.de" <x@y.de>');
  });
});
