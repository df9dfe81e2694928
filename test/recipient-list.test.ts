import { describe, expect, it } from "vitest";
import { parseRecipientList, splitRecipientText } from "../server/lib/email-addresses.ts";

describe("pasted recipient lists", () => {
  it("splits on new lines, commas, semicolons and tabs, but not inside quotes or angle brackets", () => {
    expect(splitRecipientText('a@b.de\r\nc@d.de, e@f.de;g@h.de\ti@j.de\n\n"Müller, Hans" <h@x.de>; Erika <e@k.de>')).toEqual([
      "a@b.de",
      "c@d.de",
      "e@f.de",
      "g@h.de",
      "i@j.de",
      '"Müller, Hans" <h@x.de>',
      "Erika <e@k.de>",
    ]);
  });

  it("reads Outlook's 'Name <mail>' lists with names and lower-cases addresses", () => {
    const entries = parseRecipientList("Schmidt, Eva <Eva.Schmidt@Jugendamt.de>; 'Kita Nord' <kita-nord@stadt.de>; mailto:info@verein.de");
    expect(entries.map(({ email, name }) => ({ email, name }))).toEqual([
      { email: "schmidt", name: "" },
      { email: "eva.schmidt@jugendamt.de", name: "Eva" },
      { email: "kita-nord@stadt.de", name: "Kita Nord" },
      { email: "info@verein.de", name: "" },
    ]);
    expect(entries[0]!.problem).toBe("missing_at");
  });

  it("gives a reason for every invalid entry and keeps its text as typed", () => {
    const entries = parseRecipientList("ohne-at.de\nfehlt@domain\nzwei@@at.de\nleer@.de");
    expect(entries.map(({ raw, problem }) => ({ raw, problem }))).toEqual([
      { raw: "ohne-at.de", problem: "missing_at" },
      { raw: "fehlt@domain", problem: "missing_domain" },
      { raw: "zwei@@at.de", problem: "invalid_address" },
      { raw: "leer@.de", problem: "invalid_address" },
    ]);
  });

  it("marks later copies of an address as duplicates, whatever the case", () => {
    const entries = parseRecipientList("a@b.de\nA@B.DE\nAnna <a@b.de>");
    expect(entries.map((entry) => entry.duplicate)).toEqual([false, true, true]);
  });
});
