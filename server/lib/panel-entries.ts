import { sql, type RawBuilder } from "kysely";
import { cellQuestionsOf } from "./matrix-cells.ts";

/**
 * Which entries of a repeatable section (SurveyJS paneldynamic, e.g. the actor questionnaire's
 * offers list) count. SurveyJS stores a row for every panel on the page, touched or not: a list
 * with `panelCount: 1` is saved as `[{}]` by a respondent who never opened it, and a template
 * question with a `defaultValue` puts that default into every new row (`[{ "free": true }]`).
 * Results, the gap matrix, the trend, exports and network views count only **entries with
 * content**:
 *
 * - an entry has content when at least one of its values is a non-blank text (anything but
 *   spaces, tabs and line breaks), a number (0 included) or a boolean (false included), looked
 *   for at any depth (a multiple-choice list, a matrix, a multiple-text object, "other" texts);
 * - a field whose value equals its template question's `defaultValue` does not count: the
 *   respondent never touched it (a respondent who picks exactly the default and fills in nothing
 *   else in that entry is indistinguishable from an untouched row, and is not counted either);
 * - fields the respondent does not type (expression questions, questions with a
 *   `defaultValueExpression`) do not count on their own;
 * - rows the planner prefilled through the list's own `defaultValue` are answers the respondent
 *   kept (they could remove them), so they count like any other entry.
 *
 * A respondent "has entries" when at least one entry has content; one whose rows are all empty
 * counts as not having answered the list.
 *
 * @example
 * const rule = entryRuleOf({ type: "paneldynamic", templateElements: [{ type: "boolean", name: "free", defaultValue: true }, { type: "text", name: "title" }] });
 * entryHasContent({}, rule); // false
 * entryHasContent({ free: true }, rule); // false (the untouched default)
 * entryHasContent({ free: true, title: " Elterncafé " }, rule); // true
 */
export interface EntryRule {
  /** Fields whose value equals their default is untouched (key → the default as stored). */
  defaults: Record<string, unknown>;
  /** Fields that never count on their own (computed, not typed). */
  ignored: string[];
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

/** The questions of a list's template, looking into static panels. */
function templateQuestions(elements: unknown): Json[] {
  const found: Json[] = [];
  const visit = (list: unknown) => {
    if (!Array.isArray(list)) return;
    for (const element of list) {
      if (!isObject(element)) continue;
      if (element.type === "panel") visit(element.elements);
      else if (typeof element.name === "string" && element.name) found.push(element);
    }
  };
  visit(elements);
  return found;
}

/** The rule for the entries of one paneldynamic element (its template questions' defaults) or the rows of a matrixdynamic (its columns'). */
export function entryRuleOf(panel: Json): EntryRule {
  const rule: EntryRule = { defaults: {}, ignored: [] };
  const questions = panel.type === "matrixdynamic" ? cellQuestionsOf(panel) : templateQuestions(panel.templateElements);
  for (const question of questions) {
    const name = String(question.name);
    if (question.type === "expression" || (typeof question.defaultValueExpression === "string" && question.defaultValueExpression.trim())) {
      rule.ignored.push(name);
    } else if (question.defaultValue !== undefined && question.defaultValue !== null) {
      rule.defaults[name] = question.defaultValue;
    }
  }
  return rule;
}

/** A rule that counts every value (for lists without template defaults). */
export const NO_DEFAULTS: EntryRule = { defaults: {}, ignored: [] };

const BLANK = /^[ \t\r\n]*$/;

/** Whether a value holds a non-blank text, a number or a boolean anywhere inside. */
export function holdsContent(value: unknown): boolean {
  if (typeof value === "string") return !BLANK.test(value);
  if (typeof value === "number" || typeof value === "boolean") return true;
  if (Array.isArray(value)) return value.some(holdsContent);
  if (isObject(value)) return Object.values(value).some(holdsContent);
  return false;
}

/** Deep equality of two JSON values (key order ignored, as jsonb compares). */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, index) => sameJson(item, b[index]));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && sameJson(a[key], b[key]));
  }
  return false;
}

