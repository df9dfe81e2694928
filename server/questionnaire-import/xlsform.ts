/**
 * An XLSForm (.xlsx: sheets `survey`, `choices`, `settings`) as a SurveyJS survey. Top-level
 * `begin group … end group` blocks become pages (questions outside any group form pages of
 * their own), nested groups become panels and `begin repeat` repeatable sections; `select_one`
 * and `select_multiple` take their options from the `choices` sheet with the choice names as
 * codes; `required` makes a question required, `relevant` becomes `visibleIf`
 * (`${age} >= 12 and selected(${hobby}, 'sport')` → `{age} >= 12 and {hobby} contains 'sport'`),
 * `constraint` becomes a check where it translates; `label::German (de)` and `label::English (en)`
 * columns (also `label::de`, `label::Deutsch`) give the German and English texts.
 *
 * Before exceljs opens the file, the zip's table of contents is read: a file that unpacks to
 * more than a few dozen megabytes (a zip bomb) is refused.
 *
 * @example
 * const survey = await surveyFromXlsForm(bytes, report);
 */
import type ExcelJS from "exceljs";
import type { ImportReport } from "./import-report.ts";
import { MAX_SHEET_ROWS, MAX_UNPACKED_BYTES, questionnaireTooLarge, unreadableQuestionnaire, yieldToEventLoop } from "./import-limits.ts";
import { clip } from "./localized-text.ts";
import { checkZipUnpacks, ZipLimitError } from "../lib/zip-limits.ts";

type Json = Record<string, unknown>;

const notAnXlsForm = (reason: { de: string; en: string }) => unreadableQuestionnaire("not_an_xlsform", reason);

/**
 * The zip's limits (zip-limits.ts): declared sizes against MAX_UNPACKED_BYTES and a packing ratio
 * no spreadsheet reaches, then every entry unpacked with zlib stopping at its declared size.
 * Throws 400 when the file is damaged or lies about its sizes, `questionnaire_too_large` beyond a limit.
 */
export function checkUnpackedSize(bytes: Uint8Array, limit = MAX_UNPACKED_BYTES): void {
  try {
    checkZipUnpacks(bytes, { maxUnpackedBytes: limit, maxRatio: 200, maxEntries: 1000 });
  } catch (error) {
    if (!(error instanceof ZipLimitError)) throw error;
    if (error.kind === "too_large") throw questionnaireTooLarge({ de: `die Excel-Datei: ${error.reason.de}`, en: `the Excel file: ${error.reason.en}` });
    throw notAnXlsForm({ de: `Die Excel-Datei ist beschädigt oder keine .xlsx-Datei (${error.reason.de}).`, en: `The Excel file is damaged or not an .xlsx file (${error.reason.en}).` });
  }
}

function cellText(cell: ExcelJS.Cell): string {
  const value = cell.value;
  if (value === null || value === undefined) return "";
  if (typeof value === "object") {
    if ("richText" in value) return value.richText.map((part) => part.text).join("");
    if ("text" in value && typeof value.text === "string") return value.text;
    if ("result" in value) return value.result === undefined || value.result === null ? "" : String(value.result);
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    return "";
  }
  return String(value);
}

interface Sheet {
  headers: string[];
  rows: { row: number; cells: Map<string, string> }[];
}

function readSheet(sheet: ExcelJS.Worksheet | undefined): Sheet | null {
  if (!sheet) return null;
  if (sheet.actualRowCount > MAX_SHEET_ROWS) throw questionnaireTooLarge({ de: `mehr als ${MAX_SHEET_ROWS} Zeilen im Blatt „${sheet.name}“`, en: `more than ${MAX_SHEET_ROWS} rows in the sheet "${sheet.name}"` });
  let headers: string[] = [];
  const rows: Sheet["rows"] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    for (let column = 1; column <= Math.min(row.cellCount, 200); column++) cells.push(cellText(row.getCell(column)).trim());
    if (headers.length === 0) {
      headers = cells.map((cell) => cell.toLowerCase());
      return;
    }
    if (cells.every((cell) => cell === "")) return;
    rows.push({ row: rowNumber, cells: new Map(headers.map((header, index) => [header, cells[index] ?? ""])) });
  });
  return { headers, rows };
}

