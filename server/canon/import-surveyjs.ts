/**
 * Import of a SurveyJS survey (pages[].elements[] or elements[], with nested panels) into the
 * organisation canon: each supported question becomes an own item (origin "import") in a new
 * module named after the survey. Single-language strings (plain, or `{default, de, en, …}`)
 * become `{de, en}`, choice values become codes, logic and requiredness are dropped (the builder
 * adds them per survey), and what cannot be imported is reported with a reason.
 *
 * @example
 * const plan = planSurveyImport(parseSurveyJson(text));
 * // plan.candidates: questions ready to store; plan.skipped: [{ name: "signature", reason: … }]
 */
import { z } from "@hono/zod-openapi";
import { Model, Serializer } from "survey-core";
import type { Kysely } from "kysely";
import type { Database, LocalizedText } from "../db/schema.ts";
import { ApiError } from "../lib/api-error.ts";
import type { SessionInfo } from "../lib/context.ts";
import { FORBIDDEN_ELEMENT_KEYS, QUESTIONNAIRES, localizedTextSchema, type Questionnaire } from "./canon-file-format.ts";
import { asksForFreeText, editableElementSchema, EDITABLE_QUESTION_TYPES, surveyCoreProblemsOf, TEXT_INPUT_TYPES, type EditableElement } from "./editable-element.ts";
import { jsonErrorPosition } from "./json-error-position.ts";
import { insertOwnItem, newOwnModuleId, slugOf } from "./organisation-items.ts";

/** Largest survey text accepted (the API's body limit is 2 MB). */
export const MAX_IMPORT_CHARS = 1_500_000;
/** Most questions taken from one survey; the rest are reported as skipped. */
export const MAX_IMPORTED_QUESTIONS = 500;

export const importRequestSchema = z
  .object({
    /** The survey JSON as text, exactly as exported from SurveyJS (so parse errors can be reported with position). */
    json: z.string().min(1).max(MAX_IMPORT_CHARS),
    /** Questionnaire of the new items; default `actor`. */
    questionnaire: z.enum(QUESTIONNAIRES).optional(),
    /** Title of the new module; default: the survey's title. */
    moduleTitle: localizedTextSchema.optional(),
  })
  .openapi("CanonImportRequest");
export type ImportRequest = z.infer<typeof importRequestSchema>;

const localized = z.object({ de: z.string(), en: z.string() });

export const importResultSchema = z
  .object({
    module: z.object({ id: z.string(), title: localized }),
    created: z.array(
      z.object({
        itemId: z.string(),
        title: localized,
        type: z.string(),
        /** Properties survey-core did not know, left out. */
        droppedProperties: z.array(z.string()),
      }),
    ),
    skipped: z.array(z.object({ name: z.string(), reason: z.string(), reasonDe: z.string() })),
  })
  .openapi("CanonImportResult");
export type ImportResult = z.infer<typeof importResultSchema>;

export interface SkippedQuestion {
  name: string;
  reason: string;
  reasonDe: string;
}

export interface ImportCandidate {
  element: EditableElement;
  help: LocalizedText;
  personalDataWarning: boolean;
  droppedProperties: string[];
}

export interface ImportPlan {
  title: LocalizedText | null;
  candidates: ImportCandidate[];
  skipped: SkippedQuestion[];
}

/**
 * Parses the uploaded text; invalid JSON is a 400 `invalid_json` naming the parser's reason and
 * where it stopped (offset, line, column).
 */
export function parseSurveyJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const position = jsonErrorPosition(text) ?? Number(/position (\d+)/.exec(reason)?.[1] ?? Number.NaN);
    const where = Number.isFinite(position) ? lineAndColumn(text, position) : null;
    const at = where ? ` (Zeile ${where.line}, Spalte ${where.column})` : "";
    const atEn = where ? ` (line ${where.line}, column ${where.column})` : "";
    throw new ApiError(
      400,
      "invalid_json",
      { de: `Die Datei ist kein gültiges JSON${at}: ${reason}`, en: `The file is not valid JSON${atEn}: ${reason}` },
      { reason, ...(where ? { position, ...where } : {}) },
    );
  }
}

