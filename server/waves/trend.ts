/**
 * The trend of a survey's canon questions across the waves of its series: for every question
 * that came from the canon (matched across waves by its canon id), the answers of each wave,
 * counted in one SQL query over the submitted responses of all waves, and put onto the answer
 * options of the newest version of the item that any wave asked.
 *
 * Versions: a wave that asked an older version has its values carried forward through the
 * chain of option mappings stored with each later version (`canon_items.option_mapping`):
 * - a value the mapping sends to another value is counted there (two old values that become one
 *   count a respondent once);
 * - a value the mapping drops (null), or that the newest version does not offer, is reported
 *   under `dropped` ("no longer asked", `offered: true`), still counted in the wave's n; so are
 *   values no version offered (stray data, `offered: false`);
 * - an option of the newest version that no value of the wave's version reaches is marked
 *   `asked: false` for that wave (it was not offered then: not a zero);
 * - a version without a mapping (the options did not change, or a shipped item) keeps values that
 *   still exist and drops the others;
 * - a mapping with `break: true` anywhere between the wave's version and the newest makes the
 *   wave incomparable (`comparable: false`, `incomparable: "break"`): no figures but n, so no
 *   chart puts apples beside pears. So does a change of question type (`type_changed`).
 * Percentages are of the wave's n (respondents who answered the question in that wave), so waves
 * with different numbers of respondents can be compared; for multiple choice they add up to more
 * than 100.
 *
 * Waves of pseudonymous and anonymous surveys show what their results page shows, put onto the
 * newest version (trend-protection.ts): counts withheld there are null here (`count: null`,
 * `n: null`), and nothing rests on fewer than the organisation's smallest group.
 *
 * @example
 * const trend = await surveyTrend(db, organisationId, surveyId);
 * trend.questions[0].waves.map((wave) => wave.options.find((option) => option.value === "ja")?.percent); // [40, 55.6]
 */
import { sql, type Kysely } from "kysely";
import type { Database, LocalizedText, OptionMapping, SurveyStatus, SurveyStructure } from "../db/schema.ts";
import { canonElementsOf, isOwnElement, placedElementsOf } from "../lib/survey-structure.ts";
import { numericScaleOf, type NumericScale } from "../lib/number-scale.ts";
import { entryHasContentByRuleSql, entryRuleOf } from "../lib/panel-entries.ts";
import { answerOptionsOf, localizedOf, optionsOfList, type OptionLabel } from "../lib/question-options.ts";
import { findOrganisationSurvey } from "../lib/tenant-survey.ts";
import { isProtectedMode, minCellSize, protectedOverallResults } from "../results/protected-results.ts";
import { compareWaves } from "./series.ts";
import { countedResponse } from "../results/counted-responses.ts";
import { protectedWaveFigures, type WaveMapping, type WaveQuestion } from "./trend-protection.ts";
import { percentOf } from "./wave-share.ts";

type Json = Record<string, unknown>;

/** How a question's answers are compared across waves. */
export type TrendKind = "choice" | "multiple" | "matrix" | "numeric" | "text" | "other";

/** Why a wave's answers cannot be put beside the newest version's. */
export type Incomparable = "break" | "type_changed";

export interface TrendOption {
  value: string;
  /** null: withheld (pseudonymous and anonymous waves, trend-protection.ts). */
  count: number | null;
  /** Of the wave's n, one decimal; null when n = 0 or the count is withheld. */
  percent: number | null;
  /** False when the wave's version did not offer this option (nothing maps onto it). */
  asked: boolean;
}

export interface TrendDropped {
  value: string;
  label: LocalizedText;
  count: number | null;
  percent: number | null;
  /** True: the wave's version offered this option and the newest does not (no longer asked); false: a value no version offered (stray data). */
  offered: boolean;
}

export interface TrendMatrixRow {
  value: string;
  /** null: fewer than k answered the row (then every count is withheld). */
  n: number | null;
  options: TrendOption[];
  dropped: TrendDropped[];
  /** Mean score over the newest version's columns (their values when all are numbers, else their position 1 … k). */
  mean: number | null;
}