/** `label::German (de)`, `label::de`, `label::Deutsch` → "de"; plain `label` → "" (the default language). */
function languageOf(header: string, column: string): string | null {
  if (header === column) return "";
  if (!header.startsWith(`${column}::`)) return null;
  const spec = header.slice(column.length + 2).trim();
  const code = /\(([a-z]{2,3})(-[a-z0-9]+)?\)\s*$/i.exec(spec)?.[1]?.toLowerCase();
  if (code) return code;
  const named: Record<string, string> = { german: "de", deutsch: "de", english: "en", englisch: "en" };
  return named[spec.toLowerCase()] ?? (/^[a-z]{2,3}$/i.test(spec) ? spec.toLowerCase() : spec.toLowerCase());
}

/** The texts of a column in every language it is given in, as SurveyJS takes them. */
function textsOf(cells: Map<string, string>, column: string, defaultLanguage: string): string | Record<string, string> | undefined {
  const texts: Record<string, string> = {};
  for (const [header, value] of cells) {
    const language = languageOf(header, column);
    if (language === null || value === "") continue;
    texts[language || defaultLanguage || "default"] = value;
  }
  const entries = Object.entries(texts);
  if (entries.length === 0) return undefined;
  if (entries.length === 1) return entries[0]![1];
  return texts;
}

const isYes = (value: string) => /^(yes|true|true\(\)|ja|1)$/i.test(value.trim());

/**
 * An XLSForm (XPath-like) expression as a SurveyJS one, or null where no faithful translation
 * exists. `.` stands for the question itself (`self`).
 */
