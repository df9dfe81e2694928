/**
 * The parts of the SurveyJS import that need no database: where invalid JSON breaks, how strings
 * are localized, and which questions are taken or skipped.
 */
import { describe, expect, it } from "vitest";
import { planSurveyImport, toLocalized } from "../server/canon/import-surveyjs.ts";
import { jsonErrorPosition } from "../server/canon/json-error-position.ts";
import { answerValuesOf, resolveOptionMapping } from "../server/canon/option-mapping.ts";

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

describe("planSurveyImport", () => {
  it("drops logic and unknown properties, keeps the question", () => {
    const plan = planSurveyImport({
      elements: [
        { type: "Text", name: "a", title: "Frage", isRequired: true, requiredIf: "{b} = 1", creatorOnlyProperty: 7, validators: [{ type: "numeric", text: "Bitte Zahl" }] },
      ],
    });
    expect(plan.skipped).toEqual([]);
    const [candidate] = plan.candidates;
    expect(candidate!.element).toMatchObject({ type: "text", title: { de: "Frage", en: "Frage" }, validators: [{ type: "numeric", text: { de: "Bitte Zahl", en: "Bitte Zahl" } }] });
    expect(candidate!.element).not.toHaveProperty("isRequired");
    expect(candidate!.element).not.toHaveProperty("requiredIf");
    expect(candidate!.droppedProperties).toEqual(["creatorOnlyProperty"]);
    expect(candidate!.personalDataWarning).toBe(true);
  });

  it("skips choice questions whose options come from elsewhere, and lists inside lists with unsupported types", () => {
    const plan = planSurveyImport({
      pages: [
        {
          elements: [
            { type: "dropdown", name: "land", title: "Land", choicesByUrl: { url: "https://example.org/countries" } },
            { type: "paneldynamic", name: "liste", title: "Liste", templateElements: [{ type: "file", name: "datei" }] },
            { name: "ohne_typ" },
          ],
        },
      ],
    });
    expect(plan.candidates).toEqual([]);
    expect(plan.skipped.map((entry) => entry.name)).toEqual(["land", "liste", "ohne_typ"]);
    expect(plan.skipped[1]!.reason).toContain('"file"');
  });
});

describe("option values", () => {
  it("lists the answer values of choice, rating, matrix and boolean questions", () => {
    expect(answerValuesOf({ type: "checkbox", choices: [{ value: "a" }, "b"], showOtherItem: true, showNoneItem: true })).toEqual(["a", "b", "other", "none"]);
    expect(answerValuesOf({ type: "rating", rateMin: 0, rateMax: 10, rateStep: 5 })).toEqual(["0", "5", "10"]);
    expect(answerValuesOf({ type: "rating" })).toEqual(["1", "2", "3", "4", "5"]);
    expect(answerValuesOf({ type: "matrix", columns: [{ value: "x" }], rows: [{ value: "r" }] })).toEqual(["x"]);
    expect(answerValuesOf({ type: "comment" })).toEqual([]);
  });

  it("needs no mapping when the values stay, and fills in unchanged values when one is given", () => {
    const previous = { version: 3, element: { type: "radiogroup", choices: [{ value: "a" }, { value: "b" }] } };
    expect(resolveOptionMapping(previous, { type: "radiogroup", choices: [{ value: "b" }, { value: "a" }] }, undefined)).toBeNull();
    expect(resolveOptionMapping(previous, { type: "radiogroup", choices: [{ value: "a" }, { value: "c" }] }, { map: { b: "c" }, break: false })).toEqual({
      fromVersion: 3,
      map: { a: "a", b: "c" },
      break: false,
    });
    expect(() => resolveOptionMapping(previous, { type: "radiogroup", choices: [{ value: "a" }, { value: "b" }, { value: "c" }] }, undefined)).toThrow(/optionMapping/);
  });
});
