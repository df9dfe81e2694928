/**
 * A survey's responses read in batches for an export, in a fixed order, never all at once:
 * each batch is one short query continuing after the last row of the previous one (keyset
 * pagination), so memory stays the same for 100 or 100,000 responses and other requests run
 * between batches (on the embedded database too, which has one connection). Identified surveys
 * come with the recipient's address and directory entry joined.
 *
 * Order: by creation of the response (then id), so the response numbers of two downloads
 * match; anonymous surveys by the response's random id instead (given when the answers were
 * released in their batch), so the order reveals nothing about when someone answered.
 *
 * @example
 * for await (const batch of responseBatches(db, { organisationId, surveyId, statuses: ["submitted"], withRecipients: true, order: "created" })) {
 *   for (const response of batch) console.log(response.answers, response.recipient?.email);
 * }
 */
import { sql, type Kysely, type RawBuilder } from "kysely";
import type { Database, DirectoryKind, ResponseStatus } from "../db/schema.ts";
import { contentEntryCountSql, type EntryRule } from "../lib/panel-entries.ts";

/** Rows per query: large enough to keep round trips few, small enough to keep memory flat. */
export const EXPORT_BATCH_SIZE = 2_000;

export interface ExportRecipient {
  email: string;
  /** The directory entry's name, else the name the invitation was addressed to. */
  name: string;
  kind: DirectoryKind | null;
  type: string | null;
  district: string | null;
  lifePhases: string[];
  fieldsOfAction: string[];
  /** Names of the networks the entry is a member of. */
  networks: string[];
}

export interface ExportResponse {
  id: string;
  status: ResponseStatus;
  createdAt: Date;
  submittedAt: Date | null;
  answers: Record<string, unknown>;
  /** Only when asked for (identified surveys), and only when the response has an invitation. */
  recipient: ExportRecipient | null;
}

export interface ResponseBatchOptions {
  organisationId: string;
  surveyId: string;
  statuses: ResponseStatus[];
  withRecipients: boolean;
  order: "created" | "id";
  /** Read only this answer (a repeatable list), for the pass that writes its entries. */
  onlyAnswer?: string;
  batchSize?: number;
  /** Further conditions on the responses (alias `r`), e.g. a results filter. */
  where?: RawBuilder<unknown>;
}

/** The responses in export order, batch by batch. */
export async function* responseBatches(db: Kysely<Database>, options: ResponseBatchOptions): AsyncGenerator<ExportResponse[]> {
  const batchSize = options.batchSize ?? EXPORT_BATCH_SIZE;
  const entries = new DirectoryEntryCache(db, options.organisationId);
  let next: Promise<BatchRow[]> | null = batchQuery(db, options, null, batchSize);
  try {
    while (next !== null) {
      const rows: BatchRow[] = await next;
      next = null;
      if (rows.length === 0) return;
      // Ask for the following batch now, so the database works while this one is written.
      if (rows.length === batchSize) {
        const last = rows[rows.length - 1]!;
        next = batchQuery(db, options, { at: last.cursor_at, id: last.id }, batchSize);
      }
      if (options.withRecipients) await entries.load(rows.map((row) => row.directory_entry_id));
      yield rows.map((row) => ({
        id: row.id,
        status: row.status,
        createdAt: row.created_at,
        submittedAt: row.submitted_at,
        answers: row.answers ?? {},
        recipient: options.withRecipients && row.email !== null ? recipientOf(row, entries.get(row.directory_entry_id)) : null,
      }));
    }
  } finally {
    // Stopped early (download cancelled): the prefetched batch is not wanted, nor its failure.
    next?.catch(() => {});
  }
}

interface BatchRow {
  id: string;
  status: ResponseStatus;
  created_at: Date;
  cursor_at: string;
  submitted_at: Date | null;
  answers: Record<string, unknown> | null;
  email: string | null;
  invitation_name: string | null;
  directory_entry_id: string | null;
}

interface DirectoryEntryInfo {
  name: string;
  kind: DirectoryKind;
  type: string;
  district: string | null;
  life_phases: string[];
  fields_of_action: string[];
  networks: string[];
}

function recipientOf(row: BatchRow, entry: DirectoryEntryInfo | undefined): ExportRecipient {
  return {
    email: row.email ?? "",
    name: entry?.name ?? row.invitation_name ?? "",
    kind: entry?.kind ?? null,
    type: entry?.type ?? null,
    district: entry?.district ?? null,
    lifePhases: entry?.life_phases ?? [],
    fieldsOfAction: entry?.fields_of_action ?? [],
    networks: entry?.networks ?? [],
  };
}

/**
 * The directory entries the responses' invitations went to, loaded once per export for the
 * entries a batch names (a directory has hundreds or thousands of entries, far fewer than
 * responses; the cache is emptied should one ever exceed MAX_CACHED).
 */
