import { sql, type Kysely } from "kysely";

/**
 * Runs a block of semicolon-separated DDL one statement at a time: PGlite's extended query
 * protocol takes a single statement per call. Statements must not contain semicolons in literals.
 */
export async function runStatements(db: Kysely<unknown>, block: string): Promise<void> {
  const statements = block
    .split(/;\s*\n/)
    .map((statement) => statement.trim())
    .filter((statement) => statement.length > 0);
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}