export interface TrendWaveFigures {
  surveyId: string;
  /** False when this wave did not ask the question. */
  asked: boolean;
  version: number | null;
  comparable: boolean;
  incomparable: Incomparable | null;
  /** The version whose mapping broke comparability. */
  breakVersion: number | null;
  /** Respondents who answered the question in this wave; null: withheld (fewer than k), and nothing else is shown. */
  n: number | null;
  options: TrendOption[];
  dropped: TrendDropped[];
  rows: TrendMatrixRow[];
  mean: number | null;
  median: number | null;
}

export interface TrendQuestion {
  canonId: string;
  /** The answer key in the requested survey. */
  name: string;
  title: LocalizedText;
  kind: TrendKind;
  /** The newest version any wave asked: the one the figures are put onto. */
  version: number;
  options: OptionLabel[];
  rows: OptionLabel[];
  /** matrix: whether row means use the column values or their positions. */
  meanOf: "value" | "position" | null;
  /** numeric: amounts or calendar years (years are written without grouping, their mean as a whole year); null otherwise. */
  scale: NumericScale | null;
  waves: TrendWaveFigures[];
}

export interface TrendWave {
  surveyId: string;
  title: string;
  waveLabel: string;
  status: SurveyStatus;
  openedAt: string | null;
  current: boolean;
  /** Submitted responses of the wave. */
  respondents: number;
  /** Pseudonymous and anonymous waves: figures as on their results page, none resting on fewer than k. */
  protection: { mode: "pseudonymous" | "anonymous"; k: number } | null;
}

export interface SurveyTrend {
  surveyId: string;
  /** False: the survey is in no series, so there is nothing to compare (waves and questions are empty). */
  inSeries: boolean;
  series: { id: string; name: string } | null;
  waves: TrendWave[];
  questions: TrendQuestion[];
}

/** A canon question as one wave asked it. */
interface AskedQuestion {
  name: string;
  version: number;
  element: Json;
}

interface CanonVersion {
  element: Json;
  mapping: OptionMapping | null;
}

/** Classifies a SurveyJS element for the trend (the same families as the results page). */
export function trendKindOf(element: Json): TrendKind {
  switch (String(element.type ?? "")) {
    case "radiogroup":
    case "dropdown":
    case "boolean":
    case "rating":
      return "choice";
    case "checkbox":
    case "tagbox":
      return "multiple";
    case "matrix":
      return "matrix";
    case "comment":
      return "text";
    case "text":
      return ["number", "range"].includes(String(element.inputType ?? "")) ? "numeric" : "text";
    default:
      return "other";
  }
}

/** The values a version offers: options of a choice question, columns of a matrix. */
function offeredOf(element: Json, kind: TrendKind): OptionLabel[] {
  if (kind === "choice" || kind === "multiple") return answerOptionsOf(element);
  if (kind === "matrix") return optionsOfList(element.columns);
  return [];
}

/** The canon questions of a survey: from its frozen definition, or (not yet opened) from its structure. */
function askedQuestionsOf(definition: Json | null, structure: SurveyStructure, canon: Map<string, Map<number, CanonVersion>>): Map<string, AskedQuestion> {
  const asked = new Map<string, AskedQuestion>();
  // Questions keep their canon identity in canonId/canonVersion, also the survey's own (imported) ones.
  const walk = (elements: unknown) => {
    if (!Array.isArray(elements)) return;
    for (const element of elements as Json[]) {
      if (!element || typeof element !== "object") continue;
      if (element.type === "panel") walk(element.elements);
      const canonId = element.canonId;
      const version = Number(element.canonVersion);
      if (typeof canonId === "string" && Number.isInteger(version) && element.name && !asked.has(canonId)) {
        asked.set(canonId, { name: String(element.name), version, element });
      }
    }
  };
  if (definition) {
    for (const page of (definition.pages as Json[] | undefined) ?? []) walk(page?.elements);
    walk(definition.elements);
    return asked;
  }
  for (const placed of placedElementsOf(structure)) {
    if (isOwnElement(placed)) {
      walk([placed.element]);
      continue;
    }
    const element = canon.get(placed.itemId)?.get(placed.version)?.element;
    if (element && !asked.has(placed.itemId)) asked.set(placed.itemId, { name: placed.itemId, version: placed.version, element });
  }
  return asked;
}

