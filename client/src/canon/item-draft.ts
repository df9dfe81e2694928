import { toLocalized, type Localized } from "../lib/localized.ts";

/**
 * The form editor's model of one canon item, and the translation to and from the SurveyJS
 * question the server stores. Every visible string is `{de, en}`; choice values, matrix rows
 * and columns and sub-field names are lower_snake_case codes generated from the German text
 * (unique, stable once saved or once edited by hand).
 */
export type EditorKind =
  | "shortText"
  | "longText"
  | "number"
  | "year"
  | "singleChoice"
  | "multipleChoice"
  | "yesNo"
  | "rating"
  | "likert"
  | "repeatable";

export const EDITOR_KINDS: EditorKind[] = [
  "shortText",
  "longText",
  "number",
  "year",
  "singleChoice",
  "multipleChoice",
  "yesNo",
  "rating",
  "likert",
  "repeatable",
];

export type SubFieldKind = "shortText" | "longText" | "number" | "year" | "yesNo";
export const SUB_FIELD_KINDS: SubFieldKind[] = ["shortText", "longText", "number", "year", "yesNo"];

/** Kinds where respondents type prose: the personal-data warning is on by default. */
const FREE_TEXT_KINDS = new Set<EditorKind>(["shortText", "longText", "repeatable"]);

export interface CodedText {
  /** React key, stable while editing. */
  key: string;
  /** The code (choice value, row/column value, sub-field name). */
  code: string;
  text: Localized;
  /** True once saved or edited by hand: the code no longer follows the German text. */
  codeLocked: boolean;
}

export interface SubField extends CodedText {
  kind: SubFieldKind;
}

export type ModuleChoice = { mode: "default" } | { mode: "existing"; id: string; title: Localized } | { mode: "new"; title: Localized };

/** Life phases and fields of action: codes, or "all" for a general question that applies to every one. */
export interface DraftTags {
  lifePhases: string[] | "all";
  fieldsOfAction: string[] | "all";
  topics: string[];
}

export interface ItemDraft {
  kind: EditorKind;
  title: Localized;
  help: Localized;
  personalDataWarning: boolean;
  /** The planner set the warning by hand: changing the kind no longer changes it. */
  warningTouched: boolean;
  questionnaire: string;
  module: ModuleChoice;
  tags: DraftTags;
  choices: CodedText[];
  showOther: boolean;
  otherText: Localized;
  yes: Localized;
  no: Localized;
  numberMin: string;
  numberMax: string;
  ratingMin: string;
  ratingMax: string;
  ratingMinLabel: Localized;
  ratingMaxLabel: Localized;
  rows: CodedText[];
  columns: CodedText[];
  subFields: SubField[];
  /** Properties of a loaded question the form does not edit; kept while the kind stays. */
  extra: Record<string, unknown>;
  loadedKind: EditorKind | null;
}

const empty = (): Localized => ({ de: "", en: "" });
let keyCounter = 0;
export function newKey(): string {
  keyCounter += 1;
  return `k${keyCounter}`;
}

export function codedText(de = "", en = "", code = "", codeLocked = false): CodedText {
  return { key: newKey(), code, text: { de, en }, codeLocked };
}

const LIKERT_COLUMNS: [string, string, string][] = [
  ["trifft_voll_zu", "trifft voll zu", "fully agree"],
  ["trifft_eher_zu", "trifft eher zu", "rather agree"],
  ["trifft_eher_nicht_zu", "trifft eher nicht zu", "rather disagree"],
  ["trifft_gar_nicht_zu", "trifft gar nicht zu", "do not agree at all"],
];

