/**
 * The parts of the questionnaire import that need no database: where invalid JSON breaks, texts,
 * expression conversion (LimeSurvey, XLSForm), safe markup, and the guards against hostile files
 * (zip bombs, deep XML, backtracking input), each with its worst case.
 */
import { deflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { ImportReport } from "../server/questionnaire-import/import-report.ts";
import { jsonErrorPosition } from "../server/questionnaire-import/json-error-position.ts";
import { convertExpression, type CodeLookup } from "../server/questionnaire-import/limesurvey-expressions.ts";
import { surveyFromLimeSurvey } from "../server/questionnaire-import/limesurvey-lss.ts";
import { htmlToText, toLocalized } from "../server/questionnaire-import/localized-text.ts";
import { safeHtml } from "../server/questionnaire-import/safe-html.ts";
import { surveyFromSurveyJs } from "../server/questionnaire-import/surveyjs-survey.ts";
import { checkUnpackedSize, convertXlsFormExpression } from "../server/questionnaire-import/xlsform.ts";

describe("jsonErrorPosition", () => {
  const cases: [string, number][] = [
    ['{"a": [1, ]}', 10],
    ['{"a" 1}', 5],
    ["{'a': 1}", 1],
    ['{"a": 1} x', 9],
    ['{"a": tru}', 6],
    ['{"a": "zeile\numbruch"}', 12],
    ['{"a": 01}', 7],
    ['{"a": 1', 7],
    ["", 0],
  ];
  it.each(cases)("finds the error in %j at %i, where JSON.parse fails too", (text, offset) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(jsonErrorPosition(text)).toBe(offset);
  });

  it("accepts what JSON.parse accepts", () => {
    for (const text of ['{"a": [1, -2.5e3, true, false, null, "x\\u00e4\\n"]}', " [ ] ", '"nur Text"', "0"]) {
      expect(() => JSON.parse(text)).not.toThrow();
      expect(jsonErrorPosition(text)).toBeNull();
    }
  });

  it("gives up quietly on absurd nesting instead of overflowing the stack", () => {
    expect(jsonErrorPosition("[".repeat(100_000))).toBeNull();
  });
});

describe("toLocalized", () => {
  it("turns SurveyJS strings into German and English", () => {
    expect(toLocalized("Ja")).toEqual({ de: "Ja", en: "Ja" });
    expect(toLocalized({ default: "Ja", en: "Yes" })).toEqual({ de: "Ja", en: "Yes" });
    expect(toLocalized({ de: "Ja" })).toEqual({ de: "Ja", en: "Ja" });
    expect(toLocalized({ en: "Yes", fr: "Oui" })).toEqual({ de: "Yes", en: "Yes" });
    expect(toLocalized({ fr: "Oui" })).toEqual({ de: "Oui", en: "Oui" });
    expect(toLocalized("  ")).toBeNull();
    expect(toLocalized({ value: 1 })).toBeNull();
  });
});

/** A zip with one deflated file, as a zip bomb would be built (sizes are what a real zip declares). */
function zipOf(name: string, content: Buffer): Uint8Array {
  const data = deflateRawSync(content, { level: 9 });
  const fileName = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(content.length, 22);
  local.writeUInt16LE(fileName.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(content.length, 24);
  central.writeUInt16LE(fileName.length, 28);
  const centralOffset = local.length + fileName.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + fileName.length, 12);
  end.writeUInt32LE(centralOffset, 16);
  return new Uint8Array(Buffer.concat([local, fileName, data, central, fileName, end]));
}

const lookup: CodeLookup = {
  resolve(name) {
    if (["Q1", "Q2", "alter"].includes(name)) return { kind: "question", name };
    if (name === "M1_SQ002") return { kind: "option", question: "M1", option: "SQ002" };
    if (name === "A1_SQ001") return { kind: "row", question: "A1", row: "SQ001" };
    return null;
  },
};

