import type { LocalizedText } from "../db/schema.ts";
import { NO_DEFAULTS, entryRuleOf, type EntryRule } from "../lib/panel-entries.ts";
import { isYearLike, type NumericScale } from "../lib/number-scale.ts";
import { cellQuestionsOf } from "../lib/matrix-cells.ts";
import { answerOptionsOf, localizedOf, optionsOfList, type OptionLabel } from "../lib/question-options.ts";

export type { OptionLabel };

/**
 * How a question is aggregated:
 * - `choice`: one value (radiogroup, dropdown, boolean, rating): counts per option;
 * - `multiple`: several values (checkbox, tagbox): counts per option, n = respondents;
 * - `numeric`: a number (text with inputType number/range): n, mean, quartiles, histogram;
 * - `matrix`: a Likert matrix: a distribution and a mean per row; a ranking is one too (rows: the
 *   options, columns: the ranks, mean: the mean rank);
 * - `text`: free text (text, comment): the texts, newest first;
 * - `multipletext`: one `numeric` or `text` aggregate per item; a matrixdropdown is one too, with
 *   a part per row and column (each a `choice`, `multiple`, `numeric` or `text` like its cell);
 * - `paneldynamic`: repeatable entries (e.g. offers): each template question aggregated over all
 *   entries; a matrixdynamic is one too (its rows the entries, its columns the fields);
 * - `other`: stored but not aggregated (only n).
 */
export type ResultKind = "choice" | "multiple" | "numeric" | "matrix" | "text" | "multipletext" | "paneldynamic" | "other";

export type { NumericScale };

/** One question of a frozen survey definition, as results are aggregated by. */
export interface ResultQuestion {
  name: string;
  /** The SurveyJS element type, e.g. "radiogroup", "rating", "paneldynamic". */
  type: string;
  kind: ResultKind;
  title: LocalizedText;
  /** choice, multiple: the answer options in the questionnaire's order, including "other" and "none". */
  options: OptionLabel[];
  /** choice, multiple: "other" with a free text (stored under `{name}-Comment`). */
  hasOther: boolean;
  /** matrix */
  rows: OptionLabel[];
  columns: OptionLabel[];
  /** numeric */
  scale: NumericScale;
  /** multipletext: its items, each `numeric` or `text`; matrixdropdown: its cells (row × column). */
  items: ResultQuestion[];
  /** Where a part's value sits below its parent (a matrixdropdown cell: [row, column]); otherwise [name]. */
  keys?: string[];
  /** paneldynamic: the questions of one entry (nested paneldynamics become `other`). */
  fields: ResultQuestion[];
  /** paneldynamic: which entries count (only those with content, lib/panel-entries.ts). */
  entryRule: EntryRule;
}

type Json = Record<string, unknown>;

/** Element types that hold no answer. */
const DISPLAY_ONLY = new Set(["html", "image"]);

function isNumberInput(element: Json): boolean {
  return ["number", "range"].includes(String(element.inputType ?? ""));
}

function blank(name: string, type: string, title: LocalizedText, kind: ResultKind): ResultQuestion {
  return { name, type, kind, title, options: [], hasOther: false, rows: [], columns: [], scale: "number", items: [], fields: [], entryRule: NO_DEFAULTS };
}

