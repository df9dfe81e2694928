import { describe, expect, it } from "vitest";
import { describeCondition, type ConditionQuestion, type ConditionVocabulary } from "../client/src/surveys/condition-words.ts";

const de = (text: string) => ({ de: text, en: text });
const words: ConditionVocabulary = {
  pick: (text) => text.de,
  and: "und",
  or: "oder",
  not: "nicht",
  isOneOf: "ist eine von",
  containsAll: "enthält alle von",
  contains: "enthält",
  notContains: "enthält nicht",
  answered: "ist beantwortet",
  notAnswered: "ist nicht beantwortet",
  yes: "Ja",
  no: "Nein",
  otherValue: (name) => `der Wert „${name}“`,
};
const questions: ConditionQuestion[] = [
  { itemId: "own.gehst_du_zur_schule_2bxpb", title: de("Gehst du zur Schule?"), choices: [{ value: "true", text: de("Ja") }, { value: "false", text: de("Nein") }] },
  { itemId: "own.klasse_x1", title: de("In welche Klasse gehst du?"), choices: [{ value: "1", text: de("5. bis 7. Klasse") }, { value: "2", text: de("8. bis 10. Klasse") }] },
  { itemId: "own.alter_9k", title: de("Wie alt bist du?"), choices: [] },
];

describe("conditions in words", () => {
  it("names questions by title and values by their labels, never by id or code", () => {
    expect(describeCondition("{own.gehst_du_zur_schule_2bxpb} = true", questions, words)).toBe("„Gehst du zur Schule?“ = „Ja“");
    const combined = describeCondition("{own.gehst_du_zur_schule_2bxpb} = true and {own.klasse_x1} anyof ['1', '2'] or {own.alter_9k} >= 14", questions, words);
    expect(combined).toBe("„Gehst du zur Schule?“ = „Ja“ und „In welche Klasse gehst du?“ ist eine von „5. bis 7. Klasse“, „8. bis 10. Klasse“ oder „Wie alt bist du?“ ≥ 14");
    expect(combined).not.toMatch(/own\.|\{|\}/);
    expect(describeCondition("{own.alter_9k} notempty", questions, words)).toBe("„Wie alt bist du?“ ist beantwortet");
    expect(describeCondition("({own.klasse_x1} <> '2')", questions, words)).toBe("(„In welche Klasse gehst du?“ ≠ „8. bis 10. Klasse“)");
    // A yes/no question the survey does not list still reads Ja/Nein.
    expect(describeCondition("{elsewhere} = false", [], words)).toBe("der Wert „elsewhere“ = „Nein“");
  });

  it("gives up on what it cannot read (functions, broken or very long expressions) without stalling", () => {
    expect(describeCondition("age({own.birthday}) > 18", questions, words)).toBeNull();
    expect(describeCondition("{own.alter_9k} = 'unterminated", questions, words)).toBeNull();
    expect(describeCondition("", questions, words)).toBeNull();
    const huge = `${"{own.alter_9k} > 1 and ".repeat(20_000)}{own.alter_9k} > 1`;
    const started = performance.now();
    expect(describeCondition(huge, questions, words)).toBeNull();
    expect(describeCondition(`'${"\\'".repeat(900)}`, questions, words)).toBeNull();
    expect(performance.now() - started).toBeLessThan(200);
  });
});
