import { sql, type RawBuilder } from "kysely";
import { respondentsCtes, type ResultsScope } from "./results-filter.ts";
import { entryOf, OVERALL, slotOf, type PerSource } from "./group-slots.ts";
import { column, groupingSetsOf, perSlot, readAggregate, respondentOf, respondentsBehind, sourceOfRow, sourcesByPart, unitsOf, valueOfRow } from "./unit-columns.ts";
import type { ValueSource } from "./value-sources.ts";

export interface NumberStats {
  n: number;
  mean: number | null;
  min: number | null;
  max: number | null;
  q1: number | null;
  median: number | null;
  q3: number | null;
  /** All values whole numbers (decides the kind of bins). */
  integral: boolean;
  /** Count per histogram bin index (0-based), per the source's bin spec. */
  bins: Map<number, number>;
  /** Inside a panel: the respondents behind n and behind each bin's entries. */
  respondents: { n: number; bins: Map<number, number> };
  /** Count per distinct value, when there are at most MAX_DISTINCT_VALUES of them in this slot; else null. */
  values: Map<number, number> | null;
}

/**
 * How a source's histogram is binned, from its overall minimum and maximum (the same bins for
 * every group, so groups can be compared):
 * - whole numbers: bins of a "nice" integer width (1, 2, 5, 10, 20, 50 …; years 1, 5, 10, 20, 50 …),
 *   the smallest giving at most 20 bins (years 30), aligned to multiples of the width;
 * - otherwise ten equal bins over [min, max] (one bin when min = max).
 */
export interface BinSpec {
  lo: number;
  hi: number;
  /** The integer width, or null for ten equal bins. */
  width: number | null;
}

export const MAX_DISTINCT_VALUES = 30;
export const MAX_NUMBER_BINS = 20;
export const MAX_YEAR_BINS = 30;
export const EQUAL_BINS = 10;

/** Widths tried for whole numbers, smallest first: 1, 2, 5, 10, 20, 50, … up to 5·10^15. */
export const NUMBER_WIDTHS = Array.from({ length: 16 }, (_, power) => [1, 2, 5].map((step) => step * 10 ** power)).flat();
/** Widths tried for years: 1, 5, 10, 20, 50, 100, … */
export const YEAR_WIDTHS = [1, 5, ...NUMBER_WIDTHS.filter((width) => width >= 10)];

export const emptyNumbers = (): NumberStats => ({
  n: 0,
  mean: null,
  min: null,
  max: null,
  q1: null,
  median: null,
  q3: null,
  integral: true,
  bins: new Map(),
  values: null,
  respondents: { n: 0, bins: new Map() },
});

export interface NumberAggregates {
  perSource: PerSource<NumberStats>;
  binSpecs: Map<number, BinSpec>;
}

/**
 * A JSON number, or a string holding a plain decimal number, as float8; null otherwise, and null
 * beyond ±10^15 (no answer the door lets in, respond/answer-types.ts): a value stored before
 * answers were typed (1e160, 400 digits) is ignored instead of overflowing a sum or a bin.
 */
function numberOf(raw: RawBuilder<unknown>): RawBuilder<unknown> {
  const trimmed = sql`btrim(${raw} #>> '{}', E' \\t\\r\\n')`;
  return sql`case jsonb_typeof(${raw})
    when 'number' then case when abs((${raw})::float8) <= 1e15 then (${raw})::float8 end
    when 'string' then case when ${trimmed} ~ '^-?[0-9]{1,15}(\\.[0-9]{1,12})?$' then ${trimmed}::float8 end
  end`;
}

/** The bins of a source from its overall figures (see BinSpec); null without values. */
export function binSpecOf(stats: NumberStats, year: boolean): BinSpec | null {
  if (stats.n === 0 || stats.min === null || stats.max === null) return null;
  const { min: lo, max: hi } = stats;
  if (!stats.integral) return { lo, hi, width: null };
  const most = year ? MAX_YEAR_BINS : MAX_NUMBER_BINS;
  const width = (year ? YEAR_WIDTHS : NUMBER_WIDTHS).find((candidate) => Math.floor(hi / candidate) - Math.floor(lo / candidate) + 1 <= most);
  return { lo, hi, width: width ?? null };
}

/** The 0-based bin of a value under a spec, in SQL (the same arithmetic as histogramOf's edges). */
function binOf(value: RawBuilder<unknown>, spec: BinSpec): RawBuilder<unknown> {
  if (spec.width !== null) return sql`(floor(${value} / ${spec.width}::float8) - floor(${spec.lo}::float8 / ${spec.width}::float8))::int`;
  if (spec.hi === spec.lo) return sql`case when ${value} is not null then 0 end`;
  const step = (spec.hi - spec.lo) / EQUAL_BINS;
  // least() skips nulls: without the case, every unanswered row would land in the last bin.
  return sql`case when ${value} is not null then least(floor((${value} - ${spec.lo}::float8) / ${step}::float8), ${sql.lit(EQUAL_BINS - 1)})::int end`;
}

