/**
 * Plausible random answers to SurveyJS questions, valid for the definition they are drawn for:
 * choices only from the question's own options ("other" with a short text, and the exclusive
 * "none", only where the question offers them), numbers within min/max (years up to the current
 * one), ratings within the scale, matrices row by row, repeatable lists entry by entry.
 * Required questions are always answered; answers to questions a condition hides are dropped.
 *
 * Choices are not uniform: each question leans towards some options in a way fixed by its name
 * and option codes, so charts of generated data have a shape (and the same shape every time).
 * Shared by the example municipality and the benchmarks' data generator.
 *
 * @example
 * const random = seededRandom(7);
 * randomAnswer({ type: "rating", name: "network.perception", rateMin: 1, rateMax: 5 }, random); // { "network.perception": 4 }
 * answersFor(definition, random, { overrides: { "actor.institution_name": "Kita Sonnenblume" } });
 */
import { ConditionRunner } from "survey-core";
import { hashText, type Random } from "./random.ts";
import { wordSentence } from "./german-names.ts";

type Json = Record<string, unknown>;

export interface AnswerStyle {
  /** Share of optional questions left unanswered (default 0.1). */
  skip?: number;
  /** Share of choices answered with "other" and a text, where the question offers it (default 0.05). */
  other?: number;
  /** Share of answers "none of these", where a multiple choice offers it (default 0.05). */
  none?: number;
  /** The year of "today": numbers bounded by year(today()) stay at or below it (default: this year). */
  year?: number;
  /** Entries of a repeatable list (default 0–3, at least its minPanelCount). */
  panels?: readonly [number, number];
  /** Free text for a field, by its name (a question's name, or `list.field` inside lists); default: a sentence of planners' words. */
  text?: (name: string, random: Random) => string;
}

/** The option codes of a list of choices, rows or columns (objects with `value`, or bare values). */
export function valuesOf(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  return list.map((entry) => String(entry && typeof entry === "object" ? (entry as { value: unknown }).value : entry));
}

/** The questions of a definition (pages, static panels), depth first, in their order. */
export function questionsOf(definition: Json): Json[] {
  const found: Json[] = [];
  const walk = (elements: unknown) => {
    if (!Array.isArray(elements)) return;
    for (const element of elements as Json[]) {
      if (!element || typeof element !== "object") continue;
      if (element.type === "panel") walk(element.elements);
      else if (typeof element.name === "string") found.push(element);
    }
  };
  for (const page of (definition.pages as Json[] | undefined) ?? []) walk(page?.elements);
  walk(definition.elements);
  return found;
}

/** The names of the questions on each page, in order. */
export function questionNamesByPage(definition: Json): string[][] {
  return ((definition.pages as Json[] | undefined) ?? []).map((page) => questionsOf({ elements: page.elements }).map((question) => String(question.name)));
}

/** A weight per option, fixed by the question's name and the option's code (0.2 … 2.2). */
function leaning(name: string, values: readonly string[]): (readonly [string, number])[] {
  return values.map((value) => [value, 0.2 + 2 * (hashText(`${name}\u0000${value}`) / 4294967296) ** 2] as const);
}

function numberAnswer(element: Json, random: Random, style: AnswerStyle): number {
  const name = String(element.name);
  const min = typeof element.min === "number" ? element.min : 0;
  const thisYear = style.year ?? new Date().getFullYear();
  const yearBound = typeof element.maxValueExpression === "string" && element.maxValueExpression.includes("year(") ? thisYear : undefined;
  const max = typeof element.max === "number" ? element.max : yearBound;
  if (/year|jahr/i.test(name) || min >= 1900) {
    const upper = Math.min(max ?? thisYear, thisYear + 5);
    return random.int(Math.max(min, Math.min(upper, thisYear - 40)), upper);
  }
  const step = typeof element.step === "number" ? element.step : 1;
  const span = random.pick([8, 20, 60, 200]);
  const upper = max ?? min + span;
  if (step < 1) return Math.round((min + random.next() * Math.min(upper - min, 25)) * 10) / 10;
  return random.int(min, Math.max(min, Math.min(upper, min + span)));
}

/**
 * One question's answer as a fragment of an answer document: `{ [name]: value }`, plus
 * `{ [name]-Comment]: text }` for "other"; `{}` when the question is left out.
 */
