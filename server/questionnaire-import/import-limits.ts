/**
 * Bounds on what one import may hold, checked before the expensive work starts, and a way to
 * let other requests through while a large file is converted. A questionnaire beyond these is
 * not a questionnaire respondents could fill in; the planner gets a 400 naming the limit.
 */
import { ApiError } from "../lib/api-error.ts";

/** Largest file (after base64 decoding). */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;
/** Most elements (pages' questions, panels and the questions inside them). */
export const MAX_ELEMENTS = 2000;
/** Deepest nesting of panels and repeatable sections. */
export const MAX_DEPTH = 12;
/** Most answer options, rows, columns and items in all questions together. */
export const MAX_OPTIONS = 50_000;
/** Longest condition or expression. */
export const MAX_EXPRESSION_CHARS = 2000;
/** An XLSX file unpacks to at most this much (against zip bombs). */
export const MAX_UNPACKED_BYTES = 40 * 1024 * 1024;
/** Rows of an XLSForm's survey or choices sheet. */
export const MAX_SHEET_ROWS = 20_000;

export function questionnaireTooLarge(reason: { de: string; en: string }): ApiError {
  return new ApiError(400, "questionnaire_too_large", {
    de: `Der Fragebogen ist zu groß für einen Import: ${reason.de}`,
    en: `The questionnaire is too large to import: ${reason.en}`,
  });
}

export function unreadableQuestionnaire(code: string, reason: { de: string; en: string }, details?: unknown): ApiError {
  return new ApiError(400, code, reason, details);
}

/** Lets the event loop serve other requests (health checks, respondents) between chunks of work. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Calls `yieldToEventLoop` every `every` calls. */
export function cooperative(every = 20): () => Promise<void> {
  let count = 0;
  return async () => {
    count += 1;
    if (count % every === 0) await yieldToEventLoop();
  };
}