export function convertXlsFormExpression(source: string, self?: string): string | null {
  let text = source.trim();
  if (text === "" || text.length > 2000) return text === "" ? "" : null;
  // selected(${x}, 'a') and not(selected(...)) first: they become contains / notcontains.
  text = text.replace(/not\s*\(\s*selected\s*\(\s*\$\{([^}\s]+)\}\s*,\s*(['"])([^'"]*)\2\s*\)\s*\)/g, (_, name: string, _q: string, value: string) => `{${name}} notcontains '${value}'`);
  text = text.replace(/selected\s*\(\s*\$\{([^}\s]+)\}\s*,\s*(['"])([^'"]*)\2\s*\)/g, (_, name: string, _q: string, value: string) => `{${name}} contains '${value}'`);
  text = text.replace(/\$\{([^}\s]+)\}/g, (_, name: string) => `{${name}}`);
  if (self) text = text.replace(/(^|[\s(=<>!])\.(?=$|[\s)=<>!])/g, (_, before: string) => `${before}{${self}}`);
  text = text.replace(/\bnot\s*\(/g, "!(");
  text = text.replace(/"([^"]*)"/g, "'$1'");
  // Anything left that looks like a function call or XPath is beyond a faithful translation.
  const withoutStrings = text.replace(/'[^']*'/g, "''");
  if (/[a-z_-]+\s*\(/i.test(withoutStrings.replace(/!\(/g, "(")) || /[\/\[\]]|\.\./.test(withoutStrings) || /\bdiv\b|\bmod\b/.test(withoutStrings)) return null;
  return text;
}

interface Frame {
  element: Json;
  children: Json[];
  /** A top-level group: a page. */
  page: boolean;
}

const METADATA_TYPES = new Set(["start", "end", "today", "deviceid", "subscriberid", "simserial", "phonenumber", "username", "email", "audit", "start-geopoint"]);
const MEDIA_TYPES = new Set(["image", "audio", "video", "file", "background-audio", "geopoint", "geotrace", "geoshape", "barcode", "signature"]);

/** Reads the workbook into a SurveyJS survey; throws 400 `not_an_xlsform` when the survey sheet is missing. */
export async function surveyFromXlsForm(bytes: Uint8Array, report: ImportReport): Promise<Json> {
  checkUnpackedSize(bytes);
  const { default: Excel } = await import("exceljs");
  const workbook = new Excel.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw notAnXlsForm({ de: "Die Excel-Datei konnte nicht gelesen werden. Bitte speichern Sie sie als .xlsx neu.", en: "The Excel file could not be read. Please save it again as .xlsx." });
  }
  await yieldToEventLoop();
  const sheetNamed = (name: string) => workbook.worksheets.find((sheet) => sheet.name.trim().toLowerCase() === name);
  const survey = readSheet(sheetNamed("survey"));
  if (!survey || !survey.headers.includes("type") || !survey.headers.includes("name")) {
    throw notAnXlsForm({
      de: "Das ist kein XLSForm: Es fehlt das Blatt „survey“ mit den Spalten „type“ und „name“.",
      en: 'This is not an XLSForm: the sheet "survey" with the columns "type" and "name" is missing.',
    });
  }
  const choicesSheet = readSheet(sheetNamed("choices"));
  const settings = readSheet(sheetNamed("settings"))?.rows[0]?.cells ?? new Map<string, string>();
  const defaultLanguage = languageOf(`label::${settings.get("default_language") ?? ""}`, "label") ?? "";

  const lists = new Map<string, Json[]>();
  for (const row of choicesSheet?.rows ?? []) {
    const list = row.cells.get("list_name") || row.cells.get("list name") || "";
    const name = row.cells.get("name") ?? "";
    if (!list || name === "") continue;
    const entries = lists.get(list) ?? [];
    entries.push({ value: name, text: textsOf(row.cells, "label", defaultLanguage) ?? name });
    lists.set(list, entries);
  }

  const root: Frame = { element: {}, children: [], page: false };
  const stack: Frame[] = [root];
  const pages: Json[] = [];
  let loose: Json[] = [];
  const flushLoose = () => {
    if (loose.length > 0) pages.push({ name: `seite-${pages.length + 1}`, elements: loose });
    loose = [];
  };

  const condition = (name: string, source: string, property: string): string | undefined => {
    if (!source) return undefined;
    const converted = convertXlsFormExpression(source);
    if (converted === null) {
      report.dropped(name, property, {
        de: `Der Ausdruck „${clip(source, 120)}“ lässt sich nicht sicher übertragen; die Frage wird immer gezeigt`,
        en: `The expression "${clip(source, 120)}" cannot be converted safely; the question is always shown`,
      });
      return undefined;
    }
    return converted || undefined;
  };

  for (const { row, cells } of survey.rows) {
    const typeCell = (cells.get("type") ?? "").trim();
    const [rawType = "", listName = ""] = typeCell.split(/\s+/);
    const type = rawType.toLowerCase();
    const name = cells.get("name") ?? "";
    const label = textsOf(cells, "label", defaultLanguage);
    const hint = textsOf(cells, "hint", defaultLanguage);
    const base: Json = { name, ...(label ? { title: label } : {}), ...(hint ? { description: hint } : {}) };
    if (isYes(cells.get("required") ?? "")) base.isRequired = true;
    const visibleIf = condition(name || `Zeile ${row}`, cells.get("relevant") ?? "", "relevant");
    if (visibleIf) base.visibleIf = visibleIf;
    const constraint = cells.get("constraint") ?? "";
    if (constraint) {
      const expression = convertXlsFormExpression(constraint, name);
      const message = textsOf(cells, "constraint_message", defaultLanguage);
      // XLSForm checks a constraint only once there is an answer; SurveyJS checks expressions always.
      if (expression) base.validators = [{ type: "expression", expression: `{${name}} empty or (${expression})`, ...(message ? { text: message } : {}) }];
      else report.dropped(name, "constraint", { de: `Die Bedingung „${clip(constraint, 120)}“ lässt sich nicht übertragen`, en: `The constraint "${clip(constraint, 120)}" cannot be converted` });
    }
    const parent = stack[stack.length - 1]!;
    const add = (element: Json) => {
      if (stack.length === 1) loose.push(element);
      else parent.children.push(element);
    };
    const beginGroup = type === "begin" || type === "begin_group" || type === "begin_repeat";
    if (beginGroup) {
      const repeat = type === "begin_repeat" || listName.toLowerCase() === "repeat";
      const topLevel = stack.length === 1 && !repeat;
      if (topLevel) flushLoose();
      const element: Json = repeat
        ? { ...base, type: "paneldynamic", panelCount: 1, minPanelCount: 0 }
        : { ...base, type: "panel" };
      stack.push({ element, children: [], page: topLevel });
      continue;
    }
    if (type === "end" || type === "end_group" || type === "end_repeat") {
      if (stack.length === 1) {
        report.changed(`Zeile ${row}`, { de: "„end group“ ohne passendes „begin group“ übergangen", en: '"end group" without a matching "begin group" ignored' });
        continue;
      }
      const frame = stack.pop()!;
      if (frame.page) {
        const { name: pageName, title, visibleIf: pageCondition, description } = frame.element;
        pages.push({ name: pageName || `seite-${pages.length + 1}`, ...(title ? { title } : {}), ...(description ? { description } : {}), ...(pageCondition ? { visibleIf: pageCondition } : {}), elements: frame.children });
      } else if (frame.element.type === "paneldynamic") {
        (stack.length === 1 ? loose : stack[stack.length - 1]!.children).push({ ...frame.element, templateElements: frame.children });
      } else {
        (stack.length === 1 ? loose : stack[stack.length - 1]!.children).push({ ...frame.element, elements: frame.children });
      }
      continue;
    }
    if (METADATA_TYPES.has(type) || type === "calculate" || type === "hidden") {
      if (type === "calculate") report.dropped(name, "calculation", { de: "Berechnete Felder werden nicht übernommen", en: "Calculated fields are not taken" });
      continue;
    }
    if (MEDIA_TYPES.has(type)) {
      report.skipped(name || `Zeile ${row}`, { de: `Der XLSForm-Typ „${type}“ (Medien, Orte, Codes) wird nicht angeboten`, en: `The XLSForm type "${type}" (media, places, codes) is not offered` });
      continue;
    }
    const choices = () => {
      const list = lists.get(listName);
      if (!list) report.dropped(name, "choices", { de: `Die Auswahlliste „${listName}“ fehlt im Blatt „choices“`, en: `The choice list "${listName}" is missing from the sheet "choices"` });
      return list ?? [];
    };
    const appearance = (cells.get("appearance") ?? "").toLowerCase();
    switch (type) {
      case "text":
        add({ ...base, type: appearance.includes("multiline") ? "comment" : "text" });
        break;
      case "integer":
      case "decimal":
        add({ ...base, type: "text", inputType: "number" });
        break;
      case "date":
        add({ ...base, type: "text", inputType: "date" });
        break;
      case "time":
        add({ ...base, type: "text", inputType: "time" });
        break;
      case "datetime":
        add({ ...base, type: "text", inputType: "datetime-local" });
        break;
      case "note":
        add({ name, type: "html", html: typeof label === "string" ? escapeHtml(label) : Object.fromEntries(Object.entries(label ?? {}).map(([language, text]) => [language, escapeHtml(text)])) });
        break;
      case "acknowledge":
        add({ ...base, type: "boolean" });
        break;
      case "select_one":
        add({ ...base, type: appearance.includes("minimal") ? "dropdown" : "radiogroup", choices: choices() });
        break;
      case "select_multiple":
        add({ ...base, type: appearance.includes("minimal") ? "tagbox" : "checkbox", choices: choices() });
        break;
      case "rank":
        add({ ...base, type: "ranking", choices: choices() });
        break;
      case "range": {
        const parameters = new Map(
          (cells.get("parameters") ?? "")
            .split(/\s+/)
            .map((part) => part.split("=") as [string, string])
            .filter((part) => part.length === 2),
        );
        add({ ...base, type: "rating", rateMin: Number(parameters.get("start") ?? 1), rateMax: Number(parameters.get("end") ?? 5), rateStep: Number(parameters.get("step") ?? 1) });
        break;
      }
      default:
        report.skipped(name || `Zeile ${row}`, { de: `Den XLSForm-Typ „${typeCell}“ kennt Kanon nicht`, en: `Kanon does not know the XLSForm type "${typeCell}"` });
    }
  }
  while (stack.length > 1) {
    const frame = stack.pop()!;
    report.changed(String(frame.element.name ?? ""), { de: "Gruppe ohne „end group“ am Ende geschlossen", en: 'Group without "end group" closed at the end' });
    const target = stack.length === 1 ? loose : stack[stack.length - 1]!.children;
    target.push(frame.element.type === "paneldynamic" ? { ...frame.element, templateElements: frame.children } : { ...frame.element, elements: frame.children });
  }
  flushLoose();
  const title = settings.get("form_title");
  return { ...(title ? { title } : {}), pages };
}

function escapeHtml(text: string): string {
  return `<p>${text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`)}</p>`;
}
