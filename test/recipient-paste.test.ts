import { domainToASCII } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkEmailAddress, EMAIL_PROBLEM_CODES, type EmailProblemCode } from "../server/lib/email-address.ts";
import { describeEmailProblem } from "../server/lib/email-problem-texts.ts";
import { greetingLine } from "../server/lib/greeting.ts";
import { readPersonName } from "../server/lib/person-name.ts";
import { parseRecipientList, splitRecipientText } from "../server/lib/recipient-paste.ts";

/** What a planner would check in the list: address, name as read, salutation, and the reason if invalid. */
const read = (text: string) =>
  parseRecipientList(text).map((entry) => ({
    email: entry.email,
    name: entry.name,
    ...(entry.salutation ? { salutation: entry.salutation } : {}),
    ...(entry.problem ? { problem: entry.problem.code } : {}),
    ...(entry.duplicate ? { duplicate: true } : {}),
  }));

describe("pasted address lists as people write them", () => {
  const cases: { paste: string; what: string; expected: ReturnType<typeof read> }[] = [
    {
      what: "Outlook's To: line, Last, First unquoted",
      paste: "Müller, Anna <Anna.Mueller@Stadt-Wuppertal.de>; Schmidt, Jörg <j.schmidt@jugendamt.de>; Kita Sonnenblume <kita.sonnenblume@traeger.de>",
      expected: [
        { email: "anna.mueller@stadt-wuppertal.de", name: "Müller, Anna" },
        { email: "j.schmidt@jugendamt.de", name: "Schmidt, Jörg" },
        { email: "kita.sonnenblume@traeger.de", name: "Kita Sonnenblume" },
      ],
    },
    {
      what: "Outlook with commas as separators and quoted names",
      paste: '"Müller, Anna" <anna@x.de>, Schmidt, Jörg <joerg@y.de>, von der Leyen, Ursula <u@z.de>, info@verein.de',
      expected: [
        { email: "anna@x.de", name: "Müller, Anna" },
        { email: "joerg@y.de", name: "Schmidt, Jörg" },
        { email: "u@z.de", name: "von der Leyen, Ursula" },
        { email: "info@verein.de", name: "" },
      ],
    },
    {
      what: "one per line, with mailto: links, a comment, a trailing full stop and stray brackets",
      paste: "mailto:Info@Verein.de?subject=Umfrage\r\nanna@x.de (Anna Müller)\r\n<bernd@y.de\r\ncarla@z.de.\r\n  dora@w.de>  \r\n\r\n",
      expected: [
        { email: "info@verein.de", name: "" },
        { email: "anna@x.de", name: "Anna Müller" },
        { email: "bernd@y.de", name: "" },
        { email: "carla@z.de", name: "" },
        { email: "dora@w.de", name: "" },
      ],
    },
    {
      what: "typed by hand: name and address with spaces only, and a salutation",
      paste: "Frau Anna Müller anna@x.de, Herr Dr. Jörg Schmidt joerg@y.de\nbernd@y.de carla@z.de",
      expected: [
        { email: "anna@x.de", name: "Anna Müller", salutation: "ms" },
        { email: "joerg@y.de", name: "Dr. Jörg Schmidt", salutation: "mr" },
        { email: "bernd@y.de", name: "" },
        { email: "carla@z.de", name: "" },
      ],
    },
    {
      what: "Excel columns without a header: salutation, name, address",
      paste: "Frau\tAnna Müller\tanna@x.de\nHerr\tJörg Schmidt\tjoerg@y.de\n\t\t\nKita Nord\tkita-nord@stadt.de\t",
      expected: [
        { email: "anna@x.de", name: "Anna Müller", salutation: "ms" },
        { email: "joerg@y.de", name: "Jörg Schmidt", salutation: "mr" },
        { email: "kita-nord@stadt.de", name: "Kita Nord" },
      ],
    },
    {
      what: "Excel columns with a header row naming the columns",
      paste: "Anrede\tTitel\tVorname\tNachname\tE-Mail-Adresse\nFrau\tDr.\tAnna\tvon der Leyen\tleyen@x.de\ndivers\t\tKim\tBauer\tkim@y.de\nHerr\t\tJörg\tSchmidt\t\n",
      expected: [
        { email: "leyen@x.de", name: "von der Leyen, Dr. Anna", salutation: "ms" },
        { email: "kim@y.de", name: "Bauer, Kim" },
        { email: "", name: "Schmidt, Jörg", salutation: "mr", problem: "empty" },
      ],
    },
    {
      what: "a CSV line: last name, first name, address",
      paste: "Müller, Anna, anna@x.de\nKita Süd, kita-sued@stadt.de",
      expected: [
        { email: "anna@x.de", name: "Müller, Anna" },
        { email: "kita-sued@stadt.de", name: "Kita Süd" },
      ],
    },
    {
      what: "internationalised domains in either form are one address, stored in Unicode",
      paste: "kontakt@bürgerverein-musterstadt.de; Bürgerverein <KONTAKT@xn--brgerverein-musterstadt-cpc.de>; info@straße.de",
      expected: [
        { email: "kontakt@bürgerverein-musterstadt.de", name: "Bürgerverein" },
        { email: "kontakt@bürgerverein-musterstadt.de", name: "Bürgerverein", duplicate: true },
        { email: "info@straße.de", name: "" },
      ],
    },
    {
      what: "duplicates in any case; a name given only with the copy goes to the first",
      paste: "a@b.de\nA@B.DE\nAnna <a@b.de>",
      expected: [
        { email: "a@b.de", name: "Anna" },
        { email: "a@b.de", name: "", duplicate: true },
        { email: "a@b.de", name: "Anna", duplicate: true },
      ],
    },
    {
      what: "invisible characters and no-break spaces from Word are dropped",
      paste: "\u00A0anna\u200B@x.de\u00A0;\uFEFFbernd@y.de",
      expected: [
        { email: "anna@x.de", name: "" },
        { email: "bernd@y.de", name: "" },
      ],
    },
    {
      what: "a name alone and a broken entry stay as entries with their reason",
      paste: "Müller, Anna; leitung(at)kita.de; anna mueller@x.de",
      expected: [
        { email: "Müller", name: "", problem: "missing_at" },
        { email: "Anna", name: "", problem: "missing_at" },
        { email: "leitung(at)kita.de", name: "", problem: "missing_at" },
        { email: "anna mueller@x.de", name: "", problem: "space_inside" },
      ],
    },
  ];
  for (const { what, paste, expected } of cases) {
    it(what, () => expect(read(paste)).toEqual(expected));
  }

  it("keeps each entry as pasted, so an invalid one can be corrected where it stands", () => {
    const entries = parseRecipientList("Müller, Anna <anna@x.de>; anna..b@x.de\nFrau\tAnna\tohne-at");
    expect(entries.map((entry) => entry.raw)).toEqual(["Müller, Anna <anna@x.de>", "anna..b@x.de", "Frau\tAnna\tohne-at"]);
  });

  it("reads the address part of one directory field like a pasted entry", () => {
    expect(splitRecipientText("Anna Müller <anna@x.de>").map((entry) => entry.address)).toEqual(["anna@x.de"]);
  });
});

