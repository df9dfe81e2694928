/**
 * A SurveyJS definition flattened into the columns of an export table, one answer document per
 * row: one column per simple question; a checkbox in one column (the chosen labels joined by
 * "; ") and, with codes, one 0/1 column per option as well (a ranking: the place each option
 * took); a matrix in one column per row; a matrixdropdown in one column per row and column,
 * each like a question of the cell's type; a multipletext in one column per item; an "other" or
 * comment text in an extra column beside its question. Repeatable lists (paneldynamic, and
 * matrixdynamic with rows the respondent adds) do not fit one row: they become lists of their
 * own, one row per entry with content (untouched empty rows are left out), with the columns of
 * their template questions or matrix columns.
 *
 * Headers are the question titles in the chosen language ("Titel – Zeile" for parts), or with
 * codes the stored keys (`name`, `name.row`, `name-Comment`), so statistics software reads them.
 *
 * @example
 * const layout = exportLayout(survey.definition, { lang: "de", values: "labels" });
 * layout.columns.map((column) => column.header); // ["Art der Einrichtung", "Art der Einrichtung (Sonstiges)", …]
 * layout.columns[0]!.cell({ "actor.institution_type": "kita" }); // "Kindertageseinrichtung"
 * layout.lists[0]?.name; // "actor.offers"
 */
import { cellQuestionsOf } from "../lib/matrix-cells.ts";
import { entryRuleOf, type EntryRule } from "../lib/panel-entries.ts";
import { defaultText, hasOtherItem, itemLabels, labelOf, textIn, valueLabelsOf, type ExportLanguage } from "./value-labels.ts";

type Json = Record<string, unknown>;

/** A cell of an export: text, a number, or empty. Never a formula, whatever the text says. */
export type Cell = string | number | null;

export type ValueMode = "labels" | "codes";

export interface ExportOptions {
  lang: ExportLanguage;
  values: ValueMode;
}

export interface ExportColumn {
  header: string;
  /** The cell of one answer document (a response's answers, or one entry of a list). */
  cell: (answers: Json) => Cell;
}

/** A repeatable list (paneldynamic): one row per entry, in the columns of its template questions. */
export interface ExportList {
  /** The question's name, under which the answers store the entries. */
  name: string;
  /** The question's title in the export's language. */
  title: string;
  /** The canon item the question came from, if any (to name the sheet after its module). */
  canonId: string | null;
  canonVersion: number | null;
  columns: ExportColumn[];
  /** Which entries become rows: only those with content (lib/panel-entries.ts), no blank rows. */
  entryRule: EntryRule;
}

export interface ExportLayout {
  columns: ExportColumn[];
  lists: ExportList[];
}

const NOT_ANSWERABLE = new Set(["html", "image"]);
const CHOICE_TYPES = new Set(["radiogroup", "dropdown", "boolean", "rating"]);
const MULTIPLE_TYPES = new Set(["checkbox", "tagbox", "ranking"]);
/** Questions with a row per entry (repeatable sections, matrices with rows the respondent adds): lists of their own. */
const LIST_TYPES = new Set(["paneldynamic", "matrixdynamic"]);

/** The questions of one entry of a list: a paneldynamic's template, a matrixdynamic's columns. */
function listFields(element: Json): Json[] {
  if (element.type === "matrixdynamic") return cellQuestionsOf(element).filter((cell) => cell.type !== "expression");
  return answerableElements(element.templateElements);
}
const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

/** Any stored value as one line of text: lists joined by "; ", objects as "key: value". */
export function valueAsText(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (Array.isArray(value)) return value.map(valueAsText).filter(Boolean).join("; ");
  if (isObject(value)) {
    return Object.entries(value)
      .map(([key, entry]) => `${key}: ${valueAsText(entry)}`)
      .join(", ");
  }
  return String(value);
}

/** A stored value as a cell: numbers stay numbers, empty answers stay empty, codes become labels when given. */
function plainCell(value: unknown, labels: Map<string, string> | null): Cell {
  if (value === undefined || value === null || value === "") return null;
  if (labels && (typeof value === "string" || typeof value === "number" || typeof value === "boolean")) {
    const label = labels.get(String(value));
    if (label !== undefined) return label;
  }
  if (typeof value === "number") return Number.isFinite(value) ? value : String(value);
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return String(value);
  return valueAsText(value) || null;
}

/** The questions of a definition in order: pages, then their elements, static panels opened. */
export function answerableElements(elements: unknown): Json[] {
  const found: Json[] = [];
  const visit = (list: unknown) => {
    if (!Array.isArray(list)) return;
    for (const element of list) {
      if (!isObject(element)) continue;
      if (element.type === "panel") visit(element.elements);
      else if (typeof element.name === "string" && element.name && !NOT_ANSWERABLE.has(String(element.type))) found.push(element);
    }
  };
  visit(elements);
  return found;
}

/** The questions of a whole definition (its pages, or its top-level elements), in order. */
export function definitionElements(definition: Json): Json[] {
  const pages = Array.isArray(definition.pages) ? (definition.pages as unknown[]) : [];
  return [...pages.flatMap((page) => (isObject(page) ? answerableElements(page.elements) : [])), ...answerableElements(definition.elements)];
}

/** "Titel – Teil" in the labels mode, "name.part" with codes. */
function partHeader(options: ExportOptions, title: string, name: string, partLabel: string, partCode: string): string {
  return options.values === "codes" ? `${name}.${partCode}` : `${title} – ${partLabel}`;
}

/**
 * The columns of one question (none for a repeatable list, which `exportLayout` keeps apart).
 * `nested` is true inside a list, where a list within the list is shown as text.
 */