/** A blank item for "Eigene Frage anlegen". */
export function newDraft(questionnaire = "actor"): ItemDraft {
  return {
    kind: "singleChoice",
    title: empty(),
    help: empty(),
    personalDataWarning: false,
    warningTouched: false,
    questionnaire,
    module: { mode: "default" },
    tags: { lifePhases: [], fieldsOfAction: [], topics: [] },
    choices: [codedText(), codedText()],
    showOther: false,
    otherText: { de: "Sonstiges", en: "Other" },
    yes: { de: "Ja", en: "Yes" },
    no: { de: "Nein", en: "No" },
    numberMin: "",
    numberMax: "",
    ratingMin: "1",
    ratingMax: "5",
    ratingMinLabel: empty(),
    ratingMaxLabel: empty(),
    rows: [codedText()],
    columns: LIKERT_COLUMNS.map(([code, de, en]) => codedText(de, en, code, false)),
    subFields: [{ ...codedText(), kind: "shortText" }],
    extra: {},
    loadedKind: null,
  };
}

/** Changes the kind; the personal-data warning follows the kind until set by hand. */
export function withKind(draft: ItemDraft, kind: EditorKind): ItemDraft {
  return {
    ...draft,
    kind,
    personalDataWarning: draft.warningTouched ? draft.personalDataWarning : FREE_TEXT_KINDS.has(kind),
  };
}

/**
 * A lower_snake_case code from German text: umlauts spelled out, other accents dropped,
 * anything else joined by "_", starting with a letter, at most 40 characters.
 *
 * @example
 * codeFromText("Ein- bis zweimal im Monat"); // "ein_bis_zweimal_im_monat"
 * codeFromText("Über 50 %"); // "ueber_50"
 */
export function codeFromText(text: string): string {
  const folded = text
    .toLowerCase()
    .replace(/ä/g, "ae")
    .replace(/ö/g, "oe")
    .replace(/ü/g, "ue")
    .replace(/ß/g, "ss")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 40)
    .replace(/_+$/, "");
  if (!folded) return "";
  return /^[a-z]/.test(folded) ? folded : `n_${folded}`.slice(0, 40);
}

/** Topics are lowercase words joined by "_" (no digits). */
export function topicFromText(text: string): string {
  return codeFromText(text)
    .replace(/[0-9]+/g, "")
    .replace(/_+/g, "_")
    .replace(/^_+|_+$/g, "");
}

/**
 * Gives every entry whose code is not locked a code from its German text, unique in the list
 * (locked codes first, then "_2", "_3", … for repeats; "option_3" when there is no text).
 */
export function withGeneratedCodes<T extends CodedText>(entries: T[], fallbackPrefix = "option"): T[] {
  const taken = new Set(entries.filter((entry) => entry.codeLocked).map((entry) => entry.code));
  return entries.map((entry, index) => {
    if (entry.codeLocked) return entry;
    const base = codeFromText(entry.text.de) || `${fallbackPrefix}_${index + 1}`;
    let code = base;
    for (let suffix = 2; taken.has(code); suffix++) code = `${base}_${suffix}`;
    taken.add(code);
    return code === entry.code ? entry : { ...entry, code };
  });
}

export const CODE_PATTERN = /^[a-z][a-z0-9_]*$/;

function coded(list: CodedText[]) {
  return list.map((entry) => ({ value: entry.code, text: { de: entry.text.de.trim(), en: entry.text.en.trim() } }));
}

function trimmed(text: Localized): Localized {
  return { de: text.de.trim(), en: text.en.trim() };
}

function filled(text: Localized): boolean {
  return text.de.trim() !== "" || text.en.trim() !== "";
}

const YEAR_FIELD = { inputType: "number", min: 1900, step: 1, maxValueExpression: "year(today())" };
const YES_NO = { labelTrue: { de: "Ja", en: "Yes" }, labelFalse: { de: "Nein", en: "No" } };

function subElement(field: SubField): Record<string, unknown> {
  const base = { name: field.code, title: trimmed(field.text) };
  switch (field.kind) {
    case "shortText":
      return { type: "text", ...base };
    case "longText":
      return { type: "comment", ...base };
    case "number":
      return { type: "text", inputType: "number", ...base };
    case "year":
      return { type: "text", ...YEAR_FIELD, ...base };
    case "yesNo":
      return { type: "boolean", ...base, ...YES_NO };
  }
}

