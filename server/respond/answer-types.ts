import { cellQuestionsOf } from "../lib/matrix-cells.ts";

type Json = Record<string, unknown>;

/**
 * Answers are typed at the door: every save (draft or submit) is checked against the kind of
 * question each value belongs to, before it is stored. A number question takes a finite number
 * (or a plain decimal written as text, as older clients sent) within ±NUMBER_LIMIT, or within its
 * own `min`/`max` where they reach further; a text question takes text of at most TEXT_LIMIT
 * characters. A question's own range is checked on submit (survey-core, with the question's
 * message), not on each autosave: "1" on the way to "1995" in a year field is kept as typed. The same holds for the items of a multiple-text question, the fields of a
 * repeatable section and the cells of a matrix. A value that does not fit is left out of the save
 * with a message at its question; everything else of the save is kept. Choice questions and the
 * rest are checked by survey-core on submit.
 */

/** Numbers a question without bounds takes: amounts, counts and years, never 1e160. */
export const NUMBER_LIMIT = 1e12;
/** Characters of one text answer (a long comment is a few thousand). */
export const TEXT_LIMIT = 50_000;

/** A number written as text the way results read it (aggregate-numbers.ts): digits, a dot, digits. */
const PLAIN_DECIMAL = /^-?\d{1,15}(?:\.\d{1,12})?$/;

type Check =
  | { kind: "number"; min: number; max: number }
  | { kind: "text" }
  | { kind: "items"; items: Map<string, Check> }
  | { kind: "entries"; fields: Map<string, Check> }
  | { kind: "rows"; cells: Map<string, Check> };

/** The checks of one survey: by top-level question name. */
export type AnswerTypes = Map<string, Check>;

const NUMBER_INPUTS = new Set(["number", "range"]);

function bound(value: unknown, fallback: number): number {
  return typeof value === "number" && Number.isFinite(value) ? value : fallback;
}

function checkOf(element: Json): Check | null {
  switch (element.type) {
    case "text":
      return NUMBER_INPUTS.has(String(element.inputType ?? ""))
        ? { kind: "number", min: Math.min(bound(element.min, -NUMBER_LIMIT), -NUMBER_LIMIT), max: Math.max(bound(element.max, NUMBER_LIMIT), NUMBER_LIMIT) }
        : { kind: "text" };
    case "comment":
      return { kind: "text" };
    case "multipletext": {
      const items = new Map<string, Check>();
      for (const item of Array.isArray(element.items) ? (element.items as Json[]) : []) {
        if (item && typeof item.name === "string") items.set(item.name, checkOf({ ...item, type: "text" })!);
      }
      return { kind: "items", items };
    }
    case "paneldynamic":
      return { kind: "entries", fields: checksOf(element.templateElements) };
    case "matrixdynamic":
    case "matrixdropdown": {
      const cells = new Map<string, Check>();
      for (const cell of cellQuestionsOf(element)) {
        const check = checkOf(cell);
        if (check) cells.set(String(cell.name), check);
      }
      return element.type === "matrixdynamic" ? { kind: "entries", fields: cells } : { kind: "rows", cells };
    }
    default:
      return null;
  }
}

function checksOf(elements: unknown): Map<string, Check> {
  const checks = new Map<string, Check>();
  const visit = (list: unknown) => {
    if (!Array.isArray(list)) return;
    for (const element of list as Json[]) {
      if (!element || typeof element !== "object") continue;
      if (element.type === "panel") visit(element.elements);
      else if (typeof element.name === "string") {
        const check = checkOf(element);
        if (check) checks.set(element.name, check);
      }
    }
  };
  visit(elements);
  return checks;
}

/** The checks of a frozen survey definition (its pages, or its top-level elements). */
export function answerTypesOf(definition: Json): AnswerTypes {
  const checks = checksOf(definition.elements);
  for (const page of Array.isArray(definition.pages) ? (definition.pages as Json[]) : []) {
    for (const [name, check] of checksOf(page?.elements)) checks.set(name, check);
  }
  return checks;
}