describe("the reason for every invalid address", () => {
  const invalid: [string, EmailProblemCode, string?][] = [
    ["", "empty"],
    ["ohne-at.example.org", "missing_at"],
    ["zwei@@example.org", "several_at"],
    ["a@b@example.org", "several_at"],
    ["@example.org", "missing_local_part"],
    ["anna@", "missing_domain"],
    ["anna@localhost", "domain_without_dot"],
    ["anna mueller@example.org", "space_inside"],
    ["anna@example .org", "space_inside"],
    ["anna..mueller@example.org", "double_dot"],
    ["anna@example..org", "double_dot"],
    [".anna@example.org", "leading_dot"],
    ["anna.@example.org", "dot_before_at"],
    ["anna@.example.org", "dot_after_at"],
    ['"anna müller"@example.org', "quoted_local_part"],
    ["jörg@example.org", "unicode_local_part", "ö"],
    ["anna(x)@example.org", "invalid_character", "("],
    ["anna@exam_ple.org", "invalid_character", "_"],
    ["anna@example.org/x", "invalid_character", "/"],
    ["anna@ex😀ample.org", "invalid_character", "😀"],
    ["anna@[192.168.0.1]", "domain_literal"],
    ["anna@-example.org", "hyphen_at_label_edge", "-example"],
    ["anna@example-.org", "hyphen_at_label_edge", "example-"],
    ["anna@xn--zz.org", "invalid_international_domain"],
    ["anna@example.123", "invalid_top_level_domain", "123"],
    ["anna@example.o", "invalid_top_level_domain", "o"],
    [`${"a".repeat(65)}@example.org`, "local_part_too_long"],
    [`anna@${"b".repeat(64)}.org`, "label_too_long"],
    [`anna@${`${"c".repeat(60)}.`.repeat(5)}org`, "domain_too_long"],
    [`${"a".repeat(64)}@${`${"c".repeat(60)}.`.repeat(3)}${"d".repeat(10)}.org`, "too_long"],
    ["x".repeat(5000), "too_long"],
  ];
  for (const [address, code, detail] of invalid) {
    it(`${code}: ${address.slice(0, 50) || "(nothing)"}`, () => {
      const checked = checkEmailAddress(address);
      expect(checked.problem).toEqual(detail === undefined ? { code } : { code, detail });
      expect(checked.ascii).toBeNull();
    });
  }

  it("covers every reason Kanon knows, each with a German and an English sentence", () => {
    expect(new Set(invalid.map(([, code]) => code))).toEqual(new Set(EMAIL_PROBLEM_CODES));
    for (const code of EMAIL_PROBLEM_CODES) {
      const text = describeEmailProblem({ code, detail: "ö" });
      expect(text.de.length, code).toBeGreaterThan(5);
      expect(text.en.length, code).toBeGreaterThan(5);
      expect(text.de).not.toBe(text.en);
      expect(`${text.de} ${text.en}`).not.toContain("{detail}");
    }
    expect(describeEmailProblem({ code: "invalid_character", detail: "(" }).de).toBe("Das Zeichen „(“ ist in einer E-Mail-Adresse nicht erlaubt");
    expect(describeEmailProblem({ code: "invalid_character", detail: "\t" }).en).toBe("The character “U+0009” is not allowed in an e-mail address");
  });

  it("accepts what mail servers accept, in its stored and its ASCII form", () => {
    expect(checkEmailAddress("O'Brien+Umfrage@Example.ORG")).toEqual({ email: "o'brien+umfrage@example.org", ascii: "o'brien+umfrage@example.org", problem: null });
    expect(checkEmailAddress("kontakt@BÜRGERVEREIN-musterstadt.de")).toEqual({
      email: "kontakt@bürgerverein-musterstadt.de",
      ascii: "kontakt@xn--brgerverein-musterstadt-cpc.de",
      problem: null,
    });
    expect(checkEmailAddress("info@xn--strae-oqa.de").email).toBe("info@straße.de");
    expect(checkEmailAddress("post@stadt.köln").ascii).toBe("post@stadt.xn--kln-sna");
  });
});

