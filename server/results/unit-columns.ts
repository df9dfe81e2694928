import { sql, type Kysely, type RawBuilder } from "kysely";
import type { Database } from "../db/schema.ts";
import { entryHasContentSql, NO_DEFAULTS } from "../lib/panel-entries.ts";
import type { ValueSource } from "./value-sources.ts";

/**
 * Values are read from units, one row each: the member itself (top-level questions and
 * multipletext items) or one entry of a paneldynamic (the questions inside it). Units come from
 * one pass over the responses: each member row followed by its panel entries (`part` 0 is the
 * member, `part` k the entries of the k-th panel; only entries with content, lib/panel-entries.ts).
 * One row per unit carries one column per source
 * (null where the source is not in that part), so a query reads each answer document once and
 * hands every value to its aggregate without a row per value (which costs several times more in
 * PostgreSQL). At 100,000 responses each pass over the table costs a tenth of a second or more,
 * so queries make as few as they can.
 */

/** The column name of a source's value. */
export const column = (source: ValueSource, prefix = "c") => sql.id(`${prefix}${source.id}`);

/** The jsonb value of a source, read from the unit's document `doc`. */
function lookUp(source: ValueSource): RawBuilder<unknown> {
  const keys = source.inPanel ? source.keys : [source.top, ...source.keys];
  return keys.reduce<RawBuilder<unknown>>((value, key) => sql`${value} -> ${key}::text`, sql`unit.doc`);
}

/** "Other" texts count only where the answer next to them includes "other". */
function gate(source: ValueSource, raw: RawBuilder<unknown>): RawBuilder<unknown> {
  if (source.otherOf === undefined) return raw;
  const siblingKeys = source.inPanel ? [...source.keys.slice(0, -1), source.otherOf] : [source.otherOf];
  const sibling = siblingKeys.reduce<RawBuilder<unknown>>((value, key) => sql`${value} -> ${key}::text`, sql`raw.doc`);
  return sql`case when ${raw} is not null and ${sibling} @> '"other"'::jsonb then ${raw} end`;
}

/**
 * The sources split by part (the members' own questions, then each panel's). Aggregates over
 * grouping sets put every row into every set's hash table, so they read each part separately
 * (a row of one part would only add nulls to the other parts' sets).
 */
export function sourcesByPart(sources: ValueSource[]): ValueSource[][] {
  const parts = [sources.filter((source) => !source.inPanel), ...panelsOf(sources).map((panel) => sources.filter((source) => source.inPanel && source.top === panel))];
  return parts.filter((part) => part.length > 0);
}

/** The panels the sources sit in, in order: their entries are parts 1, 2, … */
function panelsOf(sources: ValueSource[]): string[] {
  return [...new Set(sources.filter((source) => source.inPanel).map((source) => source.top))];
}

/**
 * SQL of a subquery with one row per unit: `grouped`, `g`, `submitted_at`, `rid` (response id),
 * `part`, `ord` (the entry's place in its panel, 0 for members) and one column per source,
 * `convert`ed from the source's jsonb value (null in other parts). Must follow the `members` CTE
 * of respondentsCtes(). Each document is read once: the lookups sit in an inner subquery that
 * `offset 0` keeps the planner from merging into every use. With `members`, the member rows are
 * there even when no source reads them (to count respondents).
 */
export function unitsOf(
  sources: ValueSource[],
  convert: (raw: RawBuilder<unknown>, source: ValueSource) => RawBuilder<unknown>,
  options: { members?: boolean } = {},
): RawBuilder<unknown> {
  const panels = panelsOf(sources);
  const withMembers = options.members === true || sources.some((source) => !source.inPanel);
  const parts: RawBuilder<unknown>[] = [];
  if (withMembers) parts.push(sql`select 0 as part, 0::bigint as ord, members.answers as doc`);
  panels.forEach((panel, index) => {
    const rule = sources.find((source) => source.inPanel && source.top === panel)?.entryRule ?? NO_DEFAULTS;
    parts.push(sql`
      select ${sql.lit(index + 1)} as part, entry.ord, entry.value as doc
      from (select members.answers -> ${panel}::text as list offset 0) as panel
      cross join lateral jsonb_array_elements(case jsonb_typeof(panel.list) when 'array' then panel.list else '[]'::jsonb end)
        with ordinality as entry(value, ord)
      where ${entryHasContentSql(sql`entry.value`, rule)}`);
  });
  const single = parts.length === 1;
  const units =
    single && withMembers
      ? sql`(select members.grouped, members.g, members.submitted_at, members.id as rid, 0 as part, 0::bigint as ord, members.answers as doc from members)`
      : sql`(
          select members.grouped, members.g, members.submitted_at, members.id as rid, unit_part.part, unit_part.ord, unit_part.doc
          from members cross join lateral (${sql.join(parts, sql` union all `)}) as unit_part
        )`;
  const raws = sources.map((source) => {
    const part = source.inPanel ? panels.indexOf(source.top) + 1 : 0;
    return single
      ? sql`${lookUp(source)} as ${column(source, "r")}`
      : sql`case when unit.part = ${sql.lit(part)} then ${lookUp(source)} end as ${column(source, "r")}`;
  });
  const converted = sources.map((source) => sql`${convert(gate(source, sql`raw.${column(source, "r")}`), source)} as ${column(source)}`);
  const unitColumns = ["grouped", "g", "submitted_at", "rid", "part", "ord"];
  const outer = sql.join([...unitColumns.map((name) => sql`raw.${sql.id(name)}`), ...converted]);
  const inner = sql.join([...unitColumns.map((name) => sql`unit.${sql.id(name)}`), sql`unit.doc`, ...raws]);
  return sql`(select ${outer} from (select ${inner} from ${units} as unit offset 0) as raw offset 0)`;
}