export type Problem = "notNumber" | "outOfRange" | "notText" | "tooLong" | "notList" | "notObject";

/** What a value does not fit in, or null when it fits. Null and "" (no answer) always fit. */
function problemOf(check: Check, value: unknown): Problem | null {
  if (value === null || value === undefined || value === "") return null;
  switch (check.kind) {
    case "number": {
      const number = typeof value === "number" ? value : typeof value === "string" && PLAIN_DECIMAL.test(value.trim()) ? Number(value.trim()) : NaN;
      if (!Number.isFinite(number)) return "notNumber";
      return number < check.min || number > check.max ? "outOfRange" : null;
    }
    case "text":
      if (typeof value === "number" || typeof value === "boolean") return null;
      if (typeof value !== "string") return "notText";
      return value.length > TEXT_LIMIT ? "tooLong" : null;
    default:
      return null;
  }
}

export interface RejectedValue {
  /** The top-level question the value belongs to (where the message is shown). */
  question: string;
  /** Where inside it: [] for the question itself, [item], [entry index, field], [row, column]. */
  path: (string | number)[];
  problem: Problem;
  /** number questions: the range the value must be in. */
  min?: number;
  max?: number;
}

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * The answers with every value that does not fit its question left out, and what was left out.
 *
 * @example
 * typedAnswers(answerTypesOf(definition), { places: "zwölf", name: "Kita" });
 * // { answers: { name: "Kita" }, rejected: [{ question: "places", path: [], problem: "notNumber", … }] }
 */
export function typedAnswers(types: AnswerTypes, answers: Json): { answers: Json; rejected: RejectedValue[] } {
  const rejected: RejectedValue[] = [];
  const kept: Json = {};
  for (const [name, value] of Object.entries(answers)) {
    const check = types.get(name);
    if (!check) {
      kept[name] = value;
      continue;
    }
    const typed = typedValue(check, value, (path, problem, failed) =>
      rejected.push({ question: name, path, problem, ...(failed.kind === "number" && problem === "outOfRange" ? { min: failed.min, max: failed.max } : {}) }),
    );
    if (typed !== undefined) kept[name] = typed;
  }
  return { answers: kept, rejected };
}

type Reject = (path: (string | number)[], problem: Problem, check: Check) => void;

/** The value with what does not fit left out (undefined: nothing of it is kept). */
function typedValue(check: Check, value: unknown, reject: Reject, path: (string | number)[] = []): unknown {
  if (value === null || value === undefined) return value;
  switch (check.kind) {
    case "number":
    case "text": {
      const problem = problemOf(check, value);
      if (problem) {
        reject(path, problem, check);
        return undefined;
      }
      return value;
    }
    case "items":
      return typedObject(check.items, value, reject, path);
    case "rows": {
      if (!isObject(value)) {
        reject(path, "notObject", check);
        return undefined;
      }
      const rows: Json = {};
      for (const [row, cells] of Object.entries(value)) {
        const typed = typedObject(check.cells, cells, reject, [...path, row]);
        if (typed !== undefined) rows[row] = typed;
      }
      return rows;
    }
    case "entries": {
      if (!Array.isArray(value)) {
        reject(path, "notList", check);
        return undefined;
      }
      // Entries keep their places (a panel's index is its identity for the respondent).
      return value.map((entry, index) => (isObject(entry) ? typedObject(check.fields, entry, reject, [...path, index]) : entry));
    }
  }
}

function typedObject(checks: Map<string, Check>, value: unknown, reject: Reject, path: (string | number)[]): Json | undefined {
  if (!isObject(value)) {
    reject(path, "notObject", { kind: "items", items: checks });
    return undefined;
  }
  const kept: Json = {};
  for (const [key, part] of Object.entries(value)) {
    const check = checks.get(key);
    if (!check) {
      kept[key] = part;
      continue;
    }
    const typed = typedValue(check, part, reject, [...path, key]);
    if (typed !== undefined) kept[key] = typed;
  }
  return kept;
}