describe("LimeSurvey relevance equations", () => {
  it.each([
    ['((Q1.NAOK == "F"))', "(({Q1} = 'F'))"],
    ['Q1 == "Y" and Q2.NAOK > 3', "{Q1} = 'Y' and {Q2} > 3"],
    ['Q1 != "N" || !is_empty(Q2)', "{Q1} != 'N' or {Q2} notempty"],
    ["is_empty(alter)", "{alter} empty"],
    ['M1_SQ002 == "Y"', "{M1} contains 'SQ002'"],
    ['M1_SQ002 != "Y"', "{M1} notcontains 'SQ002'"],
    ['A1_SQ001.NAOK >= 4 && !(Q1 == "A")', "{A1.SQ001} >= 4 and !(({Q1} = 'A'))"],
    ["1", ""],
    ["", ""],
  ])("%s → %s", (source, expected) => {
    expect(convertExpression(source, lookup)).toBe(expected);
  });

  it.each([['regexMatch("/^a/", Q1)'], ["unknown_code == 1"], ["Q1.shown == 'x'"], ["{Q1} == 1"], ['TOKEN:ATTRIBUTE_1 == "x"'], ['Q1 == "unterminated']])("leaves %s out", (source) => {
    expect(convertExpression(source, lookup)).toBeNull();
  });

  it("refuses absurd nesting and length quickly instead of overflowing the stack", () => {
    const started = performance.now();
    expect(convertExpression(`${"(".repeat(900)}Q1 == 1${")".repeat(900)}`, lookup)).toBeNull();
    expect(convertExpression(`Q1 == 1 ${"and Q1 == 1 ".repeat(2000)}`, lookup)).toBeNull();
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe("XLSForm expressions", () => {
  it.each([
    ["${schule} = 'ja'", undefined, "{schule} = 'ja'"],
    ["selected(${hobbys}, 'sport') and ${alter} != \"10-11\"", undefined, "{hobbys} contains 'sport' and {alter} != '10-11'"],
    ["not(selected(${hobbys}, 'musik'))", undefined, "{hobbys} notcontains 'musik'"],
    [". >= 0 and . <= 40", "stunden", "{stunden} >= 0 and {stunden} <= 40"],
    [". > 0.5", "anteil", "{anteil} > 0.5"],
  ])("%s → %s", (source, self, expected) => {
    expect(convertXlsFormExpression(source, self)).toBe(expected);
  });

  it.each([["count-selected(${hobbys}) > 1"], ["regex(., '^[0-9]+$')"], ["/data/alter > 3"], ["${a} mod 2 = 0"]])("leaves %s out", (source) => {
    expect(convertXlsFormExpression(source, "x")).toBeNull();
  });
});

describe("texts and markup", () => {
  it("turns HTML into plain text in one pass, even for hostile input", () => {
    expect(htmlToText("<p>Hallo <b>du</b></p><p>Zweite&nbsp;Zeile &amp; mehr</p>x<br/>y &#8364;")).toBe("Hallo du\n\nZweite Zeile & mehr\nx\ny €");
    const started = performance.now();
    htmlToText("<".repeat(1_000_000));
    htmlToText(`${" ".repeat(1_000_000)}x`);
    htmlToText("<a ".repeat(300_000));
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("keeps formatting and links of html elements and refuses active content", () => {
    expect(safeHtml("<p>Hallo <b>du</b><br />x</p>")).toEqual({ html: "<p>Hallo <b>du</b><br />x</p>", changed: false, refused: false });
    expect(safeHtml('<p style="color:red">Text<img src="https://tracker.example/x.png"></p>')).toMatchObject({ html: "<p>Text</p>", changed: true, refused: false });
    for (const active of ["<script>alert(1)</script>", '<p onclick="x()">a</p>', '<a href="javascript:alert(1)">a</a>', '<iframe src="https://x"></iframe>', "<form></form>"]) {
      expect(safeHtml(active), active).toMatchObject({ html: "", refused: true });
    }
  });
});

describe("LimeSurvey 3 exports", () => {
  it("read texts and answers from rows that carry their language", () => {
    const row = (fields: Record<string, string>) => `<row>${Object.entries(fields).map(([key, value]) => `<${key}><![CDATA[${value}]]></${key}>`).join("")}</row>`;
    const xml = `<?xml version="1.0" encoding="UTF-8"?><document><LimeSurveyDocType>Survey</LimeSurveyDocType><DBVersion>359</DBVersion>
      <groups><rows>${row({ gid: "1", group_name: "Teil A", group_order: "0", language: "de" })}${row({ gid: "1", group_name: "Part A", group_order: "0", language: "en" })}</rows></groups>
      <questions><rows>${row({ qid: "5", parent_qid: "0", gid: "1", type: "L", title: "Q1", question: "Wie geht's?", mandatory: "Y", question_order: "1", relevance: "1", language: "de" })}${row({ qid: "5", parent_qid: "0", gid: "1", type: "L", title: "Q1", question: "How are you?", mandatory: "Y", question_order: "1", relevance: "1", language: "en" })}</rows></questions>
      <answers><rows>${row({ qid: "5", code: "A1", answer: "Gut", sortorder: "1", scale_id: "0", language: "de" })}${row({ qid: "5", code: "A1", answer: "Good", sortorder: "1", scale_id: "0", language: "en" })}${row({ qid: "5", code: "A2", answer: "Schlecht", sortorder: "2", scale_id: "0", language: "de" })}</rows></answers>
    </document>`;
    const survey = surveyFromLimeSurvey(xml, new ImportReport()) as { pages: { name: string; title: unknown; elements: Record<string, unknown>[] }[] };
    expect(survey.pages).toEqual([
      {
        name: "G1",
        title: { de: "Teil A", en: "Part A" },
        elements: [
          {
            name: "Q1",
            type: "radiogroup",
            title: { de: "Wie geht's?", en: "How are you?" },
            isRequired: true,
            choices: [
              { value: "A1", text: { de: "Gut", en: "Good" } },
              { value: "A2", text: "Schlecht" },
            ],
          },
        ],
      },
    ]);
  });
});

describe("hostile files", () => {
  it("refuses a zip that unpacks to far more than it weighs, before anything is unpacked", () => {
    const bytes = zipOf("xl/sharedStrings.xml", Buffer.alloc(45 * 1024 * 1024, 0x78));
    expect(bytes.length).toBeLessThan(200 * 1024);
    expect(() => checkUnpackedSize(bytes)).toThrow(/unpacks to more than/);
    expect(() => checkUnpackedSize(zipOf("xl/workbook.xml", Buffer.from("<workbook/>")))).not.toThrow();
    expect(() => checkUnpackedSize(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]))).toThrow(/damaged/);
  });

  it("refuses entity declarations and absurdly deep XML", () => {
    const report = new ImportReport();
    const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><document><LimeSurveyDocType>&lol1;</LimeSurveyDocType></document>`;
    expect(() => surveyFromLimeSurvey(laughs, report)).toThrow(/DOCTYPE/);
    const started = performance.now();
    expect(() => surveyFromLimeSurvey(`<document>${"<a>".repeat(500_000)}`, report)).toThrow(/nested more than/);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("refuses more questions or deeper sections than a survey can hold, before converting anything", async () => {
    const many = { pages: [{ elements: Array.from({ length: 10_000 }, (_, index) => ({ type: "text", name: `q${index}` })) }] };
    await expect(surveyFromSurveyJs(many, "x", new ImportReport())).rejects.toMatchObject({ code: "questionnaire_too_large" });
    let deep: Record<string, unknown> = { type: "text", name: "innen" };
    for (let level = 0; level < 50; level++) deep = { type: "panel", name: `p${level}`, elements: [deep] };
    await expect(surveyFromSurveyJs({ elements: [deep] }, "x", new ImportReport())).rejects.toMatchObject({ code: "questionnaire_too_large" });
  });

  it("drops regular expressions that backtrack exponentially and conditions SurveyJS cannot read", async () => {
    const report = new ImportReport();
    const { structure } = await surveyFromSurveyJs(
      {
        elements: [
          { type: "text", name: "a", validators: [{ type: "regex", regex: "^(a+)+$" }, { type: "regex", regex: "^[0-9]{5}$" }, { type: "regex", regex: "([a-z" }] },
          { type: "text", name: "b", visibleIf: "{a} = = 'x'", enableIf: "{a} notempty" },
          { type: "text", name: "c", visibleIf: "{d} = 1" },
          { type: "text", name: "d" },
        ],
      },
      "x",
      report,
    );
    const [a, b, c] = structure.pages[0]!.elements as { element: Record<string, unknown>; visibleIf?: string }[];
    expect(a!.element.validators).toEqual([{ type: "regex", regex: "^[0-9]{5}$" }]);
    expect(b!.visibleIf).toBeUndefined();
    expect(b!.element.enableIf).toBe("{a} notempty");
    expect(c!.visibleIf).toBeUndefined();
    expect(report.entries.map((entry) => [entry.question, entry.property])).toEqual([
      ["a", "validators"],
      ["a", "validators"],
      ["b", "visibleIf"],
      ["c", "visibleIf"],
    ]);
  });
});