/**
 * `case when c1 is not null then 1 when c2 is not null then 2 … end`: in the rows of
 * `group by grouping sets ((…, c1), (…, c2), …)` only the set's own column can be non-null, so
 * this names the source a row belongs to (rows of unanswered values come out null).
 */
export function sourceOfRow(sources: ValueSource[], prefix = "c"): RawBuilder<unknown> {
  return sql`case ${sql.join(
    sources.map((source) => sql`when ${column(source, prefix)} is not null then ${sql.lit(source.id)}`),
    sql` `,
  )} end`;
}

/** `coalesce(c1, c2, …)`: the value of the one non-null column of a grouping-sets row. */
export function valueOfRow(sources: ValueSource[], prefix = "c"): RawBuilder<unknown> {
  return sources.length === 1 ? column(sources[0]!, prefix) : sql`coalesce(${sql.join(sources.map((source) => column(source, prefix)))})`;
}

/**
 * `grouping sets ((grouped, g, c1), (grouped, g, c2), …)`, or without a grouping just
 * `((c1), (c2), …)` (the slot columns are then constants: hashing them costs a third more).
 * With `perRespondent` (a panel's part, see respondentOf) every set also splits by `rid`.
 */
export function groupingSetsOf(sources: ValueSource[], grouping: boolean, prefixes = ["c"], perRespondent: readonly string[] = []): RawBuilder<unknown> {
  const sets = sources.flatMap((source) =>
    prefixes.map((prefix) => {
      const columns = [...(grouping ? [sql`grouped`, sql`g`] : []), ...(perRespondent.includes(prefix) ? [sql`rid`] : []), column(source, prefix)];
      return sql`(${sql.join(columns)})`;
    }),
  );
  return sql`grouping sets (${sql.join(sets)})`;
}

/**
 * Whose answer a unit's values are, where that is not the unit itself: a panel's entries (one
 * institution can list several offers) carry their respondent's id, member rows null (each is its
 * own respondent). Aggregates of a part group by it, so each count of entries comes with the
 * respondents behind it (`respondentsBehind`): the number protected views withhold by.
 */
export function respondentOf(part: ValueSource[]): RawBuilder<unknown> {
  return part.some((source) => source.inPanel) ? sql`rid` : sql`null::uuid`;
}

/**
 * SQL summing rows split by respondent (respondentOf) back up: with `c` the units of a row,
 * `sum(c)` counts units and this counts respondents (a member row's units are its respondents).
 */
export function respondentsBehind(c: RawBuilder<unknown>, rid: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`sum(case when ${rid} is null then ${c} else 1 end)`;
}

/**
 * Runs one aggregate query in its own short transaction with JIT compilation off (PostgreSQL
 * would otherwise spend more time compiling these jsonb-heavy plans than running them) and hash
 * aggregation preferred over sorting, with room to plan it: the planner cannot know how few
 * distinct answers there are and would otherwise sort 100,000 wide rows once per question.
 * Queries of different kinds run concurrently on PostgreSQL.
 */
export async function readAggregate<Row>(db: Kysely<Database>, query: RawBuilder<Row>): Promise<Row[]> {
  return db.transaction().execute(async (transaction) => {
    await sql`
      select set_config('jit', 'off', true), set_config('enable_sort', 'off', true),
             set_config('work_mem', '32MB', true), set_config('hash_mem_multiplier', '16', true)`.execute(transaction);
    return (await query.execute(transaction)).rows;
  });
}

/**
 * The slot columns and GROUP BY of a one-row-per-slot aggregate. Without a grouping every unit
 * is in the overall slot: a plain aggregate then, because grouping by the constant slot would
 * make PostgreSQL sort every row first (ordered aggregates rule out hashing).
 */
export function perSlot(grouping: boolean, table = "units") {
  const t = sql.id(table);
  return grouping
    ? { columns: sql`${t}.grouped, ${t}.g`, groupBy: sql`group by ${t}.grouped, ${t}.g` }
    : { columns: sql`false as grouped, null::text as g`, groupBy: sql`` };
}
