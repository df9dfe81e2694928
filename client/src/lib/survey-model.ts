import { Model, Serializer, type ITheme } from "survey-core";
import "survey-core/survey-core.fontless.css";
import "survey-core/i18n/german";
import { surveyLocale } from "../../../server/lib/surveyjs-du-locale.ts";

/** The survey-core locale for a language and form of address ("de-x-du" speaks German with "du"). */
export { surveyLocale };

/**
 * Everything SurveyJS needs before a questionnaire is shown, in one place for the respondent
 * page and the planner's preview (both load this file lazily, so survey-core stays out of the
 * planner's other pages).
 */

/** Canon identity on each question (see server/lib/survey-definition.ts); unknown to SurveyJS. */
function registerCanonProperties(): void {
  if (!Serializer.findProperty("question", "canonId")) {
    Serializer.addProperty("question", { name: "canonId", type: "string", visible: false });
  }
  if (!Serializer.findProperty("question", "canonVersion")) {
    Serializer.addProperty("question", { name: "canonVersion", type: "number", visible: false });
  }
}

/**
 * The house look for SurveyJS: the system font (no web fonts under our CSP) and a darker brand
 * colour than SurveyJS's default green, which is too light for white text (WCAG contrast).
 */
const kanonTheme: ITheme = {
  cssVariables: {
    "--sjs2-typography-font-family-text":
      'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "Liberation Sans", sans-serif',
    "--sjs2-color-project-brand-600": "#0b6b58",
    "--sjs-font-family":
      'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "Liberation Sans", sans-serif',
  },
};

/** A SurveyJS model of `definition` in the given language (or survey locale), themed and ready to render. */
export function createSurveyModel(definition: Record<string, unknown>, language: string): Model {
  registerCanonProperties();
  const model = new Model(definition);
  // Every key goes into the model as it is typed (not on leaving the field): autosave and the
  // local copy then hold what is in the box, and nothing written back from the model can reset it.
  model.textUpdateMode = "onTyping";
  model.applyTheme(kanonTheme);
  model.locale = language;
  return model;
}

/** The same answers shown read-only, all questions on one page (after submitting). */
export function createReadOnlyModel(definition: Record<string, unknown>, answers: Record<string, unknown>, language: string): Model {
  const model = createSurveyModel(definition, language);
  model.data = answers;
  model.readOnly = true;
  model.questionsOnPageMode = "singlePage";
  model.showProgressBar = false;
  model.showTitle = false;
  model.showNavigationButtons = false;
  return model;
}
