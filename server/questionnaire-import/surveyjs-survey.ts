/**
 * A SurveyJS survey (JSON, from SurveyJS itself or converted from LimeSurvey or XLSForm) as a
 * Kanon survey: pages of the survey's own elements, kept as they came (names, value codes,
 * panels, required flags, conditions, validators, every question type survey-core renders),
 * minus what cannot be kept safely, each listed in the report with the reason:
 *
 * - file uploads (answers hold no files), external images (blocked by the page's security
 *   policy), options loaded from the web, html with scripts or event handlers;
 * - conditions and expressions survey-core cannot parse, and regular expressions that could
 *   take exponential time (they run on the server when answers are submitted);
 * - properties survey-core does not know (e.g. from the commercial Creator);
 * - a top-level condition that refers to a later or unknown question (the builder only allows
 *   conditions on questions placed before).
 *
 * @example
 * const report = new ImportReport();
 * const { texts, structure } = await surveyFromSurveyJs(JSON.parse(text), "jugend.json", report);
 */
import { ConditionRunner, ElementFactory, ExpressionRunner, Model } from "survey-core";
import { isSafePattern } from "../lib/regex-validators.ts";
import type { SurveyElement, SurveyLogic, SurveyPage, SurveyStructure, SurveyTexts } from "../db/schema.ts";
import { ApiError } from "../lib/api-error.ts";
import "../lib/canon-survey-properties.ts";
import { elementNames, variableRoot } from "../lib/survey-structure.ts";
import { ImportReport } from "./import-report.ts";
import { cooperative, MAX_DEPTH, MAX_ELEMENTS, MAX_EXPRESSION_CHARS, MAX_OPTIONS, questionnaireTooLarge } from "./import-limits.ts";
import { clip, htmlToText, isLocaleObject, toLocalized } from "./localized-text.ts";
import { safeHtml } from "./safe-html.ts";

type Json = Record<string, unknown>;

export interface ConvertedSurvey {
  texts: SurveyTexts;
  structure: SurveyStructure;
}

const isObject = (value: unknown): value is Json => value !== null && typeof value === "object" && !Array.isArray(value);

/** Element types survey-core renders (its own factory's list, so a new survey-core brings its new types). */
const RENDERED_TYPES: ReadonlySet<string> = new Set(ElementFactory.Instance.getAllTypes().map((type) => type.toLowerCase()));

const LEFT_OUT_TYPES: Record<string, { de: string; en: string }> = {
  file: {
    de: "Datei-Uploads werden nicht angeboten: Antworten werden ohne Dateien gespeichert",
    en: "File uploads are not offered: answers are stored without files",
  },
};

const VALIDATOR_TYPES = new Set(["numeric", "text", "answercount", "regex", "email", "expression"]);
const TRIGGER_TYPES = new Set(["complete", "setvalue", "copyvalue", "skip", "runexpression"]);
/** Arrays of nested elements whose names are answer keys of the survey (static panels). */
const PANEL_CHILDREN = ["elements", "questions"];
const OPTION_ARRAYS = new Set(["choices", "rows", "columns", "rateValues", "items"]);

/** Keys whose text is a condition (true/false). */
const isConditionKey = (key: string) => /If$/.test(key);
/** Keys whose text is an expression (a value). */
const isExpressionKey = (key: string) => key === "expression" || /Expression$/.test(key);

const SURVEY_APPEARANCE = new Set([
  "logoPosition", "logo", "logoWidth", "logoHeight", "logoFit", "showQuestionNumbers", "showProgressBar", "progressBarType", "widthMode", "width",
  "headerView", "checkErrorsMode", "textUpdateMode", "questionErrorLocation", "questionTitleLocation", "questionDescriptionLocation", "showTitle",
  "showPageTitles", "showPageNumbers", "showCompletedPage", "completeText", "pageNextText", "pagePrevText", "startSurveyText", "showNavigationButtons",
  "showPrevButton", "goNextPageAutomatic", "autoAdvanceEnabled", "questionsOnPageMode", "firstPageIsStarted", "focusFirstQuestionAutomatic",
  "requiredText", "questionTitlePattern", "showTOC", "tocLocation", "clearInvisibleValues", "storeOthersAsComment", "maxTextLength", "showPreviewBeforeComplete",
  "previewText", "editText", "questionStartIndex", "showQuestionNumbersOnPage", "navigateToUrl", "showTimer", "showTimerPanel", "timeLimit", "timeLimitPerPage",
  "maxTimeToFinish", "maxTimeToFinishPage", "showBrandInfo", "cookieName", "sendResultOnPageNext", "surveyId", "surveyPostId", "surveyShowDataSaving",
  "mode", "locale", "completedBeforeHtml", "loadingHtml", "completedHtmlOnCondition", "navigateToUrlOnCondition", "questionsOrder", "checkErrorsMode",
]);

