import { SPECIAL_VALUES } from "../lib/question-options.ts";
import type { OptionLabel, ResultQuestion } from "./question-kinds.ts";
import type { PlannedQuestion } from "./value-sources.ts";
import { emptyChoice, type ChoiceAggregate } from "./aggregate-choices.ts";
import { emptyCompound, type CompoundAggregates } from "./aggregate-compound.ts";
import { emptyMatrix, type MatrixAggregate } from "./aggregate-matrices.ts";
import { EQUAL_BINS, emptyNumbers, type BinSpec, type NumberAggregates } from "./aggregate-numbers.ts";
import { emptyTexts, type TextAggregate } from "./aggregate-texts.ts";
import { OVERALL, slotOfGroup, type GroupSlot, type PerSource } from "./group-slots.ts";
import type { ResultGroup } from "./result-groups.ts";
import type { FieldResultJson, QuestionResultJson } from "./result-schemas.ts";

/** Everything the aggregate queries returned for one results request. */
export interface Aggregates {
  choices: PerSource<ChoiceAggregate>;
  numbers: NumberAggregates;
  matrices: PerSource<MatrixAggregate>;
  texts: PerSource<TextAggregate>;
  compound: CompoundAggregates;
}

const get = <T>(map: PerSource<T>, sourceId: number | undefined, slot: GroupSlot, empty: () => T): T =>
  (sourceId === undefined ? undefined : map.get(sourceId)?.get(slot)) ?? empty();

/**
 * Declared options with their counts (zeros included), then undeclared values found, most frequent
 * first; inside a panel (`respondents` given) each with the respondents behind its entries.
 */
export function withCounts(options: OptionLabel[], counts: Map<string, number>, respondents?: Map<string, number>) {
  const behind = (value: string) => (respondents ? { respondents: respondents.get(value) ?? 0 } : {});
  const declared = new Set(options.map((option) => option.value));
  const found = [...counts.entries()]
    .filter(([value]) => !declared.has(value))
    .sort(([valueA, countA], [valueB, countB]) => countB - countA || (valueA < valueB ? -1 : valueA > valueB ? 1 : 0))
    .map(([value, count]) => ({ value, label: { de: value, en: value }, count, ...behind(value) }));
  return [...options.map((option) => ({ value: option.value, label: option.label, count: counts.get(option.value) ?? 0, ...behind(option.value) })), ...found];
}

const isNumberText = (value: string) => value.trim() !== "" && Number.isFinite(Number(value));

/** Choice questions whose options are all numbers (ratings) get a mean. */
function hasNumericOptions(question: ResultQuestion): boolean {
  const scored = question.options.filter((option) => !SPECIAL_VALUES.has(option.value));
  return question.kind === "choice" && scored.length > 0 && scored.every((option) => isNumberText(option.value));
}

function meanOfCounts(counts: Iterable<[number, number]>): number | null {
  let sum = 0;
  let total = 0;
  for (const [score, count] of counts) {
    sum += score * count;
    total += count;
  }
  return total > 0 ? sum / total : null;
}

/**
 * The histogram bins of a number source for one slot, all bins listed (zeros included); inside a
 * panel (`respondents` given) each with the respondents behind its entries.
 */
export function histogramOf(spec: BinSpec | undefined, bins: Map<number, number>, respondents?: Map<number, number>) {
  if (!spec) return [];
  const behind = (index: number) => (respondents ? { respondents: respondents.get(index) ?? 0 } : {});
  if (spec.width !== null) {
    const first = Math.floor(spec.lo / spec.width);
    const count = Math.floor(spec.hi / spec.width) - first + 1;
    return Array.from({ length: count }, (_, index) => ({
      from: (first + index) * spec.width!,
      to: (first + index + 1) * spec.width!,
      count: bins.get(index) ?? 0,
      ...behind(index),
    }));
  }
  if (spec.hi === spec.lo) return [{ from: spec.lo, to: spec.hi, count: bins.get(0) ?? 0, ...behind(0) }];
  const step = (spec.hi - spec.lo) / EQUAL_BINS;
  return Array.from({ length: EQUAL_BINS }, (_, index) => ({
    from: spec.lo + index * step,
    to: index === EQUAL_BINS - 1 ? spec.hi : spec.lo + (index + 1) * step,
    count: bins.get(index) ?? 0,
    ...behind(index),
  }));
}

function choiceBody(planned: PlannedQuestion, aggregates: Aggregates, slot: GroupSlot, inPanel: boolean) {
  const { question } = planned;
  const aggregate = get(aggregates.choices, planned.sourceId, slot, emptyChoice);
  const body: {
    n: number;
    respondents?: number;
    options: ReturnType<typeof withCounts>;
    other?: { count: number; total: number; texts: string[] };
    mean?: number | null;
  } = {
    n: aggregate.n,
    ...(inPanel ? { respondents: aggregate.respondents.n } : {}),
    options: withCounts(question.options, aggregate.counts, inPanel ? aggregate.respondents.counts : undefined),
  };
  if (planned.otherSourceId !== undefined) {
    const texts = get(aggregates.texts, planned.otherSourceId, slot, emptyTexts);
    body.other = { count: aggregate.counts.get("other") ?? 0, total: texts.total, texts: texts.texts };
  }
  if (hasNumericOptions(question)) {
    body.mean = meanOfCounts(
      [...aggregate.counts.entries()].filter(([value]) => isNumberText(value)).map(([value, count]) => [Number(value), count] as [number, number]),
    );
  }
  return body;
}

