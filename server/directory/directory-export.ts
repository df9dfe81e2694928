/**
 * The directory as a table in the columns the import understands (German headers, German labels
 * for life phases and fields of action, lists separated by "; "), written as CSV for Excel
 * (UTF-8 with BOM, semicolons, cells that would start a formula prefixed with an apostrophe)
 * or as XLSX. Exporting and importing the file again gives the same directory.
 *
 * @example
 * const table = await directoryTable(db, organisationId);
 * const csv = toCsv(table); // "\uFEFFArt;Name;Typ;…"
 */
import type ExcelJS from "exceljs";
import Papa from "papaparse";
import { sql, type Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { protectCell } from "../lib/csv.ts";
import { fieldOfActionLabel, lifePhaseLabel } from "./directory-vocabulary.ts";

export const EXPORT_HEADERS = [
  "Art",
  "Name",
  "Typ",
  "E-Mail",
  "Ansprechperson",
  "Anrede",
  "Sprache",
  "Sozialraum",
  "Lebensphasen",
  "Handlungsfelder",
  "Mitglied in",
  "Notizen",
] as const;

/** Header row and one row per entry: networks first, then institutions, each by name. */
export async function directoryTable(db: Kysely<Database>, organisationId: string): Promise<string[][]> {
  const entries = await db
    .selectFrom("directory_entries")
    .leftJoin("districts", "districts.id", "directory_entries.district_id")
    .select([
      "directory_entries.kind",
      "directory_entries.name",
      "directory_entries.type",
      "directory_entries.emails",
      "directory_entries.contact_person",
      "directory_entries.contact_salutation",
      "directory_entries.language",
      "districts.name as district",
      "directory_entries.life_phases",
      "directory_entries.fields_of_action",
      "directory_entries.notes",
      sql<string[]>`(
        select coalesce(jsonb_agg(network.name order by lower(network.name)), '[]'::jsonb)
        from network_members as nm join directory_entries as network on network.id = nm.network_id
        where nm.member_id = directory_entries.id
      )`.as("networks"),
    ])
    .where("directory_entries.organisation_id", "=", organisationId)
    .orderBy(sql`directory_entries.kind = 'institution'`)
    .orderBy(sql`lower(directory_entries.name)`)
    .execute();
  const rows = entries.map((entry) => [
    entry.kind === "network" ? "Netzwerk" : "Einrichtung",
    entry.name,
    entry.type,
    entry.emails.join("; "),
    entry.contact_person,
    entry.contact_salutation === "ms" ? "Frau" : entry.contact_salutation === "mr" ? "Herr" : "",
    entry.language === "en" ? "Englisch" : "Deutsch",
    entry.district ?? "",
    entry.life_phases.map((code) => lifePhaseLabel(code).de).join("; "),
    entry.fields_of_action.map((code) => fieldOfActionLabel(code).de).join("; "),
    entry.networks.join("; "),
    entry.notes,
  ]);
  return [[...EXPORT_HEADERS], ...rows];
}

/** Moved to lib/csv.ts (shared with the response exports); re-exported for existing callers. */
export { protectCell };

/** CSV as German Excel opens it: UTF-8 with BOM, semicolons, CRLF, formula cells neutralised. */
export function toCsv(table: string[][]): string {
  const csv = Papa.unparse(
    table.map((row) => row.map(protectCell)),
    { delimiter: ";", newline: "\r\n", quotes: false },
  );
  return `\uFEFF${csv}\r\n`;
}

/** An XLSX workbook with one sheet "Verzeichnis"; every cell is text, never a formula. */
export async function toXlsx(table: string[][]): Promise<Uint8Array<ArrayBuffer>> {
  // Loaded on first use: exceljs is large, and most starts never read or write a workbook.
  const { default: Excel } = await import("exceljs");
  const workbook = new Excel.Workbook();
  workbook.creator = "Kanon";
  const sheet = workbook.addWorksheet("Verzeichnis", { views: [{ state: "frozen", ySplit: 1 }] });
  for (const row of table) sheet.addRow(row);
  sheet.getRow(1).font = { bold: true };
  sheet.columns.forEach((column, index) => {
    const longest = Math.max(...table.map((row) => (row[index] ?? "").length));
    column.width = Math.min(60, Math.max(10, longest + 2));
  });
  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer as unknown as ArrayBuffer);
}
