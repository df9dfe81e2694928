import { sql, type Kysely } from "kysely";
import type { Database } from "../../server/db/schema.ts";

/**
 * Everything one organisation has in the database, as comparable data: every row of every table
 * that names the organisation, with generated ids replaced by what they stand for (a survey by
 * its title, an entry by its name …), secrets left out, and the moments written at "now" (not
 * planned by the example generator) left out. Rows are sorted, so two dumps of the same content
 * are equal however the rows were inserted.
 */

/** Columns that differ between two identical generations: secrets, serial numbers, and moments written at "now". */
const VOLATILE: Record<string, readonly string[]> = {
  "*": ["token_hash", "password_hash", "id_hash", "csrf_token", "claim_id"],
  organisations: ["created_at"],
  users: ["created_at"],
  districts: ["created_at"],
  directory_entries: ["created_at", "updated_at"],
  survey_series: ["created_at"],
  invitation_links: ["created_at", "id"],
  mail_outbox: ["id"],
  audit_log: ["id"],
  response_submissions: ["id"],
};

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

type Row = Record<string, unknown>;

/** The tables with an organisation_id column, from the database itself (so new tables are included). */
async function tenantTables(db: Kysely<Database>): Promise<string[]> {
  const result = await sql<{ table_name: string }>`
    select table_name from information_schema.columns
    where table_schema = current_schema() and column_name = 'organisation_id'
    order by table_name`.execute(db);
  return result.rows.map((row) => row.table_name);
}

async function rowsOf(db: Kysely<Database>, query: string, parameter: string): Promise<Row[]> {
  const result = await sql.raw<Row>(query.replaceAll("$1", `'${parameter}'`)).execute(db);
  return result.rows;
}

/** Every row of the organisation, per table (including its survey_data_versions, keyed by survey). */
export async function organisationRows(db: Kysely<Database>, organisationId: string): Promise<Record<string, Row[]>> {
  const rows: Record<string, Row[]> = {};
  rows.organisations = await rowsOf(db, "select * from organisations where id = $1", organisationId);
  for (const table of await tenantTables(db)) rows[table] = await rowsOf(db, `select * from ${table} where organisation_id = $1`, organisationId);
  rows.survey_data_versions = await rowsOf(db, "select * from survey_data_versions where survey_id in (select id from surveys where organisation_id = $1)", organisationId);
  return rows;
}

/** How many rows the organisation has per table. */
export async function organisationRowCounts(db: Kysely<Database>, organisationId: string): Promise<Record<string, number>> {
  const rows = await organisationRows(db, organisationId);
  return Object.fromEntries(Object.entries(rows).map(([table, list]) => [table, list.length]));
}

function labels(rows: Record<string, Row[]>): Map<string, string> {
  const label = new Map<string, string>();
  const title = (id: unknown) => label.get(String(id)) ?? "?";
  for (const row of rows.organisations ?? []) label.set(String(row.id), "organisation");
  for (const row of rows.users ?? []) label.set(String(row.id), `user:${row.email}`);
  for (const row of rows.districts ?? []) label.set(String(row.id), `district:${row.name}`);
  for (const row of rows.directory_entries ?? []) label.set(String(row.id), `entry:${row.name}`);
  for (const row of rows.survey_series ?? []) label.set(String(row.id), `series:${row.name}`);
  for (const row of rows.surveys ?? []) label.set(String(row.id), `survey:${row.title}`);
  for (const row of rows.invitations ?? []) label.set(String(row.id), `invitation:${title(row.survey_id)}:${row.email}`);
  for (const row of rows.responses ?? []) label.set(String(row.id), `response:${title(row.invitation_id)}`);
  for (const row of rows.mailings ?? []) label.set(String(row.id), `mailing:${title(row.survey_id)}:${row.kind}:${new Date(row.created_at as string).toISOString()}`);
  for (const row of rows.network_views ?? []) label.set(String(row.id), `view:${title(row.survey_id)}:${title(row.network_id)}:${row.mode}`);
  return label;
}

function canonical(value: unknown, label: Map<string, string>): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "bigint") return String(value);
  if (typeof value === "string") return value.replace(UUID, (id) => label.get(id.toLowerCase()) ?? "<uuid>");
  if (Array.isArray(value)) return value.map((entry) => canonical(entry, label));
  if (value && typeof value === "object") {
    // A released group document lists its networks in id order; labelled, the order is the names'.
    const sortedById = (key: string, entry: unknown) => key === "networks" && Array.isArray(entry) ? [...(canonical(entry, label) as string[])].sort() : canonical(entry, label);
    return Object.fromEntries(Object.entries(value as Row).map(([key, entry]) => [key, sortedById(key, entry)]));
  }
  return value;
}

/** The organisation's content, comparable across databases and runs (see the file comment). */
export async function canonicalDump(db: Kysely<Database>, organisationId: string): Promise<Record<string, string[]>> {
  const rows = await organisationRows(db, organisationId);
  const label = labels(rows);
  const dump: Record<string, string[]> = {};
  for (const [table, list] of Object.entries(rows)) {
    const dropped = new Set([...VOLATILE["*"]!, ...(VOLATILE[table] ?? [])]);
    dump[table] = list
      .map((row) => JSON.stringify(canonical(Object.fromEntries(Object.entries(row).filter(([column]) => !dropped.has(column))), label)))
      .sort();
  }
  return dump;
}