/** The SurveyJS question of a draft, as POST/PUT /api/canon/items take it (without name). */
export function elementFromDraft(draft: ItemDraft): Record<string, unknown> {
  const title = trimmed(draft.title);
  const extra = draft.kind === draft.loadedKind ? draft.extra : {};
  switch (draft.kind) {
    case "shortText":
      return { ...extra, type: "text", title };
    case "longText":
      return { ...extra, type: "comment", title };
    case "number": {
      const min = draft.numberMin.trim() === "" ? undefined : Number(draft.numberMin);
      const max = draft.numberMax.trim() === "" ? undefined : Number(draft.numberMax);
      return { ...extra, type: "text", inputType: "number", title, ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
    }
    case "year":
      return { ...extra, type: "text", title, ...YEAR_FIELD };
    case "singleChoice":
    case "multipleChoice":
      return {
        ...extra,
        type: draft.kind === "singleChoice" ? "radiogroup" : "checkbox",
        title,
        choices: coded(draft.choices),
        ...(draft.showOther ? { showOtherItem: true, otherText: trimmed(draft.otherText) } : {}),
      };
    case "yesNo":
      return { ...extra, type: "boolean", title, labelTrue: trimmed(draft.yes), labelFalse: trimmed(draft.no) };
    case "rating":
      return {
        ...extra,
        type: "rating",
        title,
        rateMin: Number(draft.ratingMin),
        rateMax: Number(draft.ratingMax),
        ...(filled(draft.ratingMinLabel) ? { minRateDescription: trimmed(draft.ratingMinLabel) } : {}),
        ...(filled(draft.ratingMaxLabel) ? { maxRateDescription: trimmed(draft.ratingMaxLabel) } : {}),
      };
    case "likert":
      return { ...extra, type: "matrix", title, rows: coded(draft.rows), columns: coded(draft.columns) };
    case "repeatable":
      return {
        panelCount: 1,
        panelAddText: { de: "Eintrag hinzufügen", en: "Add entry" },
        panelRemoveText: { de: "Eintrag entfernen", en: "Remove entry" },
        ...extra,
        type: "paneldynamic",
        title,
        templateElements: draft.subFields.map(subElement),
      };
  }
}

const CONTROLLED_KEYS = new Set([
  "type",
  "name",
  "title",
  "description",
  "canonId",
  "canonVersion",
  "choices",
  "showOtherItem",
  "hasOther",
  "otherText",
  "labelTrue",
  "labelFalse",
  "inputType",
  "min",
  "max",
  "step",
  "maxValueExpression",
  "rateMin",
  "rateMax",
  "minRateDescription",
  "maxRateDescription",
  "rows",
  "columns",
  "templateElements",
]);

function codedFrom(list: unknown): CodedText[] {
  if (!Array.isArray(list)) return [];
  return list.map((entry) => {
    const record = entry && typeof entry === "object" ? (entry as Record<string, unknown>) : { value: entry, text: entry };
    const code = String(record.value ?? "");
    const text = toLocalized(record.text, code);
    return codedText(text.de, text.en, code, true);
  });
}

function subFieldKindOf(element: Record<string, unknown>): SubFieldKind | null {
  switch (element.type) {
    case "text":
      if (element.inputType === "number") return Number(element.min) >= 1900 ? "year" : "number";
      return element.inputType === undefined || element.inputType === "text" ? "shortText" : null;
    case "comment":
      return "longText";
    case "boolean":
      return "yesNo";
    default:
      return null;
  }
}

function kindOf(element: Record<string, unknown>): EditorKind | null {
  switch (element.type) {
    case "text":
      if (element.inputType === "number") return Number(element.min) >= 1900 ? "year" : "number";
      return "shortText";
    case "comment":
      return "longText";
    case "radiogroup":
      return "singleChoice";
    case "checkbox":
      return "multipleChoice";
    case "boolean":
      return "yesNo";
    case "rating":
      return Array.isArray(element.rateValues) && element.rateValues.length > 0 ? null : "rating";
    case "matrix":
      return "likert";
    case "paneldynamic": {
      const children = element.templateElements;
      if (!Array.isArray(children) || children.length === 0) return null;
      return children.every((child) => child && typeof child === "object" && subFieldKindOf(child as Record<string, unknown>)) ? "repeatable" : null;
    }
    default:
      return null;
  }
}

export interface StoredItem {
  questionnaire: string;
  module: string;
  moduleTitle: Localized;
  tags: DraftTags;
  help: Localized;
  personalDataWarning: boolean;
  element: Record<string, unknown>;
}

/** The draft of a stored item version, or null when the form cannot edit its question type. */
export function draftFromItem(item: StoredItem): ItemDraft | null {
  const element = item.element;
  const kind = kindOf(element);
  if (!kind) return null;
  const draft = newDraft(item.questionnaire);
  const extra = Object.fromEntries(Object.entries(element).filter(([key]) => !CONTROLLED_KEYS.has(key)));
  if (kind === "shortText" && typeof element.inputType === "string" && element.inputType !== "text") extra.inputType = element.inputType;
  const ownDefault = item.module === `own.${item.questionnaire}`;
  return {
    ...draft,
    kind,
    loadedKind: kind,
    extra,
    title: toLocalized(element.title),
    help: { ...item.help },
    personalDataWarning: item.personalDataWarning,
    warningTouched: true,
    module: ownDefault ? { mode: "default" } : { mode: "existing", id: item.module, title: item.moduleTitle },
    tags: {
      lifePhases: item.tags.lifePhases === "all" ? "all" : [...item.tags.lifePhases],
      fieldsOfAction: item.tags.fieldsOfAction === "all" ? "all" : [...item.tags.fieldsOfAction],
      topics: [...item.tags.topics],
    },
    choices: kind === "singleChoice" || kind === "multipleChoice" ? codedFrom(element.choices) : draft.choices,
    showOther: Boolean(element.showOtherItem || element.hasOther),
    otherText: element.otherText ? toLocalized(element.otherText) : draft.otherText,
    yes: element.labelTrue ? toLocalized(element.labelTrue) : draft.yes,
    no: element.labelFalse ? toLocalized(element.labelFalse) : draft.no,
    numberMin: kind === "number" && element.min !== undefined ? String(element.min) : "",
    numberMax: kind === "number" && element.max !== undefined ? String(element.max) : "",
    ratingMin: element.rateMin !== undefined ? String(element.rateMin) : draft.ratingMin,
    ratingMax: element.rateMax !== undefined ? String(element.rateMax) : draft.ratingMax,
    ratingMinLabel: element.minRateDescription ? toLocalized(element.minRateDescription) : draft.ratingMinLabel,
    ratingMaxLabel: element.maxRateDescription ? toLocalized(element.maxRateDescription) : draft.ratingMaxLabel,
    rows: kind === "likert" ? codedFrom(element.rows) : draft.rows,
    columns: kind === "likert" ? codedFrom(element.columns) : draft.columns,
    subFields:
      kind === "repeatable"
        ? (element.templateElements as Record<string, unknown>[]).map((child) => {
            const text = toLocalized(child.title, String(child.name ?? ""));
            return { ...codedText(text.de, text.en, String(child.name ?? ""), true), kind: subFieldKindOf(child)! };
          })
        : draft.subFields,
  };
}

/** Every English text that is still empty gets the German one (a starting point for translating). */
export function withEnglishFromGerman(draft: ItemDraft): ItemDraft {
  const copy = (text: Localized): Localized => (text.en.trim() === "" && text.de.trim() !== "" ? { ...text, en: text.de } : text);
  const copyAll = <T extends CodedText>(list: T[]): T[] => list.map((entry) => ({ ...entry, text: copy(entry.text) }));
  return {
    ...draft,
    title: copy(draft.title),
    help: copy(draft.help),
    otherText: copy(draft.otherText),
    yes: copy(draft.yes),
    no: copy(draft.no),
    ratingMinLabel: copy(draft.ratingMinLabel),
    ratingMaxLabel: copy(draft.ratingMaxLabel),
    choices: copyAll(draft.choices),
    rows: copyAll(draft.rows),
    columns: copyAll(draft.columns),
    subFields: copyAll(draft.subFields),
    module: draft.module.mode === "new" ? { mode: "new", title: copy(draft.module.title) } : draft.module,
  };
}
