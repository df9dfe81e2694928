/**
 * Bounds on an imported directory file, checked before or while it is parsed, so that no upload
 * keeps a thread busy for long or fills its memory: a file beyond them is no directory anyone
 * keeps, and the planner learns which limit it broke (413 for sizes, 422 for the table's shape).
 */
import { ApiError } from "../lib/api-error.ts";
import type { ZipLimits } from "../lib/zip-limits.ts";

/** The largest file (its base64 must fit into the 10 MB body limit of the import routes). */
export const MAX_IMPORT_FILE_BYTES = 7 * 1024 * 1024;
/** More rows than any directory needs; a larger file is probably not a directory. */
export const MAX_TABLE_ROWS = 20_000;
/** Columns with content; a directory has a dozen or two. */
export const MAX_TABLE_COLUMNS = 200;
/** Characters in one cell (notes hold at most 5,000). */
export const MAX_CELL_CHARS = 10_000;
/** What an XLSX may unpack to, and how densely it may be packed (against zip bombs). */
export const XLSX_ZIP_LIMITS: ZipLimits = { maxUnpackedBytes: 40 * 1024 * 1024, maxRatio: 200, maxEntries: 1000 };

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

export function fileTooLarge(reason?: { de: string; en: string }): ApiError {
  return new ApiError(413, "file_too_large", {
    de: reason ? `Die Datei ist zu groß: ${reason.de}.` : `Die Datei ist zu groß (höchstens ${mb(MAX_IMPORT_FILE_BYTES)} MB).`,
    en: reason ? `The file is too large: ${reason.en}.` : `The file is too large (at most ${mb(MAX_IMPORT_FILE_BYTES)} MB).`,
  });
}

export function tableTooLarge(reason: { de: string; en: string }): ApiError {
  return new ApiError(422, "table_too_large", {
    de: `Die Tabelle ist zu groß für einen Import: ${reason.de}. Bitte teilen oder kürzen Sie sie.`,
    en: `The table is too large to import: ${reason.en}. Please split or shorten it.`,
  });
}

export const tooManyRows = () => tableTooLarge({ de: `mehr als ${MAX_TABLE_ROWS} Zeilen (höchstens ${MAX_TABLE_ROWS})`, en: `more than ${MAX_TABLE_ROWS} rows (at most ${MAX_TABLE_ROWS})` });
export const tooManyColumns = (row: number) =>
  tableTooLarge({ de: `Zeile ${row} hat mehr als ${MAX_TABLE_COLUMNS} Spalten (höchstens ${MAX_TABLE_COLUMNS})`, en: `row ${row} has more than ${MAX_TABLE_COLUMNS} columns (at most ${MAX_TABLE_COLUMNS})` });
export const cellTooLong = (row: number) =>
  tableTooLarge({
    de: `eine Zelle in Zeile ${row} hat mehr als ${MAX_CELL_CHARS} Zeichen (höchstens ${MAX_CELL_CHARS}; oft ein nicht geschlossenes Anführungszeichen)`,
    en: `a cell in row ${row} has more than ${MAX_CELL_CHARS} characters (at most ${MAX_CELL_CHARS}; often an unclosed quotation mark)`,
  });
