import type { Kysely } from "kysely";
import { runStatements } from "./run-statements.ts";

/**
 * Results read every submitted answer document of a survey. PostgreSQL compresses documents over
 * ~2 kB (a 30-question survey with a few texts and an offers list is 2–4 kB), and decompressing
 * them on every results request cost about a quarter of its time. Kept uncompressed inline up to
 * a full page (8160 bytes), documents are read as they are; larger ones are still compressed.
 * Applies to documents written from now on.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, `alter table responses set (toast_tuple_target = 8160)`);
}