describe("names and greetings", () => {
  const greetings: [string, "ms" | "mr" | null, string, string][] = [
    ["Schmidt, Jörg", "mr", "Guten Tag Herr Schmidt,", "Dear Mr Schmidt,"],
    ["Schmidt, Jörg", null, "Guten Tag Jörg Schmidt,", "Dear Jörg Schmidt,"],
    ["Müller, Dr. Anna", "ms", "Guten Tag Frau Dr. Müller,", "Dear Dr Müller,"],
    ["Prof. Dr. med. Hans Weber", "mr", "Guten Tag Herr Prof. Dr. Weber,", "Dear Professor Weber,"],
    ["Anna Maria von der Leyen", "ms", "Guten Tag Frau von der Leyen,", "Dear Ms von der Leyen,"],
    ["MÜLLER, Anna", "ms", "Guten Tag Frau Müller,", "Dear Ms Müller,"],
    ["Müller", "ms", "Guten Tag Frau Müller,", "Dear Ms Müller,"],
    ["Müller", null, "Guten Tag,", "Hello,"],
    ["Kita Sonnenblume", null, "Guten Tag,", "Hello,"],
    ["Stadt Wuppertal, Jugendamt", null, "Guten Tag,", "Hello,"],
    ["Team Schulsozialarbeit", null, "Guten Tag,", "Hello,"],
    ["", "ms", "Guten Tag,", "Hello,"],
    ["", null, "Guten Tag,", "Hello,"],
  ];
  for (const [name, salutation, german, english] of greetings) {
    it(`greets ${name || "(no name)"} (${salutation ?? "neutral"})`, () => {
      expect(greetingLine("de", { name, salutation })).toBe(german);
      expect(greetingLine("en", { name, salutation })).toBe(english);
    });
  }

  it("turns Last, First round only for people", () => {
    expect(readPersonName("Müller, Anna").full).toBe("Anna Müller");
    expect(readPersonName("von der Leyen, Ursula").family).toBe("von der Leyen");
    expect(readPersonName("Stadt Wuppertal, Jugendamt").full).toBe("Stadt Wuppertal, Jugendamt");
  });
});