class DirectoryEntryCache {
  private static readonly MAX_CACHED = 20_000;
  private readonly entries = new Map<string, DirectoryEntryInfo>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly organisationId: string,
  ) {}

  get(id: string | null): DirectoryEntryInfo | undefined {
    return id === null ? undefined : this.entries.get(id);
  }

  async load(ids: (string | null)[]): Promise<void> {
    const missing = [...new Set(ids.filter((id): id is string => id !== null && !this.entries.has(id)))];
    if (missing.length === 0) return;
    if (this.entries.size + missing.length > DirectoryEntryCache.MAX_CACHED) this.entries.clear();
    const [rows, memberships] = await Promise.all([
      this.db
        .selectFrom("directory_entries as d")
        .leftJoin("districts", "districts.id", "d.district_id")
        .select(["d.id", "d.name", "d.kind", "d.type", "districts.name as district", "d.life_phases", "d.fields_of_action"])
        .where("d.organisation_id", "=", this.organisationId)
        .where("d.id", "in", missing)
        .execute(),
      this.db
        .selectFrom("network_members as nm")
        .innerJoin("directory_entries as network", "network.id", "nm.network_id")
        .select(["nm.member_id", "network.name"])
        .where("nm.organisation_id", "=", this.organisationId)
        .where("nm.member_id", "in", missing)
        .execute(),
    ]);
    const networks = new Map<string, string[]>();
    for (const membership of memberships) {
      const names = networks.get(membership.member_id) ?? [];
      names.push(membership.name);
      networks.set(membership.member_id, names);
    }
    const byName = (a: string, b: string) => a.toLowerCase().localeCompare(b.toLowerCase(), "de") || (a < b ? -1 : a > b ? 1 : 0);
    for (const row of rows) {
      this.entries.set(row.id, {
        name: row.name,
        kind: row.kind,
        type: row.type,
        district: row.district,
        life_phases: row.life_phases ?? [],
        fields_of_action: row.fields_of_action ?? [],
        networks: (networks.get(row.id) ?? []).sort(byName),
      });
    }
  }
}

async function batchQuery(
  db: Kysely<Database>,
  options: ResponseBatchOptions,
  cursor: { at: string; id: string } | null,
  batchSize: number,
): Promise<BatchRow[]> {
  const answers = options.onlyAnswer === undefined
    ? sql`r.answers`
    : sql`jsonb_build_object(${options.onlyAnswer}::text, r.answers -> ${options.onlyAnswer}::text)`;
  const recipient = options.withRecipients
    ? sql`i.email, i.name as invitation_name, i.directory_entry_id`
    : sql`null::text as email, null::text as invitation_name, null::uuid as directory_entry_id`;
  const joins = options.withRecipients
    ? sql`left join invitations as i on i.id = r.invitation_id and i.organisation_id = r.organisation_id`
    : sql``;
  const byId = options.order === "id";
  const after = cursor === null
    ? sql``
    : byId
      ? sql`and r.id > ${cursor.id}::uuid`
      : sql`and (r.created_at, r.id) > (${cursor.at}::timestamptz, ${cursor.id}::uuid)`;
  const order = byId ? sql`r.id` : sql`r.created_at, r.id`;
  // The page's ids first (a narrow sort), then the wide rows of just those.
  const result = await sql<BatchRow>`
    with page as materialized (
      select r.id from responses as r
      where r.organisation_id = ${options.organisationId} and r.survey_id = ${options.surveyId}
        and r.status in (${sql.join(options.statuses)}) and r.excluded_at is null ${options.where ?? sql``} ${after}
      order by ${order}
      limit ${batchSize}
    )
    select r.id, r.status, r.created_at, r.created_at::text as cursor_at, r.submitted_at, ${answers} as answers, ${recipient}
    from page join responses as r on r.id = page.id ${joins}
    order by ${order}`.execute(db);
  return result.rows;
}

/** How many responses an export of these statuses has (for the progress shown while it downloads). */
export async function countResponses(
  db: Kysely<Database>,
  organisationId: string,
  surveyId: string,
  statuses: ResponseStatus[],
  where: RawBuilder<unknown> = sql``,
): Promise<number> {
  const row = await db
    .selectFrom("responses as r")
    .select(sql<number>`count(*)::int`.as("count"))
    .where("r.organisation_id", "=", organisationId)
    .where("r.survey_id", "=", surveyId)
    .where("r.status", "in", statuses)
    .where("r.excluded_at", "is", null)
    .where(sql<boolean>`true ${where}`)
    .executeTakeFirstOrThrow();
  return row.count;
}

/** How many responses planners excluded (left out of every export; the export panel says so). */
export async function countExcludedResponses(db: Kysely<Database>, organisationId: string, surveyId: string): Promise<number> {
  const row = await db
    .selectFrom("responses as r")
    .select(sql<number>`count(*)::int`.as("count"))
    .where("r.organisation_id", "=", organisationId)
    .where("r.survey_id", "=", surveyId)
    .where("r.excluded_at", "is not", null)
    .executeTakeFirstOrThrow();
  return row.count;
}

/** How many entries with content a repeatable list has over these responses (the rows of its table). */
export async function countListEntries(
  db: Kysely<Database>,
  organisationId: string,
  surveyId: string,
  statuses: ResponseStatus[],
  list: { name: string; entryRule: EntryRule },
  where: RawBuilder<unknown> = sql``,
): Promise<number> {
  const row = await db
    .selectFrom("responses as r")
    .select(sql<number>`coalesce(sum(${contentEntryCountSql(sql`r.answers -> ${list.name}::text`, list.entryRule)}), 0)::int`.as("count"))
    .where("r.organisation_id", "=", organisationId)
    .where("r.survey_id", "=", surveyId)
    .where("r.status", "in", statuses)
    .where("r.excluded_at", "is", null)
    .where(sql<boolean>`true ${where}`)
    .executeTakeFirstOrThrow();
  return row.count;
}