/** Item ids a survey's structure or definition refers to (for loading their versions). */
function itemIdsOf(definition: Json | null, structure: SurveyStructure): string[] {
  const ids = new Set<string>();
  // Without canon versions at hand, only the survey's own elements name their canon items.
  for (const id of askedQuestionsOf(null, structure, new Map()).keys()) ids.add(id);
  for (const element of canonElementsOf(structure)) ids.add(element.itemId);
  if (definition) for (const id of askedQuestionsOf(definition, { pages: [] }, new Map()).keys()) ids.add(id);
  return [...ids];
}

/**
 * How a wave's values become the newest version's: follows the option mapping of every version
 * after `from` up to `to`. Returns null for a value that was dropped on the way; `breakVersion`
 * is the first version on the way whose mapping breaks comparability.
 *
 * @example
 * const { map } = versionMapper(versions, 1, 2, "choice");
 * map("selten"); // "quartal" (renamed), map("woechentlich"); // null (dropped)
 */
export function versionMapper(
  versions: Map<number, CanonVersion>,
  from: number,
  to: number,
  kind: TrendKind,
): { breakVersion: number | null; map: (value: string) => string | null } {
  const steps: { mapping: OptionMapping | null; previous: Set<string>; next: Set<string> }[] = [];
  let breakVersion: number | null = null;
  for (let version = from + 1; version <= to; version++) {
    const row = versions.get(version);
    const previousRow = versions.get(version - 1);
    if (!row) continue; // a version this organisation cannot see: carried over unchanged
    if (row.mapping?.break && breakVersion === null) breakVersion = version;
    steps.push({
      mapping: row.mapping,
      previous: new Set(previousRow ? offeredOf(previousRow.element, kind).map((option) => option.value) : []),
      next: new Set(offeredOf(row.element, kind).map((option) => option.value)),
    });
  }
  const map = (value: string): string | null => {
    let current: string | null = value;
    for (const step of steps) {
      if (current === null) return null;
      if (step.mapping && Object.hasOwn(step.mapping.map, current)) current = step.mapping.map[current] ?? null;
      else if (step.next.has(current)) continue;
      else if (step.previous.has(current)) current = null; // offered before, not any more
      // neither offered before nor now (stray data): stays as it is
    }
    return current;
  };
  return { breakVersion, map };
}


/** The option values in one stored answer: array elements or the value itself; non-empty strings, numbers, booleans. */
export function answerValues(answer: unknown): string[] {
  const list = Array.isArray(answer) ? answer : [answer];
  const values = new Set<string>();
  for (const value of list) {
    if (typeof value === "string" ? value !== "" : typeof value === "number" || typeof value === "boolean") values.add(String(value));
  }
  return [...values];
}

interface Tally {
  n: number;
  counts: Map<string, number>;
  dropped: Map<string, number>;
}

const emptyTally = (): Tally => ({ n: 0, counts: new Map(), dropped: new Map() });
const add = (map: Map<string, number>, key: string, count: number) => map.set(key, (map.get(key) ?? 0) + count);

/** Options and dropped values of one tally, on the newest version's options. */
function figuresOf(tally: Tally, target: OptionLabel[], askedValues: Set<string>, ownOptions: OptionLabel[]) {
  const declared = new Set(target.map((option) => option.value));
  const dropped = new Map(tally.dropped);
  for (const [value, count] of tally.counts) if (!declared.has(value)) add(dropped, value, count);
  const labelOf = (value: string) =>
    ownOptions.find((option) => option.value === value)?.label ?? target.find((option) => option.value === value)?.label ?? { de: value, en: value };
  return {
    options: target.map((option) => {
      const count = tally.counts.get(option.value) ?? 0;
      return { value: option.value, count, percent: percentOf(count, tally.n), asked: askedValues.has(option.value) };
    }),
    dropped: [...dropped.entries()]
      .sort(([valueA, countA], [valueB, countB]) => countB - countA || (valueA < valueB ? -1 : 1))
      .map(([value, count]) => ({
        value,
        label: labelOf(value),
        count,
        percent: percentOf(count, tally.n),
        offered: ownOptions.some((option) => option.value === value),
      })),
  };
}