// ---------------------------------------------------------------------------------------------
// Property: any list of valid addresses with names, written in any of the usual forms and joined
// by any of the usual separators, reads back as the same addresses and names.
// ---------------------------------------------------------------------------------------------

const GIVEN = ["Anna", "Jörg", "Zoë", "Hans-Peter", "Özlem", "Marie-Luise", "Łukasz", "Ayşe"];
const FAMILY = ["Müller", "Schmidt", "von der Leyen", "O'Brien", "Groß", "Çelik", "Nguyen", "Meyer-Lüdenscheidt"];
const UNICODE_LABELS = ["bürgerverein", "straße", "müller-haus", "école", "kita-käfer"];
const TOP_LEVEL = ["de", "org", "com", "berlin", "koeln"];

const asciiLabel = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,8}[a-z0-9])?$/);
const domainArbitrary = fc.record({
  labels: fc.array(fc.oneof(asciiLabel, fc.constantFrom(...UNICODE_LABELS)), { minLength: 1, maxLength: 3 }),
  topLevel: fc.constantFrom(...TOP_LEVEL),
  punycode: fc.boolean(),
});
const localArbitrary = fc
  .stringMatching(/^[a-z0-9](?:[a-z0-9._+-]{0,14}[a-z0-9])?$/)
  .filter((local) => !local.includes(".."));

type Form = "angle" | "lastFirst" | "quotedLastFirst" | "comment" | "spaced" | "salutation" | "bare" | "bracketed" | "cells";
const recipientArbitrary = fc.record({
  local: localArbitrary,
  upper: fc.boolean(),
  domain: domainArbitrary,
  given: fc.constantFrom(...GIVEN),
  family: fc.constantFrom(...FAMILY),
  form: fc.constantFrom<Form>("angle", "lastFirst", "quotedLastFirst", "comment", "spaced", "salutation", "bare", "bracketed", "cells"),
});

const SEPARATORS = ["; ", ", ", "\n", ";", ",", "\r\n", " ; ", ";\n", ",\r\n"];

describe("any list of valid addresses, written as people write them", () => {
  it("reads back as the same addresses and names", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(recipientArbitrary, {
          minLength: 1,
          maxLength: 12,
          selector: (recipient) => `${recipient.local}@${recipient.domain.labels.join(".")}.${recipient.domain.topLevel}`,
        }),
        fc.constantFrom(...SEPARATORS),
        (recipients, separator) => {
          const lines = separator.includes("\n");
          const written = recipients.map((recipient) => {
            const unicodeDomain = `${recipient.domain.labels.join(".")}.${recipient.domain.topLevel}`;
            const domain = recipient.domain.punycode ? domainToASCII(unicodeDomain) : unicodeDomain;
            const address = `${recipient.upper ? recipient.local.toUpperCase() : recipient.local}@${domain}`;
            const natural = `${recipient.given} ${recipient.family}`;
            const lastFirst = `${recipient.family}, ${recipient.given}`;
            const expected = { email: `${recipient.local}@${unicodeDomain}`, name: natural, salutation: null as "ms" | null };
            // Spreadsheet rows only come one per line.
            const form = recipient.form === "cells" && !lines ? "angle" : recipient.form;
            switch (form) {
              case "angle":
                return { text: `${natural} <${address}>`, expected };
              case "lastFirst":
                return { text: `${lastFirst} <${address}>`, expected: { ...expected, name: lastFirst } };
              case "quotedLastFirst":
                return { text: `"${lastFirst}" <${address}>`, expected: { ...expected, name: lastFirst } };
              case "comment":
                return { text: `${address} (${natural})`, expected };
              case "spaced":
                return { text: `${natural} ${address}`, expected };
              case "salutation":
                return { text: `Frau ${natural} <${address}>`, expected: { ...expected, salutation: "ms" as const } };
              case "bare":
                return { text: address, expected: { ...expected, name: "" } };
              case "bracketed":
                return { text: `<${address}>`, expected: { ...expected, name: "" } };
              case "cells":
                return { text: `Frau\t${natural}\t${address}`, expected: { ...expected, salutation: "ms" as const } };
            }
          });
          const parsed = parseRecipientList(written.map((entry) => entry.text).join(separator));
          expect(parsed.map((entry) => ({ email: entry.email, name: entry.name, salutation: entry.salutation }))).toEqual(
            written.map((entry) => entry.expected),
          );
          expect(parsed.every((entry) => entry.problem === null && !entry.duplicate)).toBe(true);
        },
      ),
      { numRuns: 400 },
    );
  });
});
