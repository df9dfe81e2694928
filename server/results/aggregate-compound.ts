import { sql, type RawBuilder } from "kysely";
import { respondentsCtes, type ResultsScope } from "./results-filter.ts";
import { entryOf, slotOf, type GroupSlot, type PerSource } from "./group-slots.ts";
import { column, perSlot, readAggregate, unitsOf } from "./unit-columns.ts";
import { contentEntryCountSql, NO_DEFAULTS } from "../lib/panel-entries.ts";
import type { ValueSource } from "./value-sources.ts";

export interface CompoundAggregate {
  /** multipletext: members with an answered item; paneldynamic: members with at least one entry with content; other: members with any answer. */
  n: number;
  /** paneldynamic: entries with content over all members (empty default rows are left out). */
  entries: number;
  /** Inside a panel (n counts entries there): the respondents behind n. */
  respondents: number;
}

export const emptyCompound = (): CompoundAggregate => ({ n: 0, entries: 0, respondents: 0 });

export interface CompoundAggregates {
  /** Respondents per slot (overall and per group). */
  respondents: Map<GroupSlot, number>;
  perSource: PerSource<CompoundAggregate>;
}

function answered(source: ValueSource, value: RawBuilder<unknown>): RawBuilder<unknown> {
  switch (source.compound) {
    case "multipletext":
      return sql`jsonb_typeof(${value}) = 'object' and exists (
        select 1 from jsonb_each(${value}) as item
        where jsonb_typeof(item.value) in ('number', 'boolean')
           or (jsonb_typeof(item.value) = 'string' and btrim(item.value #>> '{}', E' \\t\\r\\n') <> ''))`;
    case "matrixdropdown":
      // A row with a cell holding a number, a yes/no, a non-blank text or a non-empty list.
      return sql`jsonb_typeof(${value}) = 'object' and exists (
        select 1 from jsonb_each(${value}) as row
        cross join lateral jsonb_each(case jsonb_typeof(row.value) when 'object' then row.value else '{}'::jsonb end) as cell
        where jsonb_typeof(cell.value) in ('number', 'boolean')
           or (jsonb_typeof(cell.value) = 'string' and btrim(cell.value #>> '{}', E' \\t\\r\\n') <> '')
           or (jsonb_typeof(cell.value) = 'array' and jsonb_array_length(cell.value) > 0))`;
    case "paneldynamic":
      // The value is the member's count of entries with content (see convert below).
      return sql`${value} > 0`;
    default:
      return sql`${value} is not null and ${value} not in ('null'::jsonb, '""'::jsonb, '[]'::jsonb, '{}'::jsonb)`;
  }
}

/**
 * Respondents per group, and n (and panel entries) of the questions aggregated only through their
 * parts (multipletext, paneldynamic) or not at all: one pass, one row of counts per group.
 */
export async function aggregateCompound(scope: ResultsScope, sources: ValueSource[]): Promise<CompoundAggregates> {
  const slot = perSlot(scope.groupBy !== undefined);
  const aggregates = sources.map((source) => {
    const value = column(source);
    const entries = source.compound === "paneldynamic" ? sql`sum(${value})` : sql`0`;
    // Inside a panel n counts entries: how many respondents they come from, too.
    const respondents = source.inPanel ? sql`count(distinct units.rid) filter (where ${answered(source, value)})` : sql`0`;
    return sql`count(*) filter (where ${answered(source, value)}) as ${column(source, "n")}, ${entries} as ${column(source, "e")}, ${respondents} as ${column(source, "r")}`;
  });
  const unpivoted = [
    // The member rows themselves: the respondents of each slot (panel entries are not respondents).
    sql`(null::int, agg.members, 0, 0)`,
    ...sources.map((source) => sql`(${sql.lit(source.id)}, agg.${column(source, "n")}, agg.${column(source, "e")}, agg.${column(source, "r")})`),
  ];
  // A paneldynamic is read as its member's count of entries with content, once per member.
  const convert = (raw: RawBuilder<unknown>, source: ValueSource) =>
    source.compound === "paneldynamic" ? sql`case when ${raw} is not null then ${contentEntryCountSql(raw, source.entryRule ?? NO_DEFAULTS)} end` : raw;
  const units = unitsOf(sources, convert, { members: true });
  const rows = await readAggregate(
    scope.db,
    sql<{ sid: number | null; grouped: boolean; g: string | null; n: number; entries: number; respondents: number }>`
      with ${respondentsCtes(scope)}
      select agg.grouped, agg.g, counted.sid, counted.n::int as n, coalesce(counted.entries, 0)::int as entries, counted.respondents::int as respondents
      from (select ${sql.join([slot.columns, sql`count(*) filter (where units.part = 0) as members`, ...aggregates])} from ${units} as units ${slot.groupBy}) as agg
      cross join lateral (values ${sql.join(unpivoted)}) as counted(sid, n, entries, respondents)`,
  );
  const respondents = new Map<GroupSlot, number>();
  const perSource: PerSource<CompoundAggregate> = new Map();
  for (const row of rows) {
    const slot = slotOf(row.grouped, row.g);
    if (row.sid === null) respondents.set(slot, row.n);
    else Object.assign(entryOf(perSource, row.sid, slot, emptyCompound), { n: row.n, entries: row.entries, respondents: row.respondents });
  }
  return { respondents, perSource };
}
