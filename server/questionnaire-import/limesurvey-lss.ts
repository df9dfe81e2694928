/**
 * A LimeSurvey survey structure export (.lss, XML) as a SurveyJS survey: question groups become
 * pages, questions keep their codes as names and their answer codes as values, subquestions
 * become the rows of arrays or the options of multiple choice, mandatory questions are required,
 * relevance equations become `visibleIf` where they translate (see limesurvey-expressions.ts),
 * and texts keep their German and English versions. Both layouts are read: LimeSurvey 3 (texts
 * in the rows, one row per language) and LimeSurvey 4–6 (texts in the `*_l10ns` tables).
 *
 * The XML may not declare a DOCTYPE or entities (no .lss does; it is how entity-expansion
 * attacks work), and is checked for absurd nesting before it is parsed.
 *
 * @example
 * const survey = surveyFromLimeSurvey(await file.text(), report); // { title, pages: [{ name: "G1", elements: [...] }] }
 */
import { XMLParser } from "fast-xml-parser";
import { ImportReport } from "./import-report.ts";
import { MAX_ELEMENTS, questionnaireTooLarge, unreadableQuestionnaire } from "./import-limits.ts";
import { convertExpression, type CodeLookup } from "./limesurvey-expressions.ts";
import { clip, hasFormatting, htmlToText } from "./localized-text.ts";
import { safeHtml } from "./safe-html.ts";

type Json = Record<string, unknown>;
type Row = Record<string, string>;

/** An LSS document is a handful of levels deep (document → table → rows → row → field). */
const MAX_XML_DEPTH = 16;

const invalidXml = (reason: string) =>
  unreadableQuestionnaire("invalid_xml", { de: `Die Datei ist kein lesbares XML: ${reason}`, en: `The file is not readable XML: ${reason}` });

/** Refuses DOCTYPEs (entity expansion) and nesting deeper than any .lss, in one linear pass. */
function checkXmlShape(xml: string): void {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) {
    throw unreadableQuestionnaire("invalid_xml", {
      de: "XML mit DOCTYPE- oder ENTITY-Deklarationen wird aus Sicherheitsgründen nicht gelesen; LimeSurvey-Exporte enthalten keine.",
      en: "XML with DOCTYPE or ENTITY declarations is not read for safety reasons; LimeSurvey exports contain none.",
    });
  }
  let depth = 0;
  let at = 0;
  while ((at = xml.indexOf("<", at)) >= 0) {
    const next = xml[at + 1];
    if (next === "!") {
      const end = xml.startsWith("<![CDATA[", at) ? xml.indexOf("]]>", at) : xml.indexOf(">", at);
      if (end < 0) throw invalidXml("unterminated section");
      at = end + 1;
      continue;
    }
    const close = xml.indexOf(">", at);
    if (close < 0) throw invalidXml("unterminated tag");
    if (next === "/") depth--;
    else if (next !== "?" && xml[close - 1] !== "/") depth++;
    if (depth > MAX_XML_DEPTH) throw questionnaireTooLarge({ de: `XML ist mehr als ${MAX_XML_DEPTH} Ebenen tief verschachtelt`, en: `XML is nested more than ${MAX_XML_DEPTH} levels deep` });
    at = close + 1;
  }
}

function rowsOf(document: Json, table: string): Row[] {
  const section = document[table] as Json | undefined;
  const rows = (section?.rows as Json | undefined)?.row;
  const list = Array.isArray(rows) ? rows : rows ? [rows] : [];
  return list.map((row) => Object.fromEntries(Object.entries(row as Json).map(([key, value]) => [key, value === undefined || value === null ? "" : String(value)])));
}

/** Texts per language: `{ de: "…", en: "…" }` as SurveyJS takes them; one language: a plain string. */
function localized(texts: Map<string, string>, toText: (html: string) => string = (html) => htmlToText(html)): string | Record<string, string> | undefined {
  const entries = [...texts.entries()].map(([language, text]) => [language.split("-")[0]!.toLowerCase(), toText(text)] as const).filter(([, text]) => text !== "");
  if (entries.length === 0) return undefined;
  if (entries.length === 1) return entries[0]![1];
  return Object.fromEntries(entries);
}

interface Question {
  qid: string;
  gid: string;
  type: string;
  code: string;
  order: number;
  mandatory: string;
  other: string;
  relevance: string;
  preg: string;
  texts: Map<string, string>;
  help: Map<string, string>;
}

interface Option {
  code: string;
  order: number;
  scale: number;
  texts: Map<string, string>;
  relevance?: string;
}