export function randomAnswer(element: Json, random: Random, style: AnswerStyle = {}, path = String(element.name)): Json {
  const name = String(element.name);
  if (!element.isRequired && random.chance(style.skip ?? 0.1)) return {};
  const textOf = (field: string) => (style.text ? style.text(field, random) : wordSentence(random));
  const offersOther = Boolean(element.showOtherItem);
  const otherText = () => random.pick(["Projekt im Aufbau", "nach Absprache", "Kooperation mit dem Stadtteilbüro", "eigenes Konzept", "wechselnd"]);
  switch (element.type) {
    case "radiogroup":
    case "dropdown": {
      const values = valuesOf(element.choices);
      if (values.length === 0) return {};
      if (offersOther && random.chance(style.other ?? 0.05)) return { [name]: "other", [`${name}-Comment`]: otherText() };
      return { [name]: random.weighted(leaning(path, values)) };
    }
    case "checkbox":
    case "tagbox": {
      const values = valuesOf(element.choices);
      if (element.showNoneItem && random.chance(style.none ?? 0.05)) return { [name]: ["none"] };
      const weights = new Map(leaning(path, values));
      let chosen = values.filter((value) => random.chance(Math.min(0.9, 0.12 + 0.3 * weights.get(value)!)));
      if (chosen.length === 0 && values.length > 0) chosen = [random.weighted(leaning(path, values))];
      if (offersOther && random.chance(style.other ?? 0.05)) return { [name]: [...chosen, "other"], [`${name}-Comment`]: otherText() };
      return { [name]: chosen };
    }
    case "boolean":
      return { [name]: random.chance(0.25 + 0.5 * (hashText(path) / 4294967296)) };
    case "rating": {
      const explicit = valuesOf(element.rateValues).map(Number).filter(Number.isFinite);
      const low = typeof element.rateMin === "number" ? element.rateMin : 1;
      const high = typeof element.rateMax === "number" ? element.rateMax : 5;
      const scale = explicit.length > 0 ? explicit : Array.from({ length: high - low + 1 }, (_, index) => low + index);
      // People rate their own cooperation kindly: the upper middle is likeliest.
      return { [name]: random.weighted(scale.map((value, index) => [value, 1 + index * (scale.length - 1 - index / 2)] as const)) };
    }
    case "matrix": {
      const columns = valuesOf(element.columns);
      const cells: Json = {};
      for (const row of valuesOf(element.rows)) if (columns.length > 0 && random.chance(0.9)) cells[row] = random.weighted(leaning(`${path}.${row}`, columns));
      return Object.keys(cells).length > 0 || element.isRequired ? { [name]: cells } : {};
    }
    case "text":
      if (element.inputType === "number" || element.inputType === "range") return { [name]: numberAnswer(element, random, style) };
      if (element.inputType === "email") return { [name]: `kontakt-${random.int(1, 999)}@beispiel.example` };
      return { [name]: textOf(path) };
    case "comment":
      return { [name]: textOf(path) };
    case "multipletext": {
      const items: Json = {};
      for (const item of (element.items as Json[] | undefined) ?? []) {
        if (!random.chance(0.85)) continue;
        const itemName = String(item.name);
        items[itemName] = item.inputType === "number" ? random.int(0, 40) : textOf(`${path}.${itemName}`);
      }
      return Object.keys(items).length > 0 ? { [name]: items } : {};
    }
    case "paneldynamic": {
      const [least, most] = style.panels ?? [0, 3];
      const minimum = typeof element.minPanelCount === "number" ? element.minPanelCount : 0;
      const fields = ((element.templateElements as Json[] | undefined) ?? []).filter((field) => typeof field.name === "string");
      const entries = Array.from({ length: random.int(Math.max(least, minimum), Math.max(most, minimum)) }, () =>
        Object.assign({}, ...fields.map((field) => randomAnswer(field, random, style, `${path}.${String(field.name)}`))) as Json,
      ).filter((entry) => Object.keys(entry).length > 0);
      return entries.length > 0 ? { [name]: entries } : {};
    }
    default:
      return {};
  }
}

/**
 * Drops the answers of questions a condition hides (in question order, so a condition sees the
 * answers before it as a respondent's form would), with their "other" texts.
 */
export function withoutHiddenAnswers(definition: Json, answers: Json): Json {
  const kept: Json = { ...answers };
  for (const question of questionsOf(definition)) {
    if (typeof question.visibleIf !== "string") continue;
    if (!new ConditionRunner(question.visibleIf).runValues(kept)) {
      delete kept[String(question.name)];
      delete kept[`${String(question.name)}-Comment`];
    }
  }
  return kept;
}

/**
 * A whole answer document for a definition: a random answer to every question, with `overrides`
 * put in their place (a value, or undefined to leave the question out), and hidden questions'
 * answers dropped.
 */
export function answersFor(definition: Json, random: Random, options: AnswerStyle & { overrides?: Json } = {}): Json {
  const answers: Json = {};
  for (const question of questionsOf(definition)) {
    const name = String(question.name);
    if (options.overrides && name in options.overrides) {
      const value = options.overrides[name];
      if (value !== undefined) answers[name] = value;
      continue;
    }
    Object.assign(answers, randomAnswer(question, random, options));
  }
  return withoutHiddenAnswers(definition, answers);
}

/** The answers to the questions of the first `pages` pages only (what a draft has so far). */
export function answersOfFirstPages(definition: Json, answers: Json, pages: number): Json {
  const names = new Set(questionNamesByPage(definition).slice(0, pages).flat());
  return Object.fromEntries(Object.entries(answers).filter(([key]) => names.has(key.replace(/-Comment$/, ""))));
}
