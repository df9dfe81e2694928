import { fileNamePart, saveFile } from "../lib/save-file.ts";
import type { Model } from "survey-core";

/**
 * The respondent's own copy of what they sent: one row per visible question with its title and
 * the answer as display text (option labels, "Ja"/"Nein"), in the language the model shows.
 * Turned into JSON or a CSV file that Excel opens with umlauts intact, and saved by the browser.
 */
export interface AnswerRow {
  /** The question's name (its canon id). */
  id: string;
  question: string;
  answer: string;
  value: unknown;
}

const notAnswerable = new Set(["html", "image", "expression"]);

/** A display value of any shape (text, list, matrix row object) as one line of text. */
function asText(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (Array.isArray(value)) return value.map(asText).filter(Boolean).join(", ");
  if (typeof value === "object") {
    return Object.entries(value as Record<string, unknown>)
      .map(([key, entry]) => `${key}: ${asText(entry)}`)
      .join("; ");
  }
  return String(value);
}

/** The visible questions of the model with their answers, in the order the survey asks them. */
export function answerRows(model: Model): AnswerRow[] {
  return model
    .getAllQuestions(true)
    .filter((question) => question.isVisible && !notAnswerable.has(question.getType()))
    .map((question) => ({
      id: question.name,
      question: question.processedTitle || question.title || question.name,
      answer: question.isEmpty() ? "" : asText(question.displayValue),
      value: question.value,
    }));
}

/** The answers as a JSON document: titles in the current language, display text and the stored value. */
export function answersJson(rows: AnswerRow[], about: { survey: string; organisation: string; submittedAt: string | null; language: string }): string {
  const answers = Object.fromEntries(rows.map((row) => [row.id, { question: row.question, answer: row.answer, value: row.value ?? null }]));
  return `${JSON.stringify({ ...about, answers }, null, 2)}\n`;
}

/**
 * One CSV cell: text a spreadsheet would run as a formula (starting with = + - @, tab or CR) gets
 * a leading apostrophe; cells with separators, quotes, line breaks or edge spaces are quoted.
 *
 * @example
 * csvCell("=1+2"); // "'=1+2"
 * csvCell('Sagt "Hallo"; tschüss'); // "\"Sagt \"\"Hallo\"\"; tschüss\""
 */
export function csvCell(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[";\r\n]/.test(safe) || safe !== safe.trim() ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A semicolon-separated CSV (what German Excel expects) with a UTF-8 byte order mark. */
export function answersCsv(rows: AnswerRow[], headers: [question: string, answer: string]): string {
  const lines = [headers, ...rows.map((row): [string, string] => [row.question, row.answer])];
  return `\uFEFF${lines.map((line) => line.map(csvCell).join(";")).join("\r\n")}\r\n`;
}

/** A file name from the survey title: "Netzwerkbefragung Nord 2025" → "netzwerkbefragung-nord-2025". */
export function fileSlug(title: string): string {
  return fileNamePart(title) || "umfrage";
}

/** Lets the browser save `text` as a file (UTF-8). */
export function downloadText(fileName: string, text: string, type: string): void {
  saveFile(new Blob([text], { type }), fileName);
}