function lineAndColumn(text: string, position: number): { line: number; column: number } {
  const before = text.slice(0, position);
  const line = before.split("\n").length;
  return { line, column: position - before.lastIndexOf("\n") };
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Properties survey-core shows to respondents (title, text, placeholder, otherText, …), from its own metadata. */
const LOCALIZABLE_KEYS: ReadonlySet<string> = (() => {
  const keys = new Set<string>();
  const classes = (Serializer as unknown as { classes: Map<string, unknown> | Record<string, unknown> }).classes;
  const names = classes instanceof Map ? [...classes.keys()] : Object.keys(classes);
  for (const name of names) {
    for (const property of Serializer.getProperties(name)) {
      if (!property.isLocalizable) continue;
      keys.add(property.name);
      // Older spellings survey-core still reads, e.g. panelAddText for addPanelText.
      const alternative = (property as { alternativeName?: string }).alternativeName;
      if (alternative) keys.add(alternative);
    }
  }
  for (const key of ["title", "text", "placeholder", "otherText", "noneText", "labelTrue", "labelFalse", "minRateDescription", "maxRateDescription"]) keys.add(key);
  return keys;
})();

const LOCALE_KEY = /^(default|[a-z]{2,3}([-_][a-z0-9]+)*)$/i;

function isLocaleObject(value: unknown): value is Record<string, string> {
  return isObject(value) && Object.keys(value).length > 0 && Object.entries(value).every(([key, text]) => LOCALE_KEY.test(key) && typeof text === "string");
}

/** A SurveyJS string as `{de, en}`: plain → both; `{default, de, en, …}` → de/en, falling back to default and each other. */
export function toLocalized(value: unknown): LocalizedText | null {
  if (typeof value === "string") return value.trim() ? { de: value.trim(), en: value.trim() } : null;
  if (typeof value === "number" || typeof value === "boolean") return { de: String(value), en: String(value) };
  if (!isLocaleObject(value)) return null;
  const pick = (key: string) => (value[key]?.trim() ? value[key]!.trim() : undefined);
  const any = Object.values(value).find((text) => text.trim())?.trim();
  const de = pick("de") ?? pick("default") ?? pick("en") ?? any;
  const en = pick("en") ?? pick("default") ?? de;
  return de && en ? { de, en } : null;
}

/** A stable lower_snake_case code for a choice value or sub-question name ("Sehr gut" → "sehr_gut", 3 → "v3"). */
function codeOf(value: unknown, taken: Set<string>): string {
  const slug = slugOf(String(value ?? ""), 40).replace(/^q_/, "v");
  let code = slug || "v";
  for (let n = 2; taken.has(code); n++) code = `${slug || "v"}_${n}`;
  taken.add(code);
  return code;
}

const CODED_ARRAYS = new Set(["choices", "rows", "columns", "rateValues"]);
const NAMED_ARRAYS = new Set(["items", "templateElements", "elements"]);
const FORBIDDEN = new Set<string>([...FORBIDDEN_ELEMENT_KEYS, "valueName", "correctAnswer", "choicesByUrl", "choicesFromQuestion", "choicesFromQuestionMode", "defaultValue"]);
/** Element types that display content and ask nothing. */
const DISPLAY_ONLY = new Set(["html", "image", "expression"]);

class SkipQuestion extends Error {
  constructor(readonly reasons: { de: string; en: string }) {
    super(reasons.en);
  }
}

/** `["1|Ja", 2, { value: "x", text: "X" }]` → `[{ value: "v1", text: {de:"Ja",en:"Ja"} }, …]`. */
function codedEntries(list: unknown[]): Json[] {
  const taken = new Set<string>();
  return list.map((entry) => {
    let value: unknown = entry;
    let text: unknown;
    if (isObject(entry)) {
      value = entry.value;
      text = entry.text;
    } else if (typeof entry === "string" && entry.includes("|")) {
      [value, text] = [entry.slice(0, entry.indexOf("|")), entry.slice(entry.indexOf("|") + 1)];
    }
    const label = toLocalized(text) ?? toLocalized(value) ?? { de: String(value), en: String(value) };
    return { value: codeOf(value, taken), text: label };
  });
}

/** Rating values 1…n without own labels stay a numeric scale (rateMin/rateMax), so answers stay numbers. */
function simplifyRating(element: Json): void {
  const values = element.rateValues;
  if (!Array.isArray(values) || values.length < 2) return;
  const numbers = values.map((entry) => (isObject(entry) && (entry.text === undefined || String(toLocalized(entry.text)?.de) === String(entry.value)) ? entry.value : entry));
  if (!numbers.every((value) => typeof value === "number" && Number.isInteger(value))) return;
  const sorted = [...(numbers as number[])].sort((a, b) => a - b);
  const step = sorted[1]! - sorted[0]!;
  if (step <= 0 || !sorted.every((value, i) => value === sorted[0]! + i * step)) return;
  delete element.rateValues;
  Object.assign(element, { rateMin: sorted[0], rateMax: sorted[sorted.length - 1], rateStep: step });
}

/** Cleans one node of a question (at any depth) in place: localizes strings, codes choices and names, drops logic. */
function normalizeNode(node: Json, depth: number): void {
  for (const key of Object.keys(node)) {
    const value = node[key];
    if (FORBIDDEN.has(key) && !(depth === 0 && key === "description")) {
      delete node[key];
      continue;
    }
    if (CODED_ARRAYS.has(key) && Array.isArray(value)) {
      node[key] = codedEntries(value);
      continue;
    }
    if (NAMED_ARRAYS.has(key) && Array.isArray(value)) {
      const taken = new Set<string>();
      node[key] = value.map((child) => {
        if (!isObject(child)) throw new SkipQuestion({ de: `„${key}“ enthält kein Objekt`, en: `"${key}" holds something that is not an object` });
        const type = String(child.type ?? (key === "items" ? "multipletextitem" : "")).toLowerCase();
        if (key !== "items" && type !== "panel" && !(EDITABLE_QUESTION_TYPES as readonly string[]).includes(type)) {
          throw new SkipQuestion({
            de: `enthält den nicht unterstützten Fragetyp „${type || "?"}“`,
            en: `contains the unsupported question type "${type || "?"}"`,
          });
        }
        const copy: Json = { ...child, ...(key === "items" ? {} : { type }) };
        const title = toLocalized(copy.title);
        copy.title = title ?? toLocalized(copy.name) ?? { de: "Angabe", en: "Entry" };
        copy.name = codeOf(copy.name ?? title?.en, taken);
        normalizeNode(copy, depth + 1);
        return copy;
      });
      continue;
    }
    if (LOCALIZABLE_KEYS.has(key) && (typeof value === "string" || isLocaleObject(value))) {
      const text = toLocalized(value);
      if (text) node[key] = text;
      else delete node[key];
      continue;
    }
    if (key === "inputType" && typeof value === "string" && !(TEXT_INPUT_TYPES as readonly string[]).includes(value)) {
      if (value === "datetime") node[key] = "datetime-local";
      else delete node[key];
      continue;
    }
    if (isObject(value)) normalizeNode(value, depth + 1);
    else if (Array.isArray(value)) value.forEach((entry) => isObject(entry) && normalizeNode(entry, depth + 1));
  }
}

/** Removes the properties survey-core reports as unknown (e.g. from the commercial Creator), returning their names. */
function dropUnknownProperties(element: Json): string[] {
  const dropped: string[] = [];
  for (let round = 0; round < 5; round++) {
    const model = new Model({ elements: [element] });
    const unknown = (model.jsonErrors ?? []).filter(
      (error) => (error as { type?: string }).type === "unknownproperty" || /unknown property/i.test(String((error as { message?: string }).message)),
    ) as unknown as { propertyName: string; jsonObj: Json }[];
    const removable = unknown.filter((error) => error.jsonObj && error.propertyName in error.jsonObj);
    if (removable.length === 0) break;
    for (const error of removable) {
      delete error.jsonObj[error.propertyName];
      dropped.push(error.propertyName);
    }
  }
  return [...new Set(dropped)];
}

function formatIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join(".") || "element"}: ${issue.message}`).join("; ");
}

/** One SurveyJS question as an import candidate, or the reason it cannot be imported. */
function convertQuestion(source: Json, type: string, surveyTitle: LocalizedText | null): ImportCandidate {
  const element = structuredClone(source) as Json;
  element.type = type;
  const name = typeof source.name === "string" ? source.name : "";
  element.title = toLocalized(element.title) ?? toLocalized(name);
  if (!element.title) throw new SkipQuestion({ de: "hat weder Titel noch Namen", en: "has neither a title nor a name" });
  if (["radiogroup", "checkbox", "dropdown", "tagbox"].includes(type) && !(Array.isArray(source.choices) && source.choices.length > 0)) {
    throw new SkipQuestion({
      de: "hat keine eigenen Antwortoptionen (sie kommen aus einer anderen Frage oder aus dem Netz)",
      en: "has no answer options of its own (they come from another question or a web service)",
    });
  }
  if (type === "rating") simplifyRating(element);
  normalizeNode(element, 0);
  const description = toLocalized(element.description);
  delete element.description;
  element.name = "imported";
  const droppedProperties = dropUnknownProperties(element);

  const parsed = editableElementSchema.safeParse(element);
  if (!parsed.success) throw new SkipQuestion({ de: `entspricht nicht den Kanon-Regeln: ${formatIssues(parsed.error)}`, en: `does not follow the canon rules: ${formatIssues(parsed.error)}` });
  const problems = surveyCoreProblemsOf(parsed.data);
  if (problems.length > 0) throw new SkipQuestion({ de: `wird von SurveyJS nicht angenommen: ${problems.join("; ")}`, en: `is not accepted by SurveyJS: ${problems.join("; ")}` });

  const from = surveyTitle ? { de: ` aus „${surveyTitle.de}“`, en: ` from "${surveyTitle.en}"` } : { de: "", en: "" };
  return {
    element: parsed.data,
    help: description ?? { de: `Importiert${from.de}.`, en: `Imported${from.en}.` },
    personalDataWarning: asksForFreeText(parsed.data),
    droppedProperties,
  };
}

/**
 * Reads a parsed SurveyJS survey into questions to create and questions skipped (with reasons).
 * Throws 400 `not_a_surveyjs_survey` when it has neither `pages` nor `elements`.
 */
export function planSurveyImport(survey: unknown): ImportPlan {
  const hasList = (value: unknown) => Array.isArray(value);
  if (!isObject(survey) || !(hasList(survey.pages) || hasList(survey.elements) || hasList(survey.questions))) {
    throw new ApiError(400, "not_a_surveyjs_survey", {
      de: "Das ist keine SurveyJS-Umfrage: Erwartet wird ein JSON-Objekt mit „pages“ (Seiten mit „elements“) oder „elements“.",
      en: 'This is not a SurveyJS survey: expected a JSON object with "pages" (pages holding "elements") or "elements".',
    });
  }
  const title = toLocalized(survey.title);
  const plan: ImportPlan = { title, candidates: [], skipped: [] };
  const skip = (name: string, reasons: { de: string; en: string }) => plan.skipped.push({ name, reason: reasons.en, reasonDe: reasons.de });

  const visit = (elements: unknown, where: string) => {
    if (!Array.isArray(elements)) return;
    elements.forEach((entry, index) => {
      const name = isObject(entry) && typeof entry.name === "string" && entry.name ? entry.name : `${where}[${index}]`;
      if (!isObject(entry)) return skip(name, { de: "ist kein Objekt", en: "is not an object" });
      const type = typeof entry.type === "string" ? entry.type.toLowerCase() : "";
      if (type === "panel") return visit(entry.elements ?? entry.questions, `${name}.elements`);
      if (!type) return skip(name, { de: "hat keinen Fragetyp („type“)", en: 'has no question type ("type")' });
      if (DISPLAY_ONLY.has(type)) return skip(name, { de: `„${type}“ zeigt nur Inhalt an und fragt nichts`, en: `"${type}" only displays content and asks nothing` });
      if (!(EDITABLE_QUESTION_TYPES as readonly string[]).includes(type)) {
        return skip(name, { de: `Der Fragetyp „${type}“ wird nicht unterstützt`, en: `The question type "${type}" is not supported` });
      }
      if (plan.candidates.length >= MAX_IMPORTED_QUESTIONS) {
        return skip(name, { de: `Mehr als ${MAX_IMPORTED_QUESTIONS} Fragen auf einmal werden nicht importiert`, en: `At most ${MAX_IMPORTED_QUESTIONS} questions are imported at once` });
      }
      try {
        plan.candidates.push(convertQuestion(entry, type, title));
      } catch (error) {
        if (!(error instanceof SkipQuestion)) throw error;
        skip(name, { de: `Die Frage ${error.reasons.de}`, en: `The question ${error.reasons.en}` });
      }
    });
  };

  if (Array.isArray(survey.pages)) {
    survey.pages.forEach((page, index) => {
      if (isObject(page)) visit(page.elements ?? page.questions, `pages[${index}].elements`);
    });
  }
  visit(survey.elements, "elements");
  visit(survey.questions, "questions");
  return plan;
}

/**
 * Imports a survey into the organisation's canon in one transaction: a new module (named after
 * the survey unless `moduleTitle` is given) holding one item per importable question.
 * Throws 400 `nothing_to_import` when no question could be taken (the reasons in `details`).
 */
export async function importSurvey(db: Kysely<Database>, session: SessionInfo, request: ImportRequest): Promise<ImportResult> {
  const plan = planSurveyImport(parseSurveyJson(request.json));
  if (plan.candidates.length === 0) {
    throw new ApiError(
      400,
      "nothing_to_import",
      { de: "Die Umfrage enthält keine Frage, die importiert werden kann.", en: "The survey holds no question that can be imported." },
      { skipped: plan.skipped },
    );
  }
  const questionnaire: Questionnaire = request.questionnaire ?? "actor";
  const moduleTitle = request.moduleTitle ?? plan.title ?? { de: "Importierte Fragen", en: "Imported questions" };
  const module = { id: newOwnModuleId(moduleTitle.de), title: moduleTitle };
  const created = await db.transaction().execute(async (trx) => {
    const rows = [];
    for (const [position, candidate] of plan.candidates.entries()) {
      const row = await insertOwnItem(
        trx,
        session,
        { questionnaire, module, tags: { lifePhases: [], fieldsOfAction: [], topics: [] }, help: candidate.help, personalDataWarning: candidate.personalDataWarning, element: candidate.element },
        "import",
        candidate.element.title.de,
        position,
      );
      rows.push({ itemId: row.item_id, title: candidate.element.title, type: candidate.element.type, droppedProperties: candidate.droppedProperties });
    }
    return rows;
  });
  return { module, created, skipped: plan.skipped };
}