function columnsOf(element: Json, options: ExportOptions, nested: boolean): ExportColumn[] {
  const name = String(element.name);
  const type = String(element.type ?? "");
  const { lang } = options;
  const codes = options.values === "codes";
  const title = textIn(element.title, lang, name);
  const header = codes ? name : title;
  const columns: ExportColumn[] = [];

  if (CHOICE_TYPES.has(type)) {
    const labels = codes ? null : valueLabelsOf(element, lang);
    columns.push({ header, cell: (answers) => plainCell(answers[name], labels) });
  } else if (MULTIPLE_TYPES.has(type)) {
    const labels = valueLabelsOf(element, lang);
    columns.push({
      header,
      cell: (answers) => {
        const value = answers[name];
        if (value === undefined || value === null) return null;
        const chosen = Array.isArray(value) ? value : [value];
        if (chosen.length === 0) return null;
        return chosen.map((code) => (codes ? valueAsText(code) : labelOf(labels, code))).join("; ");
      },
    });
    if (codes) {
      for (const code of labels.keys()) {
        columns.push({
          header: `${name}.${code}`,
          cell: (answers) => {
            const value = answers[name];
            if (!Array.isArray(value)) return value === undefined || value === null ? null : String(value) === code ? 1 : 0;
            // A ranking's column per option holds the place it took (1 = top), a checkbox's 0 or 1.
            if (type === "ranking") {
              const rank = value.findIndex((chosen) => String(chosen) === code);
              return rank < 0 ? null : rank + 1;
            }
            return value.some((chosen) => String(chosen) === code) ? 1 : 0;
          },
        });
      }
    }
  } else if (type === "matrix") {
    const labels = codes ? null : valueLabelsOf(element, lang);
    for (const [row, rowLabel] of itemLabels(element.rows, lang)) {
      columns.push({
        header: partHeader(options, title, name, rowLabel, row),
        cell: (answers) => {
          const value = answers[name];
          return isObject(value) ? plainCell(value[row], labels) : null;
        },
      });
    }
  } else if (type === "multipletext") {
    const items = Array.isArray(element.items) ? (element.items as unknown[]).filter(isObject) : [];
    for (const item of items) {
      const itemName = String(item.name);
      columns.push({
        header: partHeader(options, title, name, textIn(item.title, lang, itemName), itemName),
        cell: (answers) => {
          const value = answers[name];
          return isObject(value) ? plainCell(value[itemName], null) : null;
        },
      });
    }
  } else if (type === "matrixdropdown") {
    // A column per row and column, each like a question of the cell's type (labels, 0/1 columns).
    const cells = cellQuestionsOf(element).filter((cell) => cell.type !== "expression");
    for (const [row, rowLabel] of itemLabels(element.rows, lang)) {
      for (const cell of cells) {
        for (const part of columnsOf(cell, options, true)) {
          columns.push({
            header: partHeader(options, title, name, `${rowLabel} – ${part.header}`, `${row}.${part.header}`),
            cell: (answers) => {
              const value = answers[name];
              const rowValue = isObject(value) ? value[row] : undefined;
              return isObject(rowValue) ? part.cell(rowValue) : null;
            },
          });
        }
      }
    }
  } else if (type === "file") {
    columns.push({
      header,
      cell: (answers) => {
        const files = answers[name];
        if (!Array.isArray(files)) return null;
        return files.map((file) => (isObject(file) ? String(file.name ?? "") : "")).filter(Boolean).join("; ") || null;
      },
    });
  } else if (LIST_TYPES.has(type) && !nested) {
    return [];
  } else {
    // text, comment, expression, matrixdynamic, a list inside a list, and whatever else SurveyJS adds.
    columns.push({ header, cell: (answers) => plainCell(answers[name], null) });
  }

  const otherItem = hasOtherItem(element) && (CHOICE_TYPES.has(type) || MULTIPLE_TYPES.has(type));
  if (otherItem || element.showCommentArea || element.hasComment) {
    const key = `${name}-Comment`;
    const suffix = otherItem ? defaultText("other", lang) : lang === "en" ? "Comment" : "Kommentar";
    columns.push({ header: codes ? key : `${title} (${suffix})`, cell: (answers) => plainCell(answers[key], null) });
  }
  return columns;
}

/** The columns of a definition's questions and its repeatable lists; an unopened survey (no definition) has none. */
export function exportLayout(definition: Json | null, options: ExportOptions): ExportLayout {
  const layout: ExportLayout = { columns: [], lists: [] };
  if (!definition) return layout;
  for (const element of definitionElements(definition)) {
    if (LIST_TYPES.has(String(element.type))) {
      const name = String(element.name);
      layout.lists.push({
        name,
        title: textIn(element.title, options.lang, name),
        canonId: typeof element.canonId === "string" ? element.canonId : null,
        canonVersion: typeof element.canonVersion === "number" ? element.canonVersion : null,
        columns: listFields(element).flatMap((field) => columnsOf(field, options, true)),
        entryRule: entryRuleOf(element),
      });
    } else {
      layout.columns.push(...columnsOf(element, options, false));
    }
  }
  return layout;
}

/** Headers made unique by counting up repeats: "Name", "Name (2)", "Name (3)". */
export function uniqueHeaders(headers: readonly string[]): string[] {
  const seen = new Set<string>();
  return headers.map((header) => {
    let candidate = header;
    for (let count = 2; seen.has(candidate); count++) candidate = `${header} (${count})`;
    seen.add(candidate);
    return candidate;
  });
}
