import { Model } from "survey-core";
import "survey-core/i18n/german";
import { describe, expect, it } from "vitest";
import { answerOptionsOf as clientAnswerOptionsOf } from "../client/src/lib/answer-options.ts";
import { valueLabelsOf } from "../server/exports/value-labels.ts";
import { answerOptionsOf } from "../server/lib/question-options.ts";

/**
 * Option labels are the questionnaire's own: its choices, and for the items SurveyJS adds
 * ("none", "refused", "don't know", "other") its `noneText` etc.; only without those, the words
 * SurveyJS itself showed the respondent. Checked against survey-core rendering the same question.
 */

type Json = Record<string, unknown>;

/** What SurveyJS shows a respondent: the visible choices with their texts in a language. */
function surveyJsChoices(element: Json, locale: "de" | "en"): [string, string][] {
  const model = new Model({ locale, elements: [element] });
  const question = model.getQuestionByName(String(element.name)) as unknown as { visibleChoices: { value: unknown; text: string }[] };
  return question.visibleChoices.map((choice) => [String(choice.value), choice.text]);
}

const labelsIn = (element: Json, lang: "de" | "en") => answerOptionsOf(element).map((option): [string, string] => [option.value, option.label[lang]]);

describe("answer options of choice questions", () => {
  const bare: Json = {
    type: "checkbox",
    name: "help",
    choices: [{ value: "rat", text: { de: "Beratung", en: "Counselling" } }],
    showNoneItem: true,
    showRefuseItem: true,
    showDontKnowItem: true,
    showOtherItem: true,
  };

  it("without texts of its own: SurveyJS's words in German and English, in SurveyJS's order", () => {
    expect(labelsIn(bare, "de")).toEqual(surveyJsChoices(bare, "de"));
    expect(labelsIn(bare, "en")).toEqual(surveyJsChoices(bare, "en"));
    expect(labelsIn(bare, "de").find(([value]) => value === "none")).toEqual(["none", "Nichts trifft zu"]);
    expect(labelsIn(bare, "en").find(([value]) => value === "other")).toEqual(["other", "Other (describe)"]);
  });

  it("with the questionnaire's noneText, otherText, refuseText and dontKnowText: those (per language, as SurveyJS shows them), never “Keine”", () => {
    const own: Json = {
      ...bare,
      noneText: { de: "Nichts davon", en: "None of these" },
      otherText: { default: "Something else", de: "Etwas anderes" },
      refuseText: "Keine Angabe",
      dontKnowText: { en: "Not sure" },
    };
    const germanOnly: Json = { ...bare, noneText: { de: "Nichts davon" } };
    for (const lang of ["de", "en"] as const) expect(labelsIn(germanOnly, lang)).toEqual(surveyJsChoices(germanOnly, lang));
    expect(labelsIn(own, "de")).toEqual(surveyJsChoices(own, "de"));
    expect(labelsIn(own, "en")).toEqual(surveyJsChoices(own, "en"));
    expect(answerOptionsOf(own).slice(1)).toEqual([
      { value: "none", label: { de: "Nichts davon", en: "None of these" } },
      { value: "refused", label: { de: "Keine Angabe", en: "Keine Angabe" } },
      { value: "dontknow", label: { de: "Weiß ich nicht", en: "Not sure" } },
      { value: "other", label: { de: "Etwas anderes", en: "Something else" } },
    ]);
  });

  it("booleans: labelTrue/labelFalse, else Ja/Nein and Yes/No", () => {
    expect(answerOptionsOf({ type: "boolean", name: "b" })).toEqual([
      { value: "true", label: { de: "Ja", en: "Yes" } },
      { value: "false", label: { de: "Nein", en: "No" } },
    ]);
    expect(answerOptionsOf({ type: "boolean", name: "b", labelTrue: { de: "Trifft zu", en: "Applies" }, labelFalse: "" })[0]!.label).toEqual({ de: "Trifft zu", en: "Applies" });
    expect(answerOptionsOf({ type: "boolean", name: "b", labelFalse: "" })[1]!.label).toEqual({ de: "Nein", en: "No" });
  });

  it("are the same for the builder (client), the results (server) and the exports", () => {
    const own: Json = { ...bare, noneText: { de: "Nichts davon", en: "None of these" } };
    expect(clientAnswerOptionsOf(own).map((option) => [option.value, option.text])).toEqual(answerOptionsOf(own).map((option) => [option.value, option.label]));
    for (const lang of ["de", "en"] as const) expect([...valueLabelsOf(own, lang)]).toEqual(labelsIn(own, lang));
    expect([...valueLabelsOf({ type: "boolean", name: "b" }, "en")]).toEqual([
      ["true", "Yes"],
      ["false", "No"],
    ]);
  });
});
