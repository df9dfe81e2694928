/**
 * Reads an uploaded spreadsheet into rows of text: CSV (semicolon, comma or tab separated;
 * UTF-8 with or without BOM, UTF-16 with BOM, Windows-1252 as Excel writes it in Germany) or
 * XLSX (the first worksheet). Empty rows are skipped but keep their row number, so reports
 * point at the row the planner sees in the spreadsheet.
 *
 * The limits of table-limits.ts are checked while parsing (rows, columns, cell length) and, for
 * XLSX, before exceljs unpacks anything (zip-limits.ts). Parsing runs in the worker pool
 * (`readUploadedTable`), so even a file at the limits never holds up other requests.
 *
 * @example
 * const table = await readTableFile("einrichtungen.csv", bytes);
 * table.headers; // ["Name", "E-Mail", …]
 * table.rows[0]; // { row: 2, cells: ["Kita Sonnenschein", "kita@wuppertal.de", …] }
 */
import type ExcelJS from "exceljs";
import Papa from "papaparse";
import { ApiError } from "../lib/api-error.ts";
import { inWorker } from "../lib/worker-pool.ts";
import { checkZipSizes, checkZipUnpacks, ZipLimitError } from "../lib/zip-limits.ts";
import { cellTooLong, fileTooLarge, MAX_CELL_CHARS, MAX_IMPORT_FILE_BYTES, MAX_TABLE_COLUMNS, MAX_TABLE_ROWS, tooManyColumns, tooManyRows, XLSX_ZIP_LIMITS } from "./table-limits.ts";

export interface TableRow {
  /** The row number in the spreadsheet (the header is row 1 when it is the first row). */
  row: number;
  cells: string[];
}

export interface Table {
  format: "csv" | "xlsx";
  headers: string[];
  rows: TableRow[];
}

const unreadable = (reason: { de: string; en: string }) => new ApiError(400, "unreadable_file", reason);

/** The file's bytes from base64 (a `data:` URL prefix is allowed). */
export function decodeBase64File(contentBase64: string): Uint8Array {
  const base64 = contentBase64.replace(/^data:[^,]*,/, "");
  return new Uint8Array(Buffer.from(base64, "base64"));
}

const isZip = (bytes: Uint8Array) => bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
const isOldExcel = (bytes: Uint8Array) => bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0;

/** Text of a CSV file in whatever encoding it came. */
export function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder("utf-8").decode(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes.subarray(2));
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    // Not UTF-8: Excel's "CSV (Trennzeichen-getrennt)" writes Windows-1252 on German systems.
    return decodeWindows1252(bytes);
  }
}

/** 0x80–0x9F of Windows-1252 (€, „, “, –, …); the other bytes are Latin-1. Undefined bytes stay as they are. */
const WINDOWS_1252_HIGH =
  "\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f" +
  "\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178";

/** Windows-1252 by hand: Node's TextDecoder treats this label as plain Latin-1 and loses €, „ and –. */
export function decodeWindows1252(bytes: Uint8Array): string {
  // Through UTF-16 code units: one string, not millions of concatenations (7 MB in ~50 ms, not seconds).
  const units = new Uint16Array(bytes.length);
  for (let index = 0; index < bytes.length; index++) {
    const byte = bytes[index]!;
    units[index] = byte >= 0x80 && byte <= 0x9f ? WINDOWS_1252_HIGH.charCodeAt(byte - 0x80) : byte;
  }
  return new TextDecoder("utf-16le").decode(units);
}

/** The separator that splits the header line most often (outside quotes): `;`, `,` or tab. */
export function guessDelimiter(text: string): string {
  // The first line with content, found without splitting the whole file (a million lines, a million strings).
  const firstLine = /^[ \t]*\S[^\r\n]*/m.exec(text.slice(0, 1024 * 1024))?.[0] ?? "";
  const counts = new Map<string, number>([[";", 0], [",", 0], ["\t", 0]]);
  let inQuotes = false;
  for (const char of firstLine) {
    if (char === '"') inQuotes = !inQuotes;
    else if (!inQuotes && counts.has(char)) counts.set(char, counts.get(char)! + 1);
  }
  const [best, count] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]!;
  return count > 0 ? best : ";";
}

const isBlankCell = (cell: string) => cell.trim() === "";

/**
 * The row's cells up to its last one with content, or the refusal it earns: more than
 * MAX_TABLE_COLUMNS columns with content or a cell longer than MAX_CELL_CHARS.
 */
function boundedCells(cells: string[], row: number): string[] | ApiError {
  let last = cells.length - 1;
  while (last >= 0 && isBlankCell(cells[last]!)) last--;
  if (last >= MAX_TABLE_COLUMNS) return tooManyColumns(row);
  if (cells.some((cell) => cell.length > MAX_CELL_CHARS)) return cellTooLong(row);
  return cells.length > MAX_TABLE_COLUMNS ? cells.slice(0, last + 1) : cells;
}

/**
 * Splits CSV text into table rows (header first), row by row: parsing stops at the first row
 * beyond a limit (rows, columns, cell length) and throws its refusal.
 */