/** n, mean, min, max, quartiles (percentile_cont: linear interpolation) and "all whole" per source and slot. */
async function statsOf(scope: ResultsScope, sources: ValueSource[]) {
  const slot = perSlot(scope.groupBy !== undefined);
  const aggregates = sources.map((source) => {
    const value = column(source);
    // Inside a panel the values are entries: how many respondents they come from, too.
    const respondents = source.inPanel ? sql`count(distinct units.rid) filter (where ${value} is not null)` : sql`count(${value})`;
    return sql`count(${value}) as ${column(source, "n")}, ${respondents} as ${column(source, "r")}, avg(${value}) as ${column(source, "m")},
      min(${value}) as ${column(source, "lo")}, max(${value}) as ${column(source, "hi")},
      percentile_cont(array[0.25, 0.5, 0.75]::float8[]) within group (order by ${value}) as ${column(source, "q")},
      coalesce(bool_and(${value} = floor(${value})), true) as ${column(source, "i")}`;
  });
  const unpivoted = sources.map(
    (source) =>
      sql`(${sql.lit(source.id)}, agg.${column(source, "n")}, agg.${column(source, "r")}, agg.${column(source, "m")}, agg.${column(source, "lo")}, agg.${column(source, "hi")}, agg.${column(source, "q")}, agg.${column(source, "i")})`,
  );
  return readAggregate(
    scope.db,
    sql<{ sid: number; grouped: boolean; g: string | null; n: number; respondents: number; mean: number | null; min: number | null; max: number | null; quartiles: number[] | null; integral: boolean }>`
      with ${respondentsCtes(scope)}
      select agg.grouped, agg.g, stats.sid, stats.n::int as n, stats.respondents::int as respondents, stats.mean, stats.min, stats.max, stats.quartiles, stats.integral
      from (select ${slot.columns}, ${sql.join(aggregates)} from ${unitsOf(sources, numberOf)} as units ${slot.groupBy}) as agg
      cross join lateral (values ${sql.join(unpivoted)}) as stats(sid, n, respondents, mean, min, max, quartiles, integral)`,
  );
}

/**
 * Counts per histogram bin and per distinct value (kept only where a slot has few); inside a
 * panel each bin's entries are counted per respondent first, so the bin comes with the
 * respondents behind it.
 */
async function binsOf(scope: ResultsScope, sources: ValueSource[], specs: Map<number, BinSpec>) {
  const grouping = scope.groupBy !== undefined;
  const slot = perSlot(grouping, "binned");
  const counted = sourcesByPart(sources).map((part) => {
    const inPanel = part.some((source) => source.inPanel);
    const binned = part.map((source) => sql`units.${column(source)}, ${binOf(sql`units.${column(source)}`, specs.get(source.id)!)} as ${column(source, "b")}`);
    return sql`
      select ${sourceOfRow(part, "b")} as bin_sid, ${valueOfRow(part, "b")} as bin,
             ${sourceOfRow(part)} as value_sid, ${valueOfRow(part)} as x, ${slot.columns}, ${respondentOf(part)} as rid, count(*)::int as n
      from (select units.grouped, units.g, units.rid, ${sql.join(binned)} from ${unitsOf(part, numberOf)} as units offset 0) as binned
      group by ${groupingSetsOf(part, grouping, ["b", "c"], inPanel ? ["b"] : [])}`;
  });
  return readAggregate(
    scope.db,
    sql<{ bin_sid: number | null; bin: number | null; value_sid: number | null; x: number | null; grouped: boolean; g: string | null; n: number; respondents: number }>`
      with ${respondentsCtes(scope)}
      select bin_sid, bin, value_sid, x, grouped, g, sum(n)::int as n, ${respondentsBehind(sql`n`, sql`rid`)}::int as respondents from (
        select counted.*, count(*) over (partition by value_sid, grouped, g) as variety
        from (${sql.join(counted, sql` union all `)}) as counted
        where bin_sid is not null or value_sid is not null
      ) as counted
      where bin_sid is not null or variety <= ${sql.lit(MAX_DISTINCT_VALUES)}
      group by bin_sid, bin, value_sid, x, grouped, g`,
  );
}

/**
 * n, mean, minimum, maximum and quartiles of every number source, its histogram and, where a
 * slot has few distinct values, the count per value. Two queries: the figures (all sources in
 * one pass), then, with bins chosen from the overall minimum and maximum, the bin and value
 * counts (again one pass, grouping sets).
 */
export async function aggregateNumbers(scope: ResultsScope, sources: ValueSource[]): Promise<NumberAggregates> {
  const perSource: PerSource<NumberStats> = new Map();
  const binSpecs = new Map<number, BinSpec>();
  if (sources.length === 0) return { perSource, binSpecs };

  for (const row of await statsOf(scope, sources)) {
    const [q1, median, q3] = row.quartiles ?? [];
    const stats = entryOf(perSource, row.sid, slotOf(row.grouped, row.g), emptyNumbers);
    stats.respondents.n = row.respondents;
    Object.assign(stats, {
      n: row.n,
      mean: row.mean,
      min: row.min,
      max: row.max,
      q1: q1 ?? null,
      median: median ?? null,
      q3: q3 ?? null,
      integral: row.integral,
    });
  }
  for (const source of sources) {
    const overall = perSource.get(source.id)?.get(OVERALL);
    const spec = overall ? binSpecOf(overall, source.scale === "year") : null;
    if (spec) binSpecs.set(source.id, spec);
  }
  const binned = sources.filter((source) => binSpecs.has(source.id));
  if (binned.length === 0) return { perSource, binSpecs };
  for (const row of await binsOf(scope, binned, binSpecs)) {
    if (row.bin_sid !== null) {
      const stats = entryOf(perSource, row.bin_sid, slotOf(row.grouped, row.g), emptyNumbers);
      stats.bins.set(row.bin!, row.n);
      stats.respondents.bins.set(row.bin!, row.respondents);
    } else if (row.value_sid !== null) {
      const stats = entryOf(perSource, row.value_sid, slotOf(row.grouped, row.g), emptyNumbers);
      (stats.values ??= new Map()).set(row.x!, row.n);
    }
  }
  return { perSource, binSpecs };
}
