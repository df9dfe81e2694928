import { sql, type Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { hashToken } from "../lib/tokens.ts";
import type { SaveRequest, SaveResult } from "./save-answers.ts";

interface PendingSave {
  tokenHash: string;
  request: SaveRequest;
  resolve: (result: SaveResult | null) => void;
  reject: (error: unknown) => void;
}

const MAX_BATCH = 200;

/**
 * Group commit for autosaves. Saves that arrive while the previous batch is running are written
 * together: one UPDATE (and one INSERT for first saves) for the whole batch instead of a round
 * trip each, which is what lets a two-core server take thousands of saves per second. Each row
 * carries its own conditions (link open, revision unchanged), so a batch never writes a save
 * the one-by-one path would have refused; a save that was not written resolves to null and the
 * caller takes the careful path to explain why. One save per respondent per batch, in order.
 */
export class SaveBatcher {
  private queue: PendingSave[] = [];
  private readonly inFlightTokens = new Set<string>();
  private batchesInFlight = 0;
  private scheduled = false;

  /** Two batches may be in flight: one is written while the next one gathers. */
  constructor(
    private readonly db: Kysely<Database>,
    private readonly maxBatchesInFlight = 2,
  ) {}

  save(token: string, request: SaveRequest): Promise<SaveResult | null> {
    return new Promise((resolve, reject) => {
      this.queue.push({ tokenHash: hashToken(token), request, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.batchesInFlight >= this.maxBatchesInFlight || this.queue.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.runBatch();
    });
  }

  /** Takes up to MAX_BATCH saves, at most one per respondent and none whose earlier save is still being written. */
  private takeBatch(): PendingSave[] {
    const batch: PendingSave[] = [];
    const later: PendingSave[] = [];
    const seen = new Set<string>();
    for (const pending of this.queue) {
      if (batch.length < MAX_BATCH && !seen.has(pending.tokenHash) && !this.inFlightTokens.has(pending.tokenHash)) {
        batch.push(pending);
      } else {
        later.push(pending);
      }
      seen.add(pending.tokenHash);
    }
    this.queue = later;
    return batch;
  }

  private async runBatch(): Promise<void> {
    const batch = this.takeBatch();
    if (batch.length === 0) return;
    this.batchesInFlight += 1;
    for (const pending of batch) this.inFlightTokens.add(pending.tokenHash);
    this.schedule();
    try {
      const results = await this.write(batch);
      for (const pending of batch) pending.resolve(results.get(pending.tokenHash) ?? null);
    } catch (error) {
      for (const pending of batch) pending.reject(error);
    } finally {
      for (const pending of batch) this.inFlightTokens.delete(pending.tokenHash);
      this.batchesInFlight -= 1;
      this.schedule();
    }
  }

  private async write(batch: PendingSave[]): Promise<Map<string, SaveResult>> {
    const rows = (saves: PendingSave[]) =>
      JSON.stringify(
        saves.map(({ tokenHash, request }) => ({
          token_hash: tokenHash,
          answers: request.answers,
          page: request.page,
          base: request.baseRevision,
          submit: request.submit,
          device: request.device,
        })),
      );
    const linkIsOpen = sql`
      invitation_links.token_hash = batch.token_hash
      and invitation_links.invitation_id = invitations.id
      and invitation_links.revoked_at is null
      and invitations.revoked_at is null
      and not invitations.anonymous_submitted
      and surveys.status = 'open'
      and (surveys.closing_date is null or surveys.closing_date >= (now() at time zone 'Europe/Berlin')::date)`;
    const batchRows = (json: string) =>
      sql`jsonb_to_recordset(${json}::jsonb) as batch(token_hash text, answers jsonb, page int, base int, submit boolean, device text)`;

    const firstSaves = batch.filter((pending) => pending.request.baseRevision === 0);
    const laterSaves = batch.filter((pending) => pending.request.baseRevision > 0);
    const written: WrittenRow[] = [];
    if (laterSaves.length > 0) {
      // answer_revisions: every question whose value differs from the stored one (or vanished)
      // gets the new revision, which is what later merges compare against.
      const result = await sql<WrittenRow>`
        update responses
        set answers = batch.answers,
            answer_revisions = responses.answer_revisions || coalesce((
              select jsonb_object_agg(changed.key, responses.revision + 1)
              from (
                select incoming.key from jsonb_each(batch.answers) as incoming
                where incoming.value is distinct from responses.answers -> incoming.key
                union
                select stored.key from jsonb_each(responses.answers) as stored
                where not (batch.answers ? stored.key)
              ) as changed
            ), '{}'::jsonb),
            current_page = batch.page,
            revision = responses.revision + 1,
            status = case when batch.submit or responses.status = 'submitted' then 'submitted' else 'draft' end,
            last_device = batch.device,
            updated_at = now(),
            submitted_at = case when batch.submit then now() else responses.submitted_at end
        from ${batchRows(rows(laterSaves))}, invitation_links, invitations, surveys
        where ${linkIsOpen}
          and surveys.id = invitations.survey_id
          and responses.invitation_id = invitations.id
          and responses.revision = batch.base
          and (responses.status = 'draft' or surveys.allow_edit_after_submit)
        returning batch.token_hash, batch.submit, responses.id, responses.organisation_id, responses.revision,
                  responses.updated_at, responses.status, case when batch.submit then responses.answers end as answers`.execute(this.db);
      written.push(...result.rows);
    }
    if (firstSaves.length > 0) {
      // Two links of one invitation (a colleague's) may start the response in the same batch:
      // one row per invitation is chosen, so the token reported as written is the one stored.
      const result = await sql<WrittenRow>`
        with chosen as (
          select distinct on (invitations.id) batch.*, invitations.id as invitation_id,
                 invitations.organisation_id, invitations.survey_id
          from ${batchRows(rows(firstSaves))}
          join invitation_links on invitation_links.token_hash = batch.token_hash
          join invitations on invitations.id = invitation_links.invitation_id
          join surveys on surveys.id = invitations.survey_id
          where ${linkIsOpen}
          order by invitations.id
        ), inserted as (
          insert into responses (organisation_id, survey_id, invitation_id, answers, answer_revisions, current_page, revision,
                                 status, last_device, submitted_at)
          select chosen.organisation_id, chosen.survey_id, chosen.invitation_id, chosen.answers,
                 (select coalesce(jsonb_object_agg(key, 1), '{}'::jsonb) from jsonb_each(chosen.answers)),
                 chosen.page, 1, case when chosen.submit then 'submitted' else 'draft' end, chosen.device,
                 case when chosen.submit then now() end
          from chosen
          on conflict (invitation_id) do nothing
          returning responses.invitation_id, responses.status = 'submitted' as submit, responses.id, responses.organisation_id,
                    responses.revision, responses.updated_at, responses.status,
                    case when responses.status = 'submitted' then responses.answers end as answers
        )
        select chosen.token_hash, inserted.submit, inserted.id, inserted.organisation_id, inserted.revision,
               inserted.updated_at, inserted.status, inserted.answers
        from inserted join chosen on chosen.invitation_id = inserted.invitation_id`.execute(this.db);
      written.push(...result.rows);
    }
    const submitted = written.filter((row) => row.submit);
    if (submitted.length > 0) {
      await this.db
        .insertInto("response_submissions")
        .values(
          submitted.map((row) => ({
            organisation_id: row.organisation_id,
            response_id: row.id,
            revision: row.revision,
            answers: JSON.stringify(row.answers),
          })),
        )
        .execute();
    }
    return new Map(
      written.map((row) => [row.token_hash, { revision: row.revision, savedAt: new Date(row.updated_at).toISOString(), status: row.status }]),
    );
  }
}

interface WrittenRow {
  token_hash: string;
  submit: boolean;
  id: string;
  organisation_id: string;
  revision: number;
  updated_at: Date;
  status: "draft" | "submitted";
  /** Only for submissions (kept in response_submissions); null for drafts. */
  answers: Record<string, unknown> | null;
}