interface AnswerCount {
  survey_id: string;
  name: string;
  /** The stored answer (for texts and lists: whether it holds anything, true/false). */
  answer: unknown;
  count: number;
}

/**
 * One query over the submitted responses of all waves: per wave and question, each distinct
 * stored answer with how many gave it (texts and lists only as answered or not), and per wave
 * the respondents. Answers repeat a lot (options, option combinations, matrix patterns, numbers),
 * so this is small; the version mapping, matrix cells and number statistics are worked out from
 * it in TypeScript, taking every distinct answer apart once.
 */
async function countWaves(
  db: Kysely<Database>,
  organisationId: string,
  surveyIds: string[],
  questions: { survey_id: string; name: string; kind: TrendKind; entry_rule: unknown }[],
) {
  const result = await sql<{ survey_id: string; name: string | null; answer: unknown; count: number }>`
    with questions as materialized (
      select * from jsonb_to_recordset(${JSON.stringify(questions)}::jsonb) as question(survey_id uuid, name text, kind text, entry_rule jsonb)
    ),
    respondents as not materialized (
      select responses.survey_id, responses.answers || '{}'::jsonb as answers
      from responses
      where responses.organisation_id = ${organisationId}
        and responses.survey_id = any(${sql.val(surveyIds)}::uuid[])
        and ${countedResponse("responses")}
      offset 0
    ),
    answers as (
      -- Texts and lists (e.g. the offers) only count as answered or not: no need to carry them.
      -- A repeatable list is answered with at least one entry with content (lib/panel-entries.ts).
      select respondents.survey_id, questions.name,
        case when questions.entry_rule is not null then to_jsonb(exists (
            select 1 from jsonb_array_elements(case jsonb_typeof(raw.v) when 'array' then raw.v else '[]'::jsonb end) as listed(entry)
            where ${entryHasContentByRuleSql(sql`listed.entry`, sql`questions.entry_rule`)}))
        when questions.kind in ('text', 'other') then to_jsonb(coalesce(case jsonb_typeof(raw.v)
            when 'string' then btrim(raw.v #>> '{}', E' \\t\\r\\n') <> ''
            when 'array' then jsonb_array_length(raw.v) > 0
            when 'object' then raw.v <> '{}'::jsonb
            when 'null' then false
            else true
          end, false))
        else raw.v end as v
      from respondents
      join questions on questions.survey_id = respondents.survey_id
      cross join lateral (select respondents.answers -> questions.name as v) as raw
    )
    select survey_id::text, name, v as answer, count(*)::int as count
    from answers where v is not null
    group by survey_id, name, v
    union all
    select responses.survey_id::text, null, null, count(*)::int
    from responses
    where responses.organisation_id = ${organisationId}
      and responses.survey_id = any(${sql.val(surveyIds)}::uuid[])
      and ${countedResponse("responses")}
    group by responses.survey_id`.execute(db);
  const respondents = new Map<string, number>();
  const answers: AnswerCount[] = [];
  for (const row of result.rows) {
    if (row.name === null) respondents.set(row.survey_id, Number(row.count));
    else answers.push({ survey_id: row.survey_id, name: row.name, answer: typeof row.answer === "string" ? parseJson(row.answer) : row.answer, count: Number(row.count) });
  }
  return { respondents, answers };
}