/** Classifies one SurveyJS question element (not a container). */
export function classifyElement(element: Json, insidePanel = false): ResultQuestion {
  const type = String(element.type ?? "");
  const name = String(element.name);
  const title = localizedOf(element.title, name);
  const question = blank(name, type, title, "other");
  switch (type) {
    case "radiogroup":
    case "dropdown":
    case "boolean":
    case "rating":
    case "checkbox":
    case "tagbox":
      question.kind = type === "checkbox" || type === "tagbox" ? "multiple" : "choice";
      question.options = answerOptionsOf(element);
      question.hasOther = Boolean(element.showOtherItem || element.hasOther) && type !== "boolean" && type !== "rating";
      return question;
    case "matrix":
      question.kind = "matrix";
      question.columns = optionsOfList(element.columns);
      question.rows = optionsOfList(element.rows);
      return question;
    case "comment":
      question.kind = "text";
      return question;
    case "text":
      if (isNumberInput(element)) {
        question.kind = "numeric";
        question.scale = isYearLike(element) ? "year" : "number";
      } else {
        question.kind = "text";
      }
      return question;
    case "multipletext":
      question.kind = "multipletext";
      question.items = (Array.isArray(element.items) ? (element.items as Json[]) : [])
        .filter((item) => item && item.name)
        .map((item) => {
          const itemName = String(item.name);
          const itemQuestion = blank(itemName, "text", localizedOf(item.title, itemName), isNumberInput(item) ? "numeric" : "text");
          if (itemQuestion.kind === "numeric") itemQuestion.scale = isYearLike(item) ? "year" : "number";
          return itemQuestion;
        });
      return question;
    case "ranking":
      question.kind = "matrix";
      question.rows = optionsOfList(element.choices);
      question.columns = question.rows.map((_, index) => rankOption(index + 1));
      return question;
    case "matrixdropdown":
      question.kind = "multipletext";
      question.items = matrixCellsOf(element);
      return question;
    case "paneldynamic":
    case "matrixdynamic":
      if (insidePanel) return question;
      question.kind = "paneldynamic";
      question.fields = type === "matrixdynamic" ? cellsOf(element) : questionsOfElements(element.templateElements, true);
      question.entryRule = entryRuleOf(element);
      return question;
    default:
      return question;
  }
}

/** The place a ranked option took, as a column of the ranking's matrix ("Platz 1" is the top). */
function rankOption(rank: number): OptionLabel {
  return { value: String(rank), label: { de: `Platz ${rank}`, en: `Rank ${rank}` } };
}

/** The columns of a matrix (dropdown or dynamic) as questions; computed cells hold no answer. */
function cellsOf(element: Json): ResultQuestion[] {
  return cellQuestionsOf(element)
    .filter((cell) => cell.type !== "expression")
    .map((cell) => ({ ...classifyElement(cell, true), hasOther: false }));
}

/** Every cell of a matrixdropdown, row by row: "Jugendzentrum: Schulnote" at [row, column]. */
function matrixCellsOf(element: Json): ResultQuestion[] {
  const columns = cellsOf(element);
  return optionsOfList(element.rows).flatMap((row) =>
    columns.map((column) => ({
      ...column,
      name: `${row.value}.${column.name}`,
      keys: [row.value, column.name],
      title: { de: `${row.label.de}: ${column.title.de}`, en: `${row.label.en}: ${column.title.en}` },
    })),
  );
}

/** The answerable questions among SurveyJS elements, looking into (static) panels. */
function questionsOfElements(elements: unknown, insidePanel: boolean): ResultQuestion[] {
  if (!Array.isArray(elements)) return [];
  const questions: ResultQuestion[] = [];
  for (const element of elements as Json[]) {
    if (!element || typeof element !== "object") continue;
    const type = String(element.type ?? "");
    if (type === "panel") {
      questions.push(...questionsOfElements(element.elements, insidePanel));
      continue;
    }
    if (DISPLAY_ONLY.has(type) || !element.name) continue;
    questions.push(classifyElement(element, insidePanel));
  }
  return questions;
}

/**
 * Reads a SurveyJS definition into the questions results are aggregated by, in questionnaire
 * order (pages, then top-level elements).
 *
 * @example
 * questionsOf({ pages: [{ elements: [{ type: "rating", name: "benefit" }] }] });
 * // [{ name: "benefit", kind: "choice", options: [{ value: "1", … }, …, { value: "5", … }], … }]
 */
export function questionsOf(definition: Json | null | undefined): ResultQuestion[] {
  if (!definition) return [];
  const questions: ResultQuestion[] = [];
  for (const page of (definition.pages as Json[] | undefined) ?? []) questions.push(...questionsOfElements(page?.elements, false));
  questions.push(...questionsOfElements(definition.elements, false));
  return questions;
}

/** Questions whose answers are option values: they can filter, group and span a cross-table. */
export function isChoiceLike(question: ResultQuestion): boolean {
  return question.kind === "choice" || question.kind === "multiple";
}
