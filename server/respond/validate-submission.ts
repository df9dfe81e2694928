import { Model, type PageModel } from "survey-core";
import "survey-core/i18n/german";
import "../lib/canon-survey-properties.ts";

export interface QuestionError {
  question: string;
  /** Index of the page the question is on, so the respondent page can jump there. */
  page: number;
  messages: string[];
}

/**
 * Checks answers the way the respondent page does, with survey-core headless: required
 * questions, validators (numbers, ranges, e-mail) and conditional visibility (hidden questions
 * are not checked). Messages come in the respondent's language.
 */
export function validateSubmission(definition: Record<string, unknown>, answers: Record<string, unknown>, locale: "de" | "en"): QuestionError[] {
  const model = new Model(definition);
  model.locale = locale;
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