const ARRAY_POINTS: Record<string, number> = { A: 5, B: 10 };
const FIXED_COLUMNS: Record<string, [string, { de: string; en: string }][]> = {
  C: [["Y", { de: "Ja", en: "Yes" }], ["N", { de: "Nein", en: "No" }], ["U", { de: "Unsicher", en: "Uncertain" }]],
  E: [["I", { de: "Mehr", en: "Increase" }], ["S", { de: "Gleich", en: "Same" }], ["D", { de: "Weniger", en: "Decrease" }]],
};

/** Question attributes that only change how LimeSurvey lays out, counts or prints: nothing to report. */
const COSMETIC_ATTRIBUTES = new Set([
  "cssclass", "hidden", "hide_tip", "page_break", "printable_help", "public_statistics", "random_group", "save_as_default", "scale_export",
  "statistics_graphtype", "statistics_showgraph", "statistics_showmap", "display_type", "input_size", "text_input_width", "text_input_columns",
  "display_rows", "clear_default", "answer_width", "answer_width_bycolumn", "label_input_columns", "display_columns", "question_template",
  "use_dropdown", "dropdown_size", "dropdown_prefix", "category_separator", "prefix", "suffix", "numbers_only", "maximum_chars", "location_mapservice",
  "repeat_headers", "alphasort", "commented_checkbox", "commented_checkbox_auto", "other_comment_mandatory", "other_numbers_only", "other_position",
  "other_position_code", "image", "image_cssclass", "time_limit_action", "encrypted", "em_validation_q_tip", "em_validation_sq_tip", "showpopups",
  "samechoiceheight", "samelistheight", "choice_title", "rank_title", "button_size", "max_subquestions", "parent_order", "answer_order",
]);

