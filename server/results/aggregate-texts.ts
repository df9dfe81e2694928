import { sql } from "kysely";
import { respondentsCtes, type ResultsScope } from "./results-filter.ts";
import { entryOf, slotOf, type PerSource } from "./group-slots.ts";
import { column, perSlot, readAggregate, unitsOf } from "./unit-columns.ts";
import type { ValueSource } from "./value-sources.ts";

export interface TextAggregate {
  /** Members (or entries) with a non-blank text. */
  n: number;
  /** Texts matching the search (all texts without one). */
  total: number;
  /** The newest matching texts, at most the limit. */
  texts: string[];
  /** Inside a panel: the respondents behind n. */
  respondents: number;
}

export const emptyTexts = (): TextAggregate => ({ n: 0, total: 0, texts: [], respondents: 0 });

export interface TextOptions {
  /** Case-insensitive substring the texts must contain. */
  search?: string;
  /** Most texts returned per source and group. */
  limit: number;
}

/**
 * Counts and lists the free texts of every text source (text, comment, "other" texts, text items
 * of multipletext, texts in panels), newest submission first: one pass over the units, each
 * source's texts ordered inside its own aggregate.
 */
export async function aggregateTexts(scope: ResultsScope, sources: ValueSource[], options: TextOptions): Promise<PerSource<TextAggregate>> {
  const result: PerSource<TextAggregate> = new Map();
  if (sources.length === 0) return result;
  const search = options.search?.trim();
  const limit = Math.max(0, Math.floor(options.limit));
  const matches = (text: ReturnType<typeof column>) => (search ? sql`strpos(lower(${text}), lower(${search}::text)) > 0` : sql`${text} is not null`);
  const slot = perSlot(scope.groupBy !== undefined);
  const aggregates = sources.map((source) => {
    const text = column(source);
    const listed =
      limit > 0
        ? sql`(array_agg(${text} order by submitted_at desc nulls last, rid, ord) filter (where ${matches(text)}))[1:${sql.lit(limit)}]`
        : sql`null::text[]`;
    const respondents = source.inPanel ? sql`count(distinct rid) filter (where ${text} is not null)` : sql`count(${text})`;
    return sql`count(${text}) as ${column(source, "n")}, ${respondents} as ${column(source, "r")}, count(*) filter (where ${matches(text)}) as ${column(source, "t")}, ${listed} as ${column(source, "a")}`;
  });
  const unpivoted = sources.map(
    (source) => sql`(${sql.lit(source.id)}, agg.${column(source, "n")}, agg.${column(source, "r")}, agg.${column(source, "t")}, agg.${column(source, "a")})`,
  );
  const units = unitsOf(
    sources,
    (raw) => sql`case when jsonb_typeof(${raw}) in ('string', 'number') and btrim(${raw} #>> '{}', E' \\t\\r\\n') <> '' then ${raw} #>> '{}' end`,
  );
  const rows = await readAggregate(
    scope.db,
    sql<{ sid: number; grouped: boolean; g: string | null; n: number; respondents: number; total: number; texts: string[] | null }>`
      with ${respondentsCtes(scope)}
      select agg.grouped, agg.g, counted.sid, counted.n::int as n, counted.respondents::int as respondents, counted.total::int as total, counted.texts
      from (select ${slot.columns}, ${sql.join(aggregates)} from ${units} as units ${slot.groupBy}) as agg
      cross join lateral (values ${sql.join(unpivoted)}) as counted(sid, n, respondents, total, texts)`,
  );
  for (const row of rows) {
    Object.assign(entryOf(result, row.sid, slotOf(row.grouped, row.g), emptyTexts), { n: row.n, respondents: row.respondents, total: row.total, texts: row.texts ?? [] });
  }
  return result;
}