/** Whether one entry of a list has content by the rule (see the file comment). */
export function entryHasContent(entry: unknown, rule: EntryRule): boolean {
  if (!isObject(entry)) return holdsContent(entry);
  for (const [key, value] of Object.entries(entry)) {
    if (rule.ignored.includes(key)) continue;
    if (Object.hasOwn(rule.defaults, key) && sameJson(value, rule.defaults[key])) continue;
    if (holdsContent(value)) return true;
  }
  return false;
}

/** The entries with content of a stored list answer (anything but an array has none). */
export function contentEntries(list: unknown, rule: EntryRule): unknown[] {
  return Array.isArray(list) ? list.filter((entry) => entryHasContent(entry, rule)) : [];
}

/**
 * The SQL/JSON path that finds content at any depth (the same test as holdsContent). A constant,
 * written into the query as a literal so the planner compiles it once.
 */
const CONTENT_PATH = sql.raw(
  `'strict $.** ? (@.type() == "number" || @.type() == "boolean" || (@.type() == "string" && @ like_regex "[^ \\t\\n\\r]"))'::jsonpath`,
);

/**
 * SQL: whether the jsonb `entry` has content by the rule. The untouched defaults and the ignored
 * fields are taken out of the entry first, then the path looks for content in what is left.
 *
 * @example
 * sql`select count(*) from jsonb_array_elements(answers -> 'actor.offers') as entry(value) where ${entryHasContentSql(sql`entry.value`, rule)}`;
 */
export function entryHasContentSql(entry: RawBuilder<unknown>, rule: EntryRule): RawBuilder<boolean> {
  const defaults = Object.entries(rule.defaults);
  if (defaults.length === 0 && rule.ignored.length === 0) return sql<boolean>`jsonb_path_exists(${entry}, ${CONTENT_PATH})`;
  let stripped: RawBuilder<unknown> = rule.ignored.length > 0 ? sql`(${entry} - ${sql.val(rule.ignored)}::text[])` : entry;
  for (const [key, value] of defaults) {
    stripped = sql`(${stripped} - case when ${entry} -> ${key}::text = ${JSON.stringify(value)}::jsonb then ${key}::text else '' end)`;
  }
  // Only objects have fields to take out (`-` on a scalar is an error).
  return sql<boolean>`jsonb_path_exists(case when jsonb_typeof(${entry}) = 'object' then ${stripped} else ${entry} end, ${CONTENT_PATH})`;
}

/**
 * SQL: whether the jsonb `entry` has content by a rule given as jsonb data
 * (an EntryRule as JSON: `{"defaults": {…}, "ignored": […]}`), for queries that read several lists
 * with different rules in one pass (the trend across waves).
 */
export function entryHasContentByRuleSql(entry: RawBuilder<unknown>, rule: RawBuilder<unknown>): RawBuilder<boolean> {
  return sql<boolean>`jsonb_path_exists(
    case when jsonb_typeof(${entry}) = 'object' then
      (${entry} - array(select jsonb_array_elements_text(coalesce(${rule} -> 'ignored', '[]'::jsonb))))
        - array(select field.key from jsonb_each(coalesce(${rule} -> 'defaults', '{}'::jsonb)) as field where ${entry} -> field.key = field.value)
    else ${entry} end,
    ${CONTENT_PATH})`;
}

/**
 * SQL: how many entries with content the jsonb list `list` holds (0 for anything but an array).
 *
 * @example
 * sql`select sum(${contentEntryCountSql(sql`answers -> ${name}::text`, rule)}) from responses`;
 */
export function contentEntryCountSql(list: RawBuilder<unknown>, rule: EntryRule): RawBuilder<number> {
  return sql<number>`(
    select count(*)::int from jsonb_array_elements(case jsonb_typeof(${list}) when 'array' then ${list} else '[]'::jsonb end) as listed(entry)
    where ${entryHasContentSql(sql`listed.entry`, rule)}
  )`;
}