/** jsonb arrives parsed from both drivers; should a driver hand it over as text, it is parsed here. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const NUMBER_TEXT = /^-?[0-9]+(\.[0-9]+)?$/;

/** A stored number, or a text holding a plain decimal number (as the results page reads numbers); null otherwise. */
export function numberOf(answer: unknown): number | null {
  if (typeof answer === "number") return Number.isFinite(answer) ? answer : null;
  if (typeof answer === "string") {
    const trimmed = answer.trim();
    return NUMBER_TEXT.test(trimmed) ? Number(trimmed) : null;
  }
  return null;
}

/** n, mean and median (the mean of the middle two for an even n, as percentile_cont) of counted numbers. */
export function numberStats(counted: { value: number; count: number }[]): { n: number; mean: number | null; median: number | null } {
  const sorted = [...counted].sort((a, b) => a.value - b.value);
  const n = sorted.reduce((sum, entry) => sum + entry.count, 0);
  if (n === 0) return { n, mean: null, median: null };
  const mean = sorted.reduce((sum, entry) => sum + entry.value * entry.count, 0) / n;
  const at = (position: number) => {
    let seen = 0;
    for (const entry of sorted) {
      seen += entry.count;
      if (position < seen) return entry.value;
    }
    return sorted[sorted.length - 1]!.value;
  };
  const median = n % 2 === 1 ? at((n - 1) / 2) : (at(n / 2 - 1) + at(n / 2)) / 2;
  return { n, mean, median };
}

/** Whether an answer counts as given, by the question's kind (matrices: at least one valid cell). */
function answered(kind: TrendKind, answer: unknown): boolean {
  switch (kind) {
    case "choice":
    case "multiple":
      return answerValues(answer).length > 0;
    case "matrix":
      return matrixCells(answer).length > 0;
    case "numeric":
      return numberOf(answer) !== null;
    default:
      return answer === true;
  }
}

/** The answered cells of a matrix answer: row → column value (strings, numbers, booleans; not empty). */
function matrixCells(answer: unknown): [string, string][] {
  if (!answer || typeof answer !== "object" || Array.isArray(answer)) return [];
  const cells: [string, string][] = [];
  for (const [row, value] of Object.entries(answer as Json)) {
    if (typeof value === "string" ? value !== "" : typeof value === "number" || typeof value === "boolean") cells.push([row, String(value)]);
  }
  return cells;
}

const notInSeries = (surveyId: string): SurveyTrend => ({ surveyId, inSeries: false, series: null, waves: [], questions: [] });

/**
 * The trend of a survey's canon questions across the waves of its series (see the file comment
 * for how versions and option mappings are honoured). A survey in no series gets
 * `inSeries: false` and nothing else; 404 for another organisation's survey.
 */