/** Reads the file into a SurveyJS survey; throws 400 `invalid_xml` / `not_a_limesurvey_survey`. */
export function surveyFromLimeSurvey(xml: string, report: ImportReport): Json {
  checkXmlShape(xml);
  let parsed: Json;
  try {
    parsed = new XMLParser({ ignoreAttributes: true, parseTagValue: false, trimValues: true, processEntities: true }).parse(xml, true) as Json;
  } catch (error) {
    throw invalidXml(error instanceof Error ? error.message.split("\n")[0]! : String(error));
  }
  const document = parsed.document as Json | undefined;
  if (!document || typeof document !== "object" || String(document.LimeSurveyDocType ?? "") !== "Survey") {
    throw unreadableQuestionnaire("not_a_limesurvey_survey", {
      de: "Das ist kein LimeSurvey-Umfrageexport (.lss): Das Element „LimeSurveyDocType“ mit dem Wert „Survey“ fehlt.",
      en: 'This is not a LimeSurvey survey export (.lss): the element "LimeSurveyDocType" with the value "Survey" is missing.',
    });
  }

  const groupRows = rowsOf(document, "groups");
  const questionRows = rowsOf(document, "questions");
  const subquestionRows = rowsOf(document, "subquestions");
  if (questionRows.length + subquestionRows.length > MAX_ELEMENTS * 5) {
    throw questionnaireTooLarge({ de: `mehr als ${MAX_ELEMENTS} Fragen`, en: `more than ${MAX_ELEMENTS} questions` });
  }
  const questionTexts = rowsOf(document, "question_l10ns");
  const answerRows = rowsOf(document, "answers");
  const answerTexts = rowsOf(document, "answer_l10ns");
  const groupTexts = rowsOf(document, "group_l10ns");
  const attributes = rowsOf(document, "question_attributes");
  const settings = rowsOf(document, "surveys_languagesettings");

  // Texts of LimeSurvey 4–6 sit in *_l10ns; in LimeSurvey 3 each row carries its language.
  const textsByQid = new Map<string, { question: Map<string, string>; help: Map<string, string> }>();
  const addQuestionText = (qid: string, language: string, question: string, help: string) => {
    const entry = textsByQid.get(qid) ?? { question: new Map(), help: new Map() };
    if (language) {
      entry.question.set(language, question);
      if (help) entry.help.set(language, help);
    }
    textsByQid.set(qid, entry);
  };
  for (const row of questionTexts) addQuestionText(row.qid!, row.language ?? "", row.question ?? "", row.help ?? "");
  for (const row of [...questionRows, ...subquestionRows]) if (row.question !== undefined) addQuestionText(row.qid!, row.language ?? "", row.question ?? "", row.help ?? "");

  const toQuestion = (row: Row): Question => ({
    qid: row.qid!,
    gid: row.gid ?? "",
    type: row.type ?? "",
    code: row.title ?? "",
    order: Number(row.question_order ?? 0),
    mandatory: row.mandatory ?? "N",
    other: row.other ?? "N",
    relevance: row.relevance ?? "",
    preg: row.preg ?? "",
    texts: textsByQid.get(row.qid!)?.question ?? new Map(),
    help: textsByQid.get(row.qid!)?.help ?? new Map(),
  });
  const unique = <T extends { qid?: string }>(list: T[]) => [...new Map(list.map((entry) => [entry.qid, entry])).values()];
  const questions = unique(questionRows.filter((row) => !row.parent_qid || row.parent_qid === "0").map(toQuestion)).sort((a, b) => a.order - b.order);
  const subquestions = new Map<string, Option[]>();
  for (const row of unique(subquestionRows)) {
    const list = subquestions.get(row.parent_qid!) ?? [];
    list.push({ code: row.title ?? "", order: Number(row.question_order ?? 0), scale: Number(row.scale_id ?? 0), texts: textsByQid.get(row.qid!)?.question ?? new Map(), relevance: row.relevance });
    subquestions.set(row.parent_qid!, list);
  }

  const answerTextById = new Map<string, Map<string, string>>();
  for (const row of answerTexts) {
    const texts = answerTextById.get(row.aid!) ?? new Map<string, string>();
    texts.set(row.language ?? "", row.answer ?? "");
    answerTextById.set(row.aid!, texts);
  }
  const answers = new Map<string, Option[]>();
  for (const row of answerRows) {
    const list = answers.get(row.qid!) ?? [];
    const key = `${row.code}@${row.scale_id ?? 0}`;
    let option = list.find((candidate) => `${candidate.code}@${candidate.scale}` === key);
    if (!option) {
      option = { code: row.code ?? "", order: Number(row.sortorder ?? 0), scale: Number(row.scale_id ?? 0), texts: new Map() };
      list.push(option);
    }
    if (row.aid && answerTextById.has(row.aid)) for (const [language, text] of answerTextById.get(row.aid)!) option.texts.set(language, text);
    if (row.answer !== undefined && row.language) option.texts.set(row.language, row.answer);
    answers.set(row.qid!, list);
  }
  const attributesOf = new Map<string, Row[]>();
  for (const row of attributes) attributesOf.set(row.qid!, [...(attributesOf.get(row.qid!) ?? []), row]);

  // What a code in an equation stands for.
  const byCode = new Map(questions.map((question) => [question.code, question]));
  const lookup: CodeLookup = {
    resolve(name) {
      if (byCode.has(name)) return { kind: "question", name };
      const split = name.lastIndexOf("_");
      if (split > 0) {
        const parent = byCode.get(name.slice(0, split));
        const part = name.slice(split + 1);
        if (parent && (subquestions.get(parent.qid) ?? []).some((sub) => sub.code === part)) {
          return ["M", "P"].includes(parent.type) ? { kind: "option", question: parent.code, option: part } : { kind: "row", question: parent.code, row: part };
        }
      }
      return null;
    },
  };

  const convertCondition = (code: string, relevance: string, property: string): string | undefined => {
    const converted = convertExpression(relevance, lookup);
    if (converted === null) {
      report.dropped(code, property, {
        de: `Die Relevanzgleichung „${clip(relevance, 120)}“ lässt sich nicht sicher übertragen; die Frage wird immer gezeigt`,
        en: `The relevance equation "${clip(relevance, 120)}" cannot be converted safely; the question is always shown`,
      });
      return undefined;
    }
    return converted || undefined;
  };

  const optionList = (options: Option[] | undefined, scale = 0) =>
    (options ?? [])
      .filter((option) => option.scale === scale)
      .sort((a, b) => a.order - b.order)
      .map((option) => ({ value: option.code, text: localized(option.texts) ?? option.code }));

  const elementOf = (question: Question): Json | null => {
    const code = question.code;
    const title = localized(question.texts);
    const raw = [...question.texts.values()].join(" ");
    if (hasFormatting(raw) && question.type !== "X") report.changed(code, { de: "Formatierungen im Fragetext (HTML) wurden entfernt", en: "Formatting in the question text (HTML) was removed" }, "title");
    const base: Json = { name: code, ...(title ? { title } : {}) };
    const help = localized(question.help);
    if (help) base.description = help;
    if (question.mandatory === "Y") base.isRequired = true;
    if (question.mandatory === "S") report.changed(code, { de: "„Weiche“ Pflichtfrage: bleibt freiwillig", en: "Soft mandatory question: stays optional" }, "mandatory");
    const condition = convertCondition(code, question.relevance, "relevance");
    if (condition) base.visibleIf = condition;
    const subs = (subquestions.get(question.qid) ?? []).sort((a, b) => a.order - b.order);
    const rows = subs.filter((sub) => sub.scale === 0).map((sub) => ({ value: sub.code, text: localized(sub.texts) ?? sub.code }));
    const other = question.other === "Y";
    const withOther = (element: Json) => (other ? { ...element, showOtherItem: true } : element);
    switch (question.type) {
      case "L":
        return withOther({ ...base, type: "radiogroup", choices: optionList(answers.get(question.qid)) });
      case "!":
        return withOther({ ...base, type: "dropdown", choices: optionList(answers.get(question.qid)) });
      case "O":
        return { ...base, type: "radiogroup", choices: optionList(answers.get(question.qid)), showCommentArea: true };
      case "M":
        return withOther({ ...base, type: "checkbox", choices: rows });
      case "P":
        report.dropped(code, "comments", { de: "Kommentare je Option gibt es in SurveyJS nicht", en: "SurveyJS has no comment per option" });
        return withOther({ ...base, type: "checkbox", choices: rows });
      case "S":
        return { ...base, type: "text" };
      case "T":
      case "U":
        return { ...base, type: "comment" };
      case "N":
        return { ...base, type: "text", inputType: "number" };
      case "D":
        return { ...base, type: "text", inputType: "date" };
      case "K":
        return { ...base, type: "multipletext", items: rows.map((row) => ({ name: row.value, title: row.text, inputType: "number" })) };
      case "Q":
        return { ...base, type: "multipletext", items: rows.map((row) => ({ name: row.value, title: row.text })) };
      case "G":
        return { ...base, type: "radiogroup", choices: [{ value: "F", text: { de: "Weiblich", en: "Female" } }, { value: "M", text: { de: "Männlich", en: "Male" } }] };
      case "Y":
        return { ...base, type: "radiogroup", choices: [{ value: "Y", text: { de: "Ja", en: "Yes" } }, { value: "N", text: { de: "Nein", en: "No" } }] };
      case "5":
        return { ...base, type: "rating", rateMin: 1, rateMax: 5 };
      case "A":
      case "B":
        return { ...base, type: "matrix", rows, columns: Array.from({ length: ARRAY_POINTS[question.type]! }, (_, index) => index + 1) };
      case "C":
      case "E":
        return { ...base, type: "matrix", rows, columns: FIXED_COLUMNS[question.type]!.map(([value, text]) => ({ value, text })) };
      case "F":
        return { ...base, type: "matrix", rows, columns: optionList(answers.get(question.qid)) };
      case "H":
        report.changed(code, { de: "Matrix nach Spalten wird als Matrix nach Zeilen gezeigt (gleiche Codes)", en: "Array by column is shown as an array by rows (same codes)" });
        return { ...base, type: "matrix", rows, columns: optionList(answers.get(question.qid)) };
      case "1":
        return {
          ...base,
          type: "matrixdropdown",
          rows,
          columns: [
            { name: "0", title: { de: "Skala 1", en: "Scale 1" }, cellType: "dropdown", choices: optionList(answers.get(question.qid), 0) },
            { name: "1", title: { de: "Skala 2", en: "Scale 2" }, cellType: "dropdown", choices: optionList(answers.get(question.qid), 1) },
          ],
        };
      case ":":
      case ";": {
        const columns = subs.filter((sub) => sub.scale === 1).map((sub) => ({ name: sub.code, title: localized(sub.texts) ?? sub.code, cellType: "text", ...(question.type === ":" ? { inputType: "number" } : {}) }));
        return { ...base, type: "matrixdropdown", rows, columns };
      }
      case "R":
        return { ...base, type: "ranking", choices: optionList(answers.get(question.qid)) };
      case "X": {
        const html = localized(question.texts, (text) => text);
        const texts = typeof html === "string" ? { default: html } : (html ?? {});
        const cleaned: Record<string, string> = {};
        for (const [language, text] of Object.entries(texts)) {
          const safe = safeHtml(text);
          if (safe.refused) {
            report.skipped(code, { de: "Texthinweis mit Skripten oder aktiven Inhalten wird nicht angezeigt", en: "Text display with scripts or active content is not shown" });
            return null;
          }
          cleaned[language] = safe.html;
        }
        return { name: code, type: "html", html: typeof html === "string" ? cleaned.default : cleaned, ...(base.visibleIf ? { visibleIf: base.visibleIf } : {}) };
      }
      case "*":
        report.changed(code, { de: "Gleichungsfrage wird nicht berechnet (nur Anzeige)", en: "Equation question is not computed (display only)" });
        return null;
      case "|":
        report.skipped(code, { de: "Datei-Uploads werden nicht angeboten: Antworten werden ohne Dateien gespeichert", en: "File uploads are not offered: answers are stored without files" });
        return null;
      case "I":
        report.skipped(code, { de: "Die Sprachumschaltung übernimmt die Befragungsseite selbst", en: "The survey page switches languages itself" });
        return null;
      default:
        report.skipped(code, { de: `Den LimeSurvey-Fragetyp „${question.type}“ kennt Kanon nicht`, en: `Kanon does not know the LimeSurvey question type "${question.type}"` });
        return null;
    }
  };

  const applyAttributes = (element: Json, question: Question) => {
    const code = question.code;
    if (question.preg) element.validators = [...((element.validators as Json[]) ?? []), { type: "regex", regex: question.preg }];
    for (const attribute of attributesOf.get(question.qid) ?? []) {
      const name = attribute.attribute ?? "";
      const value = (attribute.value ?? "").trim();
      if (value === "" || value === "0" || value === "N" || COSMETIC_ATTRIBUTES.has(name) || name.startsWith("statistics_") || name.startsWith("time_limit")) continue;
      if (name === "min_answers" && /^\d+$/.test(value)) element.minSelectedChoices = Number(value);
      else if (name === "max_answers" && /^\d+$/.test(value)) element.maxSelectedChoices = Number(value);
      else if (name === "min_num_value_n" && /^-?\d+(\.\d+)?$/.test(value)) element.min = Number(value);
      else if (name === "max_num_value_n" && /^-?\d+(\.\d+)?$/.test(value)) element.max = Number(value);
      else if (name === "random_order" || name === "answer_order") element.choicesOrder = "random";
      else report.dropped(code, name, { de: `Die LimeSurvey-Einstellung hat keine Entsprechung in SurveyJS (Wert: ${clip(value, 60)})`, en: `The LimeSurvey setting has no SurveyJS counterpart (value: ${clip(value, 60)})` });
    }
  };

  const groupTextById = new Map<string, { name: Map<string, string>; description: Map<string, string> }>();
  for (const row of [...groupTexts, ...groupRows]) {
    if (row.group_name === undefined) continue;
    const entry = groupTextById.get(row.gid!) ?? { name: new Map(), description: new Map() };
    entry.name.set(row.language ?? "", row.group_name);
    if (row.description) entry.description.set(row.language ?? "", row.description);
    groupTextById.set(row.gid!, entry);
  }
  const groups = [...new Map(groupRows.map((row) => [row.gid!, row])).values()].sort((a, b) => Number(a.group_order ?? 0) - Number(b.group_order ?? 0));
  const pages = groups.map((group) => {
    const texts = groupTextById.get(group.gid!);
    const pageCondition = group.grelevance ? convertCondition(`Gruppe ${group.gid}`, group.grelevance, "grelevance") : undefined;
    return {
      name: `G${group.gid}`,
      ...(texts && localized(texts.name) ? { title: localized(texts.name) } : {}),
      ...(texts && localized(texts.description) ? { description: localized(texts.description) } : {}),
      ...(pageCondition ? { visibleIf: pageCondition } : {}),
      elements: questions
        .filter((question) => question.gid === group.gid)
        .map((question) => {
          const element = elementOf(question);
          if (element) applyAttributes(element, question);
          return element;
        })
        .filter((element): element is Json => element !== null),
    };
  });

  const title = new Map<string, string>();
  const description = new Map<string, string>();
  const endText = new Map<string, string>();
  for (const row of settings) {
    const language = row.surveyls_language ?? "";
    if (row.surveyls_title) title.set(language, row.surveyls_title);
    if (row.surveyls_description) description.set(language, row.surveyls_description);
    if (row.surveyls_endtext) endText.set(language, row.surveyls_endtext);
  }
  return {
    ...(localized(title) ? { title: localized(title) } : {}),
    ...(localized(description) ? { description: localized(description) } : {}),
    ...(localized(endText) ? { completedHtml: localized(endText, (text) => text) } : {}),
    pages,
  };
}