function conditionParses(text: string): boolean {
  return text.length <= MAX_EXPRESSION_CHARS && new ConditionRunner(text).canRun();
}

function expressionParses(text: string): boolean {
  return text.length <= MAX_EXPRESSION_CHARS && new ExpressionRunner(text).canRun();
}

/** Checks the size of the survey before any real work: elements, nesting and options. */
function measure(survey: Json): void {
  let elements = 0;
  let options = 0;
  const stack: { node: unknown; depth: number }[] = [];
  for (const page of Array.isArray(survey.pages) ? survey.pages : []) {
    if (isObject(page)) for (const key of PANEL_CHILDREN) if (Array.isArray(page[key])) for (const child of page[key]) stack.push({ node: child, depth: 1 });
  }
  for (const key of PANEL_CHILDREN) if (Array.isArray(survey[key])) for (const child of survey[key] as unknown[]) stack.push({ node: child, depth: 1 });
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (!isObject(node)) continue;
    elements += 1;
    if (elements > MAX_ELEMENTS) {
      throw questionnaireTooLarge({ de: `mehr als ${MAX_ELEMENTS} Fragen und Abschnitte`, en: `more than ${MAX_ELEMENTS} questions and sections` });
    }
    if (depth > MAX_DEPTH) {
      throw questionnaireTooLarge({ de: `Abschnitte sind mehr als ${MAX_DEPTH} Ebenen tief verschachtelt`, en: `sections are nested more than ${MAX_DEPTH} levels deep` });
    }
    for (const [key, value] of Object.entries(node)) {
      if (!Array.isArray(value)) continue;
      if (OPTION_ARRAYS.has(key)) options += value.length;
      if (PANEL_CHILDREN.includes(key) || key === "templateElements") for (const child of value) stack.push({ node: child, depth: depth + 1 });
    }
    if (options > MAX_OPTIONS) {
      throw questionnaireTooLarge({ de: `mehr als ${MAX_OPTIONS} Antwortoptionen, Zeilen und Spalten`, en: `more than ${MAX_OPTIONS} answer options, rows and columns` });
    }
  }
}

/** Cleans one element (question or panel) and what it holds; returns null when it cannot be kept at all. */
class ElementCleaner {
  private generated = 0;

  constructor(
    private readonly report: ImportReport,
    /** Names already used in the survey (answer keys must be unique). */
    private readonly taken: Set<string>,
  ) {}

  /** A unique answer key: the original name, or one made up when it is missing or taken (reported). */
  private nameFor(element: Json, scope: Set<string>, where: string): string {
    const original = typeof element.name === "string" ? element.name.trim() : typeof element.name === "number" ? String(element.name) : "";
    let name = original;
    if (!name) {
      do name = `frage_${++this.generated}`;
      while (scope.has(name));
      this.report.changed(name, { de: `hatte keinen Namen${where}; sie heißt jetzt „${name}“`, en: `had no name${where}; it is now called "${name}"` }, "name");
    } else if (scope.has(name)) {
      let n = 2;
      while (scope.has(`${original}_${n}`)) n++;
      name = `${original}_${n}`;
      this.report.changed(original, {
        de: `Der Name „${original}“ kommt mehrfach vor; diese Frage heißt jetzt „${name}“`,
        en: `The name "${original}" occurs more than once; this question is now called "${name}"`,
      }, "name");
    }
    scope.add(name);
    return name;
  }