export function parseCsv(text: string): TableRow[] {
  const rows: TableRow[] = [];
  let filled = 0;
  let refusal: ApiError | null = null;
  Papa.parse<string[]>(text, {
    delimiter: guessDelimiter(text),
    skipEmptyLines: false,
    step: (result, parser) => {
      const row = rows.length + 1;
      const cells = boundedCells(result.data.map((cell) => String(cell ?? "")), row);
      if (cells instanceof ApiError) refusal = cells;
      else if (!cells.every(isBlankCell) && ++filled > MAX_TABLE_ROWS + 1) refusal = tooManyRows();
      if (refusal) return parser.abort();
      rows.push({ row, cells: cells as string[] });
    },
  });
  if (refusal) throw refusal;
  return rows;
}

function cellText(cell: ExcelJS.Cell): string {
  const value = cell.value;
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === "object") {
    if ("richText" in value) return value.richText.map((part) => part.text).join("");
    if ("text" in value && typeof value.text === "string") return value.text; // hyperlink
    if ("text" in value && typeof value.text === "object" && value.text && "richText" in value.text) {
      return (value.text as ExcelJS.CellRichTextValue).richText.map((part) => part.text).join("");
    }
    if ("result" in value) return value.result === undefined || value.result === null ? "" : String(value.result);
    if ("error" in value) return "";
  }
  return String(cell.text ?? value);
}

/** The zip limits as the refusal the planner reads. */
function checkedZip(check: () => void): void {
  try {
    check();
  } catch (error) {
    if (!(error instanceof ZipLimitError)) throw error;
    if (error.kind === "too_large") throw fileTooLarge(error.reason);
    throw unreadable({
      de: `Die Excel-Datei konnte nicht gelesen werden (${error.reason.de}). Bitte speichern Sie sie als .xlsx oder .csv neu.`,
      en: `The Excel file could not be read (${error.reason.en}). Please save it again as .xlsx or .csv.`,
    });
  }
}

/** The first worksheet of an XLSX file as table rows, within the limits (zip sizes first, then rows, columns, cells). */
export async function parseXlsx(bytes: Uint8Array): Promise<TableRow[]> {
  checkedZip(() => checkZipUnpacks(bytes, XLSX_ZIP_LIMITS));
  // Loaded on first use: exceljs is large, and most starts never read or write a workbook.
  const { default: Excel } = await import("exceljs");
  const workbook = new Excel.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw unreadable({
      de: "Die Excel-Datei konnte nicht gelesen werden. Bitte speichern Sie sie als .xlsx oder .csv neu.",
      en: "The Excel file could not be read. Please save it again as .xlsx or .csv.",
    });
  }
  const sheet = workbook.worksheets.find((candidate) => candidate.actualRowCount > 0) ?? workbook.worksheets[0];
  if (sheet && sheet.actualRowCount > MAX_TABLE_ROWS + 1) throw tooManyRows();
  const rows: TableRow[] = [];
  sheet?.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    let beyond = false;
    // Only cells with a value: a stray format in column XFD does not make 16,384 columns.
    row.eachCell({ includeEmpty: false }, (cell, column) => {
      const text = cellText(cell);
      if (column <= MAX_TABLE_COLUMNS) cells[column - 1] = text;
      else if (!isBlankCell(text)) beyond = true;
    });
    if (beyond) throw tooManyColumns(rowNumber);
    const bounded = boundedCells(Array.from(cells, (cell) => cell ?? ""), rowNumber);
    if (bounded instanceof ApiError) throw bounded;
    rows.push({ row: rowNumber, cells: bounded });
  });
  return rows;
}

const isBlank = (row: TableRow) => row.cells.every((cell) => cell.trim() === "");

/** Reads a CSV or XLSX file: header row, data rows (blank ones dropped), every row as long as the header. */
export async function readTableFile(fileName: string, bytes: Uint8Array): Promise<Table> {
  if (bytes.length === 0) {
    throw unreadable({ de: "Die Datei ist leer.", en: "The file is empty." });
  }
  if (isOldExcel(bytes) || /\.xls$/i.test(fileName)) {
    throw unreadable({
      de: "Das alte Excel-Format (.xls) wird nicht unterstützt. Bitte speichern Sie die Datei als .xlsx oder .csv.",
      en: "The old Excel format (.xls) is not supported. Please save the file as .xlsx or .csv.",
    });
  }
  const format = isZip(bytes) || /\.xlsx$/i.test(fileName) ? "xlsx" : "csv";
  const all = (format === "xlsx" ? await parseXlsx(bytes) : parseCsv(decodeText(bytes))).filter((row) => !isBlank(row));
  const [header, ...rows] = all;
  if (!header) throw unreadable({ de: "Die Datei enthält keine Zeilen.", en: "The file contains no rows." });
  if (rows.length > MAX_TABLE_ROWS) throw tooManyRows();
  const width = Math.max(header.cells.length, ...rows.map((row) => row.cells.length));
  const pad = (cells: string[]) => Array.from({ length: width }, (_, index) => (cells[index] ?? "").trim());
  const headers = pad(header.cells).map((cell, index) => cell || `Spalte ${index + 1}`);
  return { format, headers, rows: rows.map((row) => ({ row: row.row, cells: pad(row.cells) })) };
}

/**
 * Reads an uploaded file within the limits: the size and (for XLSX) the zip's declared sizes
 * here, cheaply; the parsing itself in the worker pool, where it cannot hold up the event loop.
 */
export async function readUploadedTable(fileName: string, bytes: Uint8Array): Promise<Table> {
  if (bytes.length > MAX_IMPORT_FILE_BYTES) throw fileTooLarge();
  if (isZip(bytes)) checkedZip(() => checkZipSizes(bytes, XLSX_ZIP_LIMITS));
  return inWorker("readTableFile", fileName, bytes);
}