function numericBody(planned: PlannedQuestion, aggregates: Aggregates, slot: GroupSlot, inPanel: boolean) {
  const stats = get(aggregates.numbers.perSource, planned.sourceId, slot, emptyNumbers);
  const values = stats.values ? [...stats.values.entries()].sort(([a], [b]) => a - b) : [];
  return {
    n: stats.n,
    ...(inPanel ? { respondents: stats.respondents.n } : {}),
    mean: stats.mean,
    median: stats.median,
    q1: stats.q1,
    q3: stats.q3,
    min: stats.min,
    max: stats.max,
    histogram: histogramOf(aggregates.numbers.binSpecs.get(planned.sourceId), stats.bins, inPanel ? stats.respondents.bins : undefined),
    options: values.map(([value, count]) => ({ value: String(value), label: { de: String(value), en: String(value) }, count })),
  };
}

function matrixShape(question: ResultQuestion) {
  const meanOf: "value" | "position" = question.columns.length > 0 && question.columns.every((column) => isNumberText(column.value)) ? "value" : "position";
  return { meanOf, columns: question.columns.map(({ value, label }) => ({ value, label })) };
}

function matrixBody(planned: PlannedQuestion, aggregates: Aggregates, slot: GroupSlot, inPanel: boolean) {
  const { question } = planned;
  const aggregate = get(aggregates.matrices, planned.sourceId, slot, emptyMatrix);
  const { meanOf } = matrixShape(question);
  const scores = new Map(question.columns.map((column, index) => [column.value, meanOf === "value" ? Number(column.value) : index + 1]));
  return {
    n: aggregate.n,
    ...(inPanel ? { respondents: aggregate.respondents.n } : {}),
    rows: question.rows.map((row) => {
      const cells = aggregate.cells.get(row.value) ?? new Map<string, number>();
      const distribution = withCounts(question.columns, cells, inPanel ? (aggregate.respondents.cells.get(row.value) ?? new Map()) : undefined);
      return {
        value: row.value,
        label: row.label,
        n: [...cells.values()].reduce((sum, count) => sum + count, 0),
        ...(inPanel ? { respondents: aggregate.respondents.rows.get(row.value) ?? 0 } : {}),
        distribution,
        options: distribution,
        mean: meanOfCounts([...cells.entries()].filter(([value]) => scores.has(value)).map(([value, count]) => [scores.get(value)!, count])),
      };
    }),
  };
}

function textBody(planned: PlannedQuestion, aggregates: Aggregates, slot: GroupSlot, inPanel: boolean) {
  const { n, respondents, total, texts } = get(aggregates.texts, planned.sourceId, slot, emptyTexts);
  return { n, ...(inPanel ? { respondents } : {}), total, texts };
}

const identityOf = (question: ResultQuestion) => ({ name: question.name, title: question.title, type: question.type });

/** What is the same for every group: the numeric scale, the matrix columns. */
function shapeOf(question: ResultQuestion) {
  if (question.kind === "numeric") return { scale: question.scale };
  if (question.kind === "matrix") return matrixShape(question);
  return {};
}

/**
 * A question inside a multipletext or paneldynamic, with its identity and shape (no groups there);
 * inside a paneldynamic (`inPanel`) its counts are entries, each with the respondents behind it.
 */
function partOf(planned: PlannedQuestion, aggregates: Aggregates, slot: GroupSlot, inPanel: boolean): FieldResultJson {
  const { question } = planned;
  return { ...identityOf(question), kind: question.kind, ...shapeOf(question), ...bodyOf(planned, aggregates, slot, inPanel) } as FieldResultJson;
}

/** The figures of one question's kind (with n) for one slot; `inPanel`: a paneldynamic's field (or an item of one). */
export function bodyOf(planned: PlannedQuestion, aggregates: Aggregates, slot: GroupSlot, inPanel = false): Record<string, unknown> & { n: number } {
  const { question } = planned;
  const compound = () => get(aggregates.compound.perSource, planned.sourceId, slot, emptyCompound);
  switch (question.kind) {
    case "choice":
    case "multiple":
      return choiceBody(planned, aggregates, slot, inPanel);
    case "numeric":
      return numericBody(planned, aggregates, slot, inPanel);
    case "matrix":
      return matrixBody(planned, aggregates, slot, inPanel);
    case "text":
      return textBody(planned, aggregates, slot, inPanel);
    case "multipletext":
      return {
        n: compound().n,
        ...(inPanel ? { respondents: compound().respondents } : {}),
        items: planned.items.map((item) => partOf(item, aggregates, slot, inPanel)),
      };
    case "paneldynamic": {
      const { n, entries } = compound();
      return { n, entries, fields: planned.fields.map((field) => partOf(field, aggregates, slot, true)) };
    }
    default:
      return { n: compound().n, ...(inPanel ? { respondents: compound().respondents } : {}) };
  }
}

/**
 * One top-level question's result: identity, shape, overall figures and, with groups, the
 * figures per group in the order of `groups`.
 */
export function questionResultOf(planned: PlannedQuestion, aggregates: Aggregates, groups: ResultGroup[] | undefined): QuestionResultJson {
  const { question } = planned;
  const overall = bodyOf(planned, aggregates, OVERALL);
  return {
    ...identityOf(question),
    kind: question.kind,
    ...shapeOf(question),
    ...overall,
    answered: overall.n,
    ...(groups ? { groups: groups.map((group) => ({ key: group.key, ...bodyOf(planned, aggregates, slotOfGroup(group.key)) })) } : {}),
  } as QuestionResultJson;
}