  /**
   * The element cleaned, or null. `scope` holds the names of its siblings' answers: the survey's
   * for pages and panels, the section's for the questions of a repeatable section.
   */
  clean(source: unknown, scope: Set<string>, where = ""): Json | null {
    if (!isObject(source)) {
      this.report.skipped("", { de: `Ein Eintrag${where} ist kein Element und wurde ausgelassen`, en: `An entry${where} is not an element and was left out` });
      return null;
    }
    const element: Json = { ...source };
    const type = typeof element.type === "string" ? element.type.trim().toLowerCase() : "";
    const label = typeof element.name === "string" && element.name ? element.name : String(toLocalized(element.title)?.de ?? "?");
    if (!type) {
      this.report.skipped(label, { de: "hat keinen Fragetyp („type“)", en: 'has no question type ("type")' });
      return null;
    }
    if (LEFT_OUT_TYPES[type]) {
      this.report.skipped(label, LEFT_OUT_TYPES[type]!);
      return null;
    }
    if (!RENDERED_TYPES.has(type)) {
      this.report.skipped(label, { de: `Den Fragetyp „${type}“ kann SurveyJS nicht anzeigen`, en: `SurveyJS cannot show the question type "${type}"` });
      return null;
    }
    element.type = type;
    if (type === "image" && !(typeof element.imageLink === "string" && /^data:image\//i.test(element.imageLink))) {
      this.report.skipped(label, {
        de: "Bilder von anderen Seiten blockiert die Sicherheitsrichtlinie der Befragungsseite",
        en: "Images from other sites are blocked by the survey page's security policy",
      });
      return null;
    }
    const name = this.nameFor(element, scope, where);
    element.name = name;
    if (!this.cleanProperties(element, name)) return null;

    if (type === "panel") {
      const children = [...(Array.isArray(element.elements) ? element.elements : []), ...(Array.isArray(element.questions) ? element.questions : [])];
      delete element.questions;
      element.elements = children.map((child) => this.clean(child, scope, ` (in „${name}“)`)).filter((child): child is Json => child !== null);
    }
    if (type === "paneldynamic" && Array.isArray(element.templateElements)) {
      const inner = new Set<string>();
      element.templateElements = element.templateElements.map((child) => this.clean(child, inner, ` (in „${name}“)`)).filter((child): child is Json => child !== null);
    }
    return element;
  }

  /**
   * Drops what cannot be kept from an element's own properties and from the objects inside them
   * (choices, columns, validators); false when the element as a whole must go.
   */
  private cleanProperties(element: Json, name: string): boolean {
    const drop = (key: string, reason: { de: string; en: string }) => {
      delete element[key];
      this.report.dropped(name, key, reason);
    };
    for (const key of Object.keys(element)) {
      const value = element[key];
      if (key === "choicesByUrl") {
        drop(key, { de: "Antwortoptionen aus dem Netz lädt die Befragungsseite nicht (Sicherheitsrichtlinie)", en: "The survey page does not load answer options from the web (security policy)" });
      } else if (key === "valueName" || key === "valuePropertyName") {
        drop(key, { de: "Antworten werden unter dem Namen der Frage gespeichert", en: "Answers are stored under the question's name" });
      } else if (/html$/i.test(key) && (typeof value === "string" || isLocaleObject(value))) {
        const texts = typeof value === "string" ? { default: value } : value;
        const cleaned: Record<string, string> = {};
        let refused = false;
        let changed = false;
        for (const [locale, text] of Object.entries(texts)) {
          const safe = safeHtml(text);
          refused ||= safe.refused;
          changed ||= safe.changed;
          cleaned[locale] = safe.html;
        }
        if (refused) {
          if (element.type === "html") {
            this.report.skipped(name, { de: "enthält Skripte oder aktive Inhalte und wird nicht angezeigt", en: "contains scripts or active content and is not shown" });
            return false;
          }
          drop(key, { de: "enthält Skripte oder aktive Inhalte", en: "contains scripts or active content" });
          continue;
        }
        element[key] = typeof value === "string" ? cleaned.default : cleaned;
        if (changed) this.report.changed(name, { de: "Bilder, Stile und unsichere Auszeichnungen wurden entfernt", en: "Images, styles and unsafe markup were removed" }, key);
      } else if ((isConditionKey(key) || isExpressionKey(key)) && typeof value === "string") {
        if (value.trim() === "") delete element[key];
        else if (!(isConditionKey(key) ? conditionParses(value) : expressionParses(value))) {
          drop(key, { de: `Der Ausdruck „${clip(value, 120)}“ ist für SurveyJS nicht lesbar`, en: `SurveyJS cannot read the expression "${clip(value, 120)}"` });
        }
      } else if (key === "validators" && Array.isArray(value)) {
        element.validators = value.filter((validator) => this.keepValidator(validator, name));
      } else if (Array.isArray(value) && key !== "elements" && key !== "questions" && key !== "templateElements") {
        for (const entry of value) if (isObject(entry)) this.cleanNested(entry, name, key);
      } else if (isObject(value) && !isLocaleObject(value)) {
        this.cleanNested(value, name, key);
      }
    }
    return true;
  }

  /** Choices, columns, rows, items, detail panels: the same rules, reported under the question. */
  private cleanNested(node: Json, name: string, path: string): void {
    for (const key of Object.keys(node)) {
      const value = node[key];
      const property = `${path}.${key}`;
      if (key === "imageLink" && typeof value === "string" && !/^data:image\//i.test(value)) {
        delete node[key];
        this.report.dropped(name, property, { de: "Bilder von anderen Seiten blockiert die Sicherheitsrichtlinie", en: "Images from other sites are blocked by the security policy" });
      } else if (key === "choicesByUrl") {
        delete node[key];
        this.report.dropped(name, property, { de: "Antwortoptionen aus dem Netz lädt die Befragungsseite nicht", en: "The survey page does not load answer options from the web" });
      } else if (/html$/i.test(key) && typeof value === "string") {
        const safe = safeHtml(value);
        if (safe.refused) {
          delete node[key];
          this.report.dropped(name, property, { de: "enthält Skripte oder aktive Inhalte", en: "contains scripts or active content" });
        } else node[key] = safe.html;
      } else if ((isConditionKey(key) || isExpressionKey(key)) && typeof value === "string" && value.trim() !== "") {
        if (!(isConditionKey(key) ? conditionParses(value) : expressionParses(value))) {
          delete node[key];
          this.report.dropped(name, property, { de: `Der Ausdruck „${clip(value, 120)}“ ist für SurveyJS nicht lesbar`, en: `SurveyJS cannot read the expression "${clip(value, 120)}"` });
        }
      } else if (key === "validators" && Array.isArray(value)) {
        node.validators = value.filter((validator) => this.keepValidator(validator, name));
      } else if (Array.isArray(value)) {
        for (const entry of value) if (isObject(entry)) this.cleanNested(entry, name, `${path}.${key}`);
      } else if (isObject(value) && !isLocaleObject(value)) {
        this.cleanNested(value, name, property);
      }
    }
  }

  private keepValidator(validator: unknown, name: string): boolean {
    if (!isObject(validator)) return false;
    const type = String(validator.type ?? "").toLowerCase();
    if (!VALIDATOR_TYPES.has(type)) {
      this.report.dropped(name, "validators", { de: `Die Prüfung „${type || "?"}“ kennt SurveyJS nicht`, en: `SurveyJS does not know the check "${type || "?"}"` });
      return false;
    }
    validator.type = type;
    if (type === "regex") {
      const pattern = String(validator.regex ?? "");
      if (!isSafePattern(pattern)) {
        this.report.dropped(name, "validators", {
          de: `Das Muster „${clip(pattern, 80)}“ ist ungültig oder könnte die Prüfung beim Absenden lahmlegen`,
          en: `The pattern "${clip(pattern, 80)}" is invalid or could stall the check on submission`,
        });
        return false;
      }
    }
    if (type === "expression" && typeof validator.expression === "string" && !conditionParses(validator.expression)) {
      this.report.dropped(name, "validators", {
        de: `Die Prüfung „${clip(validator.expression, 120)}“ ist für SurveyJS nicht lesbar`,
        en: `SurveyJS cannot read the check "${clip(validator.expression, 120)}"`,
      });
      return false;
    }
    return true;
  }
}

/** Removes the properties survey-core reports as unknown, reporting them under the element's name. */
function dropUnknownProperties(element: Json, report: ImportReport): void {
  for (let round = 0; round < 5; round++) {
    const model = new Model({ elements: [element] });
    const unknown = (model.jsonErrors ?? []).filter(
      (error) => (error as { type?: string }).type === "unknownproperty" || /unknown property/i.test(String((error as { message?: string }).message)),
    ) as unknown as { propertyName: string; jsonObj: Json }[];
    const removable = unknown.filter((error) => error.jsonObj && error.propertyName in error.jsonObj);
    if (removable.length === 0) return;
    for (const error of removable) {
      delete error.jsonObj[error.propertyName];
      report.dropped(String(element.name ?? ""), error.propertyName, {
        de: "Diese Eigenschaft kennt SurveyJS nicht (z. B. aus einem Zusatzprodukt)",
        en: "SurveyJS does not know this property (e.g. from an add-on product)",
      });
    }
  }
}

function cleanLogic(survey: Json, report: ImportReport): SurveyLogic {
  const logic: SurveyLogic = {};
  if (Array.isArray(survey.calculatedValues)) {
    logic.calculatedValues = survey.calculatedValues.filter((value): value is Json => {
      const ok = isObject(value) && typeof value.name === "string" && typeof value.expression === "string" && expressionParses(value.expression);
      if (!ok) report.dropped("", "calculatedValues", { de: "Ein berechneter Wert ist unvollständig oder nicht lesbar", en: "A calculated value is incomplete or cannot be read" });
      return ok;
    });
  }
  if (Array.isArray(survey.triggers)) {
    logic.triggers = survey.triggers.filter((trigger): trigger is Json => {
      if (!isObject(trigger)) return false;
      const type = String(trigger.type ?? "").toLowerCase();
      if (!TRIGGER_TYPES.has(type)) {
        report.dropped("", "triggers", { de: `Den Auslöser „${type || "?"}“ übernimmt Kanon nicht`, en: `Kanon does not take the trigger "${type || "?"}"` });
        return false;
      }
      const expressions = [trigger.expression, trigger.runExpression, trigger.setValueExpression].filter((text): text is string => typeof text === "string");
      if (typeof trigger.expression !== "string" || !expressions.every((text, index) => (index === 0 ? conditionParses(text) : expressionParses(text)))) {
        report.dropped("", "triggers", { de: `Ein Auslöser „${type}“ hat keine lesbare Bedingung`, en: `A "${type}" trigger has no readable condition` });
        return false;
      }
      trigger.type = type;
      return true;
    });
  }
  if (!logic.calculatedValues?.length) delete logic.calculatedValues;
  if (!logic.triggers?.length) delete logic.triggers;
  return logic;
}

const PAGE_ID = /[^A-Za-z0-9_.-]+/g;

function surveyTexts(survey: Json, fallbackTitle: string): SurveyTexts {
  const title = toLocalized(survey.title) ?? { de: fallbackTitle, en: fallbackTitle };
  const intro = toLocalized(survey.description);
  const completed = toLocalized(survey.completedHtml);
  const closing = completed ? { de: htmlToText(completed.de), en: htmlToText(completed.en) } : null;
  return {
    title: clip(title.de, 300),
    titleEn: title.en !== title.de ? clip(title.en, 300) : "",
    intro: clip(intro?.de ?? "", 10_000),
    introEn: intro && intro.en !== intro.de ? clip(intro.en, 10_000) : "",
    closingText: clip(closing?.de ?? "", 10_000),
    closingTextEn: closing && closing.en !== closing.de ? clip(closing.en, 10_000) : "",
  };
}

/**
 * Reads a parsed SurveyJS survey into the texts and structure of a Kanon survey, writing what
 * could not be kept into `report`. Throws 400 `not_a_surveyjs_survey` for anything without
 * pages or elements, `questionnaire_too_large` beyond the limits, `nothing_to_import` when no
 * element is left.
 */
export async function surveyFromSurveyJs(survey: unknown, fallbackTitle: string, report: ImportReport): Promise<ConvertedSurvey> {
  const hasList = (value: unknown) => Array.isArray(value);
  if (!isObject(survey) || !(hasList(survey.pages) || hasList(survey.elements) || hasList(survey.questions))) {
    throw new ApiError(400, "not_a_surveyjs_survey", {
      de: "Das ist keine SurveyJS-Umfrage: Erwartet wird ein JSON-Objekt mit „pages“ (Seiten mit „elements“) oder „elements“.",
      en: 'This is not a SurveyJS survey: expected a JSON object with "pages" (pages holding "elements") or "elements".',
    });
  }
  measure(survey);
  const pause = cooperative(10);
  const taken = new Set<string>();
  const cleaner = new ElementCleaner(report, taken);

  const appearance = Object.keys(survey).filter((key) => SURVEY_APPEARANCE.has(key));
  const unknownSurveyKeys = Object.keys(survey).filter(
    (key) => !SURVEY_APPEARANCE.has(key) && !["title", "description", "pages", "elements", "questions", "completedHtml", "triggers", "calculatedValues"].includes(key),
  );
  if (appearance.length > 0) {
    report.changed("", {
      de: `Darstellung und Ablauf der Umfrage legt Kanon selbst fest; nicht übernommen: ${appearance.join(", ")}`,
      en: `Kanon sets the survey's appearance and flow itself; not taken: ${appearance.join(", ")}`,
    });
  }
  for (const key of unknownSurveyKeys) report.dropped("", key, { de: "Diese Einstellung der Umfrage übernimmt Kanon nicht", en: "Kanon does not take this survey setting" });

  const sourcePages: Json[] = [
    ...(Array.isArray(survey.pages) ? survey.pages.filter(isObject) : []),
    ...(hasList(survey.elements) || hasList(survey.questions) ? [{ elements: [...((survey.elements as unknown[]) ?? []), ...((survey.questions as unknown[]) ?? [])] }] : []),
  ];
  const pageIds = new Set<string>();
  const pages: SurveyPage[] = [];
  for (const [index, page] of sourcePages.entries()) {
    let id = (typeof page.name === "string" ? page.name : "").replace(PAGE_ID, "-").replace(/^-+|-+$/g, "").slice(0, 100) || `page-${index + 1}`;
    while (pageIds.has(id)) id = `${id.slice(0, 95)}-${index + 1}`;
    pageIds.add(id);
    const title = toLocalized(page.title);
    const elements: SurveyElement[] = [];
    for (const source of [...(Array.isArray(page.elements) ? page.elements : []), ...(Array.isArray(page.questions) ? page.questions : [])]) {
      await pause();
      const element = cleaner.clean(source, taken);
      if (!element) continue;
      dropUnknownProperties(element, report);
      const { isRequired, visibleIf, ...rest } = element;
      elements.push({ element: rest, required: isRequired === true, ...(typeof visibleIf === "string" ? { visibleIf } : {}) });
    }
    const pageCondition = typeof page.visibleIf === "string" && conditionParses(page.visibleIf) ? page.visibleIf : undefined;
    if (typeof page.visibleIf === "string" && page.visibleIf.trim() && !pageCondition) {
      report.dropped(id, "visibleIf", { de: `Die Bedingung der Seite ist für SurveyJS nicht lesbar: ${clip(page.visibleIf, 120)}`, en: `SurveyJS cannot read the page's condition: ${clip(page.visibleIf, 120)}` });
    }
    for (const key of Object.keys(page)) {
      if (!["name", "title", "description", "visibleIf", "elements", "questions"].includes(key)) {
        report.dropped(id, key, { de: "Diese Einstellung der Seite übernimmt Kanon nicht", en: "Kanon does not take this page setting" });
      }
    }
    pages.push({
      id,
      title: title ? { de: clip(title.de, 500), en: clip(title.en, 500) } : null,
      ...(page.description !== undefined && (typeof page.description === "string" || isLocaleObject(page.description)) ? { description: page.description } : {}),
      ...(pageCondition ? { visibleIf: pageCondition } : {}),
      elements,
    });
  }

  const structure: SurveyStructure = { pages: pages.filter((page) => page.elements.length > 0) };
  const logic = cleanLogic(survey, report);
  if (logic.calculatedValues || logic.triggers) structure.logic = logic;
  keepOnlyEarlierConditions(structure, report);
  if (structure.pages.length === 0) {
    throw new ApiError(
      400,
      "nothing_to_import",
      { de: "Der Fragebogen enthält keine Frage, die übernommen werden kann.", en: "The questionnaire holds no question that can be taken." },
      { report: report.finish() },
    );
  }
  return { texts: surveyTexts(survey, fallbackTitle), structure };
}

/**
 * The builder lets a question's condition refer only to questions before it (so moving things
 * around cannot break a condition silently). A top-level condition that refers to a later or
 * unknown question is dropped (the question is then always shown) and reported.
 */
function keepOnlyEarlierConditions(structure: SurveyStructure, report: ImportReport): void {
  const earlier = new Set<string>();
  for (const value of structure.logic?.calculatedValues ?? []) earlier.add(String(value.name));
  for (const trigger of structure.logic?.triggers ?? []) if (typeof trigger.setToName === "string") earlier.add(trigger.setToName);
  for (const page of structure.pages) {
    for (const placed of page.elements) {
      if (!("element" in placed)) continue;
      const name = String(placed.element.name);
      if (placed.visibleIf) {
        const unknown = new ConditionRunner(placed.visibleIf).getVariables().filter((variable: string) => !earlier.has(variableRoot(variable)));
        if (unknown.length > 0 || placed.visibleIf.length > MAX_EXPRESSION_CHARS) {
          report.dropped(name, "visibleIf", {
            de: `Die Bedingung „${clip(placed.visibleIf, 120)}“ bezieht sich auf Fragen, die nicht davor stehen (${unknown.join(", ")}); die Frage wird immer gezeigt`,
            en: `The condition "${clip(placed.visibleIf, 120)}" refers to questions that do not come before it (${unknown.join(", ")}); the question is always shown`,
          });
          delete placed.visibleIf;
        }
      }
      for (const inner of elementNames(placed.element)) earlier.add(inner);
    }
  }
}
