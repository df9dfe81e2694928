import { sql, type RawBuilder } from "kysely";
import { respondentsCtes, type ResultsScope } from "./results-filter.ts";
import { entryOf, slotOf, type PerSource } from "./group-slots.ts";
import { groupingSetsOf, perSlot, readAggregate, respondentOf, respondentsBehind, sourceOfRow, sourcesByPart, unitsOf, valueOfRow } from "./unit-columns.ts";
import type { ValueSource } from "./value-sources.ts";

export interface MatrixAggregate {
  /** Members with at least one answered row. */
  n: number;
  /** Per row key: how many chose each column value. */
  cells: Map<string, Map<string, number>>;
  /** Inside a panel: the respondents behind n, behind each row and behind each cell. */
  respondents: { n: number; rows: Map<string, number>; cells: Map<string, Map<string, number>> };
}

export const emptyMatrix = (): MatrixAggregate => ({ n: 0, cells: new Map(), respondents: { n: 0, rows: new Map(), cells: new Map() } });

const validCell = sql`jsonb_typeof(cell.value) in ('string', 'number', 'boolean') and cell.value <> '""'::jsonb`;

/**
 * A matrix answer as {row: column}; a ranking's list of options in rank order becomes
 * {option: rank} (1 for the first), so a ranking is counted like a matrix of options × ranks.
 */
function asRowsAndColumns(raw: RawBuilder<unknown>, source: ValueSource): RawBuilder<unknown> {
  if (!source.ranking) return sql`case when jsonb_typeof(${raw}) = 'object' then ${raw} end`;
  return sql`case when jsonb_typeof(${raw}) = 'array' then (
    select jsonb_object_agg(ranked.option #>> '{}', ranked.rank)
    from jsonb_array_elements(${raw}) with ordinality as ranked(option, rank)
    where jsonb_typeof(ranked.option) in ('string', 'number')) end`;
}

/**
 * Counts the cells of every matrix source (row × column value) in one query; answers are counted
 * per whole object first, so each distinct answer pattern is taken apart once.
 */
export async function aggregateMatrices(scope: ResultsScope, sources: ValueSource[]): Promise<PerSource<MatrixAggregate>> {
  const result: PerSource<MatrixAggregate> = new Map();
  if (sources.length === 0) return result;
  const grouping = scope.groupBy !== undefined;
  const slot = perSlot(grouping);
  // Panel entries are counted per respondent first (rid), so each count comes with the respondents behind it.
  const counted = sourcesByPart(sources).map(
    (part) => sql`
      select ${sourceOfRow(part)} as sid, ${slot.columns}, ${respondentOf(part)} as rid, ${valueOfRow(part)} as v, count(*)::int as c
      from ${unitsOf(part, asRowsAndColumns)} as units
      group by ${groupingSetsOf(part, grouping, ["c"], part.some((source) => source.inPanel) ? ["c"] : [])}`,
  );
  const rows = await readAggregate(
    scope.db,
    sql<{ sid: number; grouped: boolean; g: string | null; row: string | null; value: string | null; count: number; respondents: number }>`
      with ${respondentsCtes(scope)},
      distinct_answers as (
        select * from (${sql.join(counted, sql` union all `)}) as counted where sid is not null
      ),
      cells as (
        select answer.sid, answer.grouped, answer.g, answer.rid, answer.c, cell.key as row, cell.value #>> '{}' as value
        from distinct_answers as answer
        cross join lateral jsonb_each(answer.v) as cell
        where ${validCell}
      ),
      -- Per respondent: each cell, and each row (value null: a cell's value never is).
      per_respondent as (
        select sid, grouped, g, rid, row, value, sum(c) as c from cells
        group by grouping sets ((sid, grouped, g, rid, row, value), (sid, grouped, g, rid, row))
      ),
      answered as (
        select answer.sid, answer.grouped, answer.g, answer.rid, sum(answer.c) as c
        from distinct_answers as answer
        where exists (select 1 from jsonb_each(answer.v) as cell where ${validCell})
        group by answer.sid, answer.grouped, answer.g, answer.rid
      )
      select sid, grouped, g, row, value, sum(c)::int as count, ${respondentsBehind(sql`c`, sql`rid`)}::int as respondents
      from per_respondent group by sid, grouped, g, row, value
      union all
      select sid, grouped, g, null as row, null as value, sum(c)::int as count, ${respondentsBehind(sql`c`, sql`rid`)}::int as respondents
      from answered group by sid, grouped, g`,
  );
  for (const row of rows) {
    const aggregate = entryOf(result, row.sid, slotOf(row.grouped, row.g), emptyMatrix);
    if (row.row === null) {
      aggregate.n = row.count;
      aggregate.respondents.n = row.respondents;
      continue;
    }
    if (row.value === null) {
      aggregate.respondents.rows.set(row.row, row.respondents);
      continue;
    }
    let columns = aggregate.cells.get(row.row);
    if (!columns) aggregate.cells.set(row.row, (columns = new Map()));
    columns.set(row.value, row.count);
    let behind = aggregate.respondents.cells.get(row.row);
    if (!behind) aggregate.respondents.cells.set(row.row, (behind = new Map()));
    behind.set(row.value, row.respondents);
  }
  return result;
}
