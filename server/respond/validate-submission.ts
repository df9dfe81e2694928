import { Model, type PageModel } from "survey-core";
import "survey-core/i18n/german";
import "../lib/canon-survey-properties.ts";
import { withoutUnsafePatterns } from "../lib/regex-validators.ts";
import "../lib/surveyjs-du-locale.ts";

export interface QuestionError {
  question: string;
  /** Index of the page the question is on, so the respondent page can jump there. */
  page: number;
  messages: string[];
}

/** Models built from frozen definitions, by survey id: building one costs far more than using it. */
const models = new Map<string, Model>();
const MAX_MODELS = 100;

/** The validation model of an open survey (its definition never changes once opened). */
export function validationModel(surveyId: string, loadDefinition: () => Record<string, unknown>): Model {
  let model = models.get(surveyId);
  if (!model) {
    // Never a backtracking-prone pattern on the request thread, whatever was stored.
    model = new Model(withoutUnsafePatterns(loadDefinition()));
    if (models.size >= MAX_MODELS) models.delete(models.keys().next().value!);
    models.set(surveyId, model);
  }
  return model;
}

export function hasValidationModel(surveyId: string): boolean {
  return models.has(surveyId);
}

/**
 * Checks answers the way the respondent page does, with survey-core headless: required
 * questions, validators (numbers, ranges, e-mail) and conditional visibility (hidden questions
 * are not checked). Messages come in the respondent's language and form of address (`locale` is
 * "de", "en" or the "du" dialect, see surveyjs-du-locale.ts). Synchronous, so one cached model can
 * serve every request in turn.
 */
export function validateSubmission(model: Model, answers: Record<string, unknown>, locale: string): QuestionError[] {
  // Switching the locale re-localizes every string: only when it really changes.
  if (model.locale !== locale) model.locale = locale;
  model.data = answers;
  const errors: QuestionError[] = [];
  for (const question of model.getAllQuestions(true)) {
    if (!question.isVisible || !question.page?.isVisible) continue;
    if (question.hasErrors(true)) {
      errors.push({
        question: question.name,
        page: model.pages.indexOf(question.page as PageModel),
        messages: question.getAllErrors().map((error) => error.getText()),
      });
    }
  }
  return errors;
}
