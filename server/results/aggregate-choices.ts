import { sql } from "kysely";
import { choiceValuesOf, respondentsCtes, type ResultsScope } from "./results-filter.ts";
import { entryOf, slotOf, type PerSource } from "./group-slots.ts";
import { groupingSetsOf, perSlot, readAggregate, respondentOf, respondentsBehind, sourceOfRow, sourcesByPart, unitsOf, valueOfRow } from "./unit-columns.ts";
import type { ValueSource } from "./value-sources.ts";

export interface ChoiceAggregate {
  /** Members (or panel entries) with at least one value. */
  n: number;
  /** How many members chose each value (each member counts a value once). */
  counts: Map<string, number>;
  /** Inside a panel: the respondents behind n and behind each value's entries. */
  respondents: { n: number; counts: Map<string, number> };
}

export const emptyChoice = (): ChoiceAggregate => ({ n: 0, counts: new Map(), respondents: { n: 0, counts: new Map() } });

/**
 * Counts the values of every choice source (single and multiple choice, boolean, rating, also
 * inside panels) in one query: answers are first counted per whole jsonb value (grouping sets,
 * one per source), so a multiple-choice array is taken apart once per distinct combination, not
 * once per respondent.
 *
 * @example
 * const counts = await aggregateChoices(scope, plan.sources.filter((source) => source.kind === "choice"));
 * counts.get(sourceId)?.get(OVERALL)?.counts.get("kita"); // 17
 */
export async function aggregateChoices(scope: ResultsScope, sources: ValueSource[]): Promise<PerSource<ChoiceAggregate>> {
  const result: PerSource<ChoiceAggregate> = new Map();
  if (sources.length === 0) return result;
  const grouping = scope.groupBy !== undefined;
  const slot = perSlot(grouping);
  // Panel entries are counted per respondent first (rid), so each count comes with the respondents behind it.
  const counted = sourcesByPart(sources).map(
    (part) => sql`
      select ${sourceOfRow(part)} as sid, ${slot.columns}, ${respondentOf(part)} as rid, ${valueOfRow(part)} as v, count(*)::int as c
      from ${unitsOf(part, (raw) => raw)} as units
      group by ${groupingSetsOf(part, grouping, ["c"], part.some((source) => source.inPanel) ? ["c"] : [])}`,
  );
  const rows = await readAggregate(
    scope.db,
    sql<{ sid: number; grouped: boolean; g: string | null; value: string | null; count: number; respondents: number }>`
      with ${respondentsCtes(scope)},
      distinct_answers as (
        select * from (${sql.join(counted, sql` union all `)}) as counted where sid is not null
      ),
      chosen as (
        select answer.sid, answer.grouped, answer.g, answer.rid, chosen.value, sum(answer.c) as c
        from distinct_answers as answer
        cross join lateral ${choiceValuesOf(sql`answer.v`)} as chosen
        group by answer.sid, answer.grouped, answer.g, answer.rid, chosen.value
      ),
      answered as (
        select answer.sid, answer.grouped, answer.g, answer.rid, sum(answer.c) as c
        from distinct_answers as answer
        where exists (select 1 from ${choiceValuesOf(sql`answer.v`)} as chosen)
        group by answer.sid, answer.grouped, answer.g, answer.rid
      )
      select sid, grouped, g, value, sum(c)::int as count, ${respondentsBehind(sql`c`, sql`rid`)}::int as respondents from chosen group by sid, grouped, g, value
      union all
      select sid, grouped, g, null as value, sum(c)::int as count, ${respondentsBehind(sql`c`, sql`rid`)}::int as respondents from answered group by sid, grouped, g`,
  );
  for (const row of rows) {
    const aggregate = entryOf(result, row.sid, slotOf(row.grouped, row.g), emptyChoice);
    if (row.value === null) {
      aggregate.n = row.count;
      aggregate.respondents.n = row.respondents;
    } else {
      aggregate.counts.set(row.value, row.count);
      aggregate.respondents.counts.set(row.value, row.respondents);
    }
  }
  return result;
}