export async function surveyTrend(db: Kysely<Database>, organisationId: string, surveyId: string): Promise<SurveyTrend> {
  const survey = await findOrganisationSurvey(db, organisationId, surveyId);
  if (!survey.series_id) return notInSeries(survey.id);
  const series = await db
    .selectFrom("survey_series")
    .select(["id", "name"])
    .where("id", "=", survey.series_id)
    .where("organisation_id", "=", organisationId)
    .executeTakeFirst();
  if (!series) return notInSeries(survey.id);

  const waveRows = (
    await db
      .selectFrom("surveys")
      .select(["id", "title", "wave_label", "status", "opened_at", "created_at", "definition", "structure", "privacy_mode"])
      .where("organisation_id", "=", organisationId)
      .where("series_id", "=", series.id)
      .execute()
  ).sort(compareWaves);

  // Every version of every item the waves refer to, shipped or the organisation's own.
  const itemIds = [...new Set(waveRows.flatMap((wave) => itemIdsOf(wave.definition, wave.structure)))];
  const canon = new Map<string, Map<number, CanonVersion>>();
  if (itemIds.length > 0) {
    const rows = await db
      .selectFrom("canon_items")
      .select(["item_id", "version", "element", "option_mapping"])
      .where("item_id", "in", itemIds)
      .where((eb) => eb.or([eb("organisation_id", "is", null), eb("organisation_id", "=", organisationId)]))
      .execute();
    for (const row of rows) {
      let versions = canon.get(row.item_id);
      if (!versions) canon.set(row.item_id, (versions = new Map()));
      versions.set(row.version, { element: row.element, mapping: row.option_mapping });
    }
  }

  const waves = waveRows.map((wave) => ({ row: wave, asked: askedQuestionsOf(wave.definition, wave.structure, canon) }));
  const current = waves.find((wave) => wave.row.id === survey.id)!;

  // The requested survey's canon questions, each put onto the newest version any wave asked.
  const plans = [...current.asked.entries()].map(([canonId, own]) => {
    let newest = own;
    for (const wave of waves) {
      const asked = wave.asked.get(canonId);
      if (asked && asked.version > newest.version) newest = asked;
    }
    const kind = trendKindOf(newest.element);
    return { canonId, own, newest, kind, versions: canon.get(canonId) ?? new Map<number, CanonVersion>() };
  });

  // Protected waves take their figures from their results page (trend-protection.ts), not from this count.
  const protectedWaves = waves.filter((wave) => isProtectedMode(wave.row.privacy_mode) && wave.row.definition !== null);
  const k = waves.some((wave) => isProtectedMode(wave.row.privacy_mode)) ? await minCellSize(db, organisationId) : 0;
  const [counted, protectedResults] = await Promise.all([
    countWaves(
      db,
      organisationId,
      waves.map((wave) => wave.row.id),
      waves
        .filter((wave) => !protectedWaves.includes(wave))
        .flatMap((wave) =>
          plans.flatMap((plan) => {
            const asked = wave.asked.get(plan.canonId);
            if (!asked) return [];
            const entryRule = asked.element.type === "paneldynamic" ? entryRuleOf(asked.element) : null;
            return [{ survey_id: wave.row.id, name: asked.name, kind: trendKindOf(asked.element), entry_rule: entryRule }];
          }),
        ),
    ),
    Promise.all(protectedWaves.map(async (wave) => [wave.row.id, await protectedOverallResults(db, organisationId, wave.row, k)] as const)),
  ]);
  const respondents = counted.respondents;
  const protectedOf = new Map(protectedResults);
  /** A question as the protected results page of its wave shows it; null when that page shows nothing of it. */
  const protectedQuestionOf = (surveyId: string, name: string): WaveQuestion | null => {
    const { results, shared } = protectedOf.get(surveyId)!;
    const raw = results.questions.find((question) => question.name === name);
    const figures = shared.questions.find((question) => question.name === name);
    return raw && figures ? { raw, shared: figures } : null;
  };
  const answersOf = new Map<string, AnswerCount[]>();
  for (const row of counted.answers) {
    const key = `${row.survey_id}|${row.name}`;
    const list = answersOf.get(key);
    if (list) list.push(row);
    else answersOf.set(key, [row]);
  }
  const rowsOf = (surveyId: string, name: string) => answersOf.get(`${surveyId}|${name}`) ?? [];

  const questions: TrendQuestion[] = plans.map((plan) => {
    const target = offeredOf(plan.newest.element, plan.kind);
    const targetRows = plan.kind === "matrix" ? optionsOfList(plan.newest.element.rows) : [];
    const meanOf = plan.kind === "matrix" ? (target.length > 0 && target.every((column) => isNumberText(column.value)) ? "value" : "position") : null;
    const scores = new Map(target.map((column, index) => [column.value, meanOf === "value" ? Number(column.value) : index + 1]));

    const figures = waves.map((wave): TrendWaveFigures => {
      const asked = wave.asked.get(plan.canonId);
      const base: TrendWaveFigures = {
        surveyId: wave.row.id,
        asked: Boolean(asked),
        version: asked?.version ?? null,
        comparable: true,
        incomparable: null,
        breakVersion: null,
        n: 0,
        options: [],
        dropped: [],
        rows: [],
        mean: null,
        median: null,
      };
      if (!asked) return base;
      const rows = rowsOf(wave.row.id, asked.name);
      const ownKind = trendKindOf(asked.element);
      const { breakVersion, map } = versionMapper(plan.versions, asked.version, plan.newest.version, plan.kind);
      const comparable = ownKind === plan.kind && breakVersion === null;
      const incomparable = { comparable: false, incomparable: ownKind !== plan.kind ? ("type_changed" as const) : ("break" as const), breakVersion };
      const ownOptions = offeredOf(asked.element, ownKind);
      const askedValues = new Set(ownOptions.map((option) => map(option.value)).filter((value): value is string => value !== null));
      if (protectedOf.has(wave.row.id)) {
        const mapping: WaveMapping = { kind: plan.kind, target, targetRows, askedValues, ownOptions, map, scores };
        return protectedWaveFigures(comparable ? base : { ...base, ...incomparable }, protectedQuestionOf(wave.row.id, asked.name), comparable ? mapping : null, k);
      }
      if (!comparable) {
        const n = rows.reduce((sum, row) => (answered(ownKind, row.answer) ? sum + row.count : sum), 0);
        return { ...base, n, ...incomparable };
      }

      switch (plan.kind) {
        case "choice":
        case "multiple": {
          const tally = emptyTally();
          for (const row of rows) {
            const values = answerValues(row.answer);
            if (values.length === 0) continue;
            tally.n += row.count;
            const mapped = new Set<string>();
            const dropped = new Set<string>();
            for (const value of values) {
              const next = map(value);
              if (next === null) dropped.add(value);
              else mapped.add(next);
            }
            for (const value of mapped) add(tally.counts, value, row.count);
            for (const value of dropped) add(tally.dropped, value, row.count);
          }
          return { ...base, n: tally.n, ...figuresOf(tally, target, askedValues, ownOptions) };
        }
        case "matrix": {
          const perRow = new Map<string, Tally>();
          let n = 0;
          for (const row of rows) {
            const cells = matrixCells(row.answer);
            if (cells.length === 0) continue;
            n += row.count;
            for (const [rowKey, cell] of cells) {
              let tally = perRow.get(rowKey);
              if (!tally) perRow.set(rowKey, (tally = emptyTally()));
              tally.n += row.count;
              const next = map(cell);
              if (next === null) add(tally.dropped, cell, row.count);
              else add(tally.counts, next, row.count);
            }
          }
          return {
            ...base,
            n,
            rows: targetRows.map((matrixRow) => {
              const tally = perRow.get(matrixRow.value) ?? emptyTally();
              let sum = 0;
              let total = 0;
              for (const [value, count] of tally.counts) {
                const score = scores.get(value);
                if (score === undefined) continue;
                sum += score * count;
                total += count;
              }
              return { value: matrixRow.value, n: tally.n, ...figuresOf(tally, target, askedValues, ownOptions), mean: total > 0 ? sum / total : null };
            }),
          };
        }
        case "numeric": {
          const numbers = rows.flatMap((row) => {
            const value = numberOf(row.answer);
            return value === null ? [] : [{ value, count: row.count }];
          });
          return { ...base, ...numberStats(numbers) };
        }
        default:
          return { ...base, n: rows.reduce((sum, row) => (row.answer === true ? sum + row.count : sum), 0) };
      }
    });

    return {
      canonId: plan.canonId,
      name: plan.own.name,
      title: localizedOf(plan.newest.element.title, plan.canonId),
      kind: plan.kind,
      version: plan.newest.version,
      options: target,
      rows: targetRows,
      meanOf,
      scale: plan.kind === "numeric" ? numericScaleOf(plan.newest.element) : null,
      waves: figures,
    };
  });

  return {
    surveyId: survey.id,
    inSeries: true,
    series,
    waves: waves.map(({ row }) => ({
      surveyId: row.id,
      title: row.title,
      waveLabel: row.wave_label,
      status: row.status,
      openedAt: row.opened_at?.toISOString() ?? null,
      current: row.id === survey.id,
      respondents: respondents.get(row.id) ?? 0,
      protection: isProtectedMode(row.privacy_mode) ? { mode: row.privacy_mode as "pseudonymous" | "anonymous", k } : null,
    })),
    questions,
  };
}

function isNumberText(value: string): boolean {
  return value.trim() !== "" && Number.isFinite(Number(value));
}
