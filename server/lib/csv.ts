/**
 * CSV as German Excel opens it: UTF-8 with a byte order mark, semicolons, CRLF, and every cell
 * neutralised against formula injection (a cell a spreadsheet would run as a formula gets a
 * leading apostrophe). Shared by the directory export and the response exports.
 *
 * @example
 * csvLine(["=1+2", "Kita; Schule", "Nord"]); // "'=1+2;\"Kita; Schule\";Nord\r\n"
 */

/** The byte order mark that makes Excel read a CSV file as UTF-8. */
export const CSV_BOM = "\uFEFF";

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[";\r\n]/;

/** A cell a spreadsheet would read as a formula (=, +, -, @, tab, CR first) gets a leading apostrophe. */
export function protectCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/**
 * One CSV cell: neutralised like `protectCell`, and quoted when it holds a semicolon, a quote, a
 * line break or spaces at either end.
 *
 * @example
 * csvCell("-2"); // "'-2"
 * csvCell("a; b"); // "\"a; b\""
 */
export function csvCell(value: string): string {
  const safe = protectCell(value);
  if (NEEDS_QUOTES.test(safe) || (safe.length > 0 && (safe.charCodeAt(0) === 32 || safe.charCodeAt(safe.length - 1) === 32))) {
    return `"${safe.replace(/"/g, '""')}"`;
  }
  return safe;
}

/**
 * One CSV line, semicolon separated, ending in CRLF. Cells may be numbers (written as they
 * are, or with a decimal comma when `text` says so) or empty (null).
 */
export function csvLine(cells: readonly (string | number | null)[], text: (cell: number) => string = String): string {
  let line = "";
  for (let index = 0; index < cells.length; index++) {
    if (index > 0) line += ";";
    const cell = cells[index];
    if (cell === null || cell === undefined) continue;
    line += csvCell(typeof cell === "number" ? text(cell) : cell);
  }
  return `${line}\r\n`;
}
