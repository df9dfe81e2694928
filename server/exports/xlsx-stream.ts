/**
 * Export tables as one XLSX workbook, one sheet per table, written with exceljs's streaming
 * WorkbookWriter: rows are committed as they come and the zip leaves as a byte stream. Sheets
 * are written one after the other (a second open sheet would wait in memory inside the zip),
 * and after each batch the writer waits until the reader has taken what was written, so a slow
 * download does not pile up the workbook in memory.
 *
 * Every cell is a string or a number, never a formula: text starting with "=" stays text.
 *
 * @example
 * return c.body(xlsxStream([{ name: "Antworten", table }, { name: "Angebote", table: offers }]), 200, headers);
 */
import { PassThrough } from "node:stream";
import type { Cell } from "./export-columns.ts";
import type { ExportTable } from "./response-table.ts";

export interface XlsxSheet {
  name: string;
  table: ExportTable;
}

/** Excel's limit of characters in one cell. */
const MAX_CELL_LENGTH = 32_767;
/** Characters XML 1.0 cannot carry (they would make the file unreadable). */
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
const INVALID_XML_ALL = new RegExp(INVALID_XML.source, "g");

/** A cell as exceljs should store it: text without characters XML forbids, at most 32,767 long. */
export function xlsxCell(cell: Cell): string | number | null {
  if (cell === null || typeof cell === "number") return cell;
  let text = INVALID_XML.test(cell) ? cell.replace(INVALID_XML_ALL, "") : cell;
  if (text.length > MAX_CELL_LENGTH) text = text.slice(0, MAX_CELL_LENGTH);
  return text;
}

/**
 * A sheet name Excel accepts: without []:*?/\, at most 31 characters, not empty, different
 * (ignoring case) from the names already used.
 */
export function sheetName(wanted: string, used: Set<string>): string {
  const base = wanted.replace(/[[\]:*?/\\]/g, " ").replace(/\s+/g, " ").replace(/^'+|'+$/g, "").trim().slice(0, 31).trim() || "Liste";
  let name = base;
  for (let count = 2; used.has(name.toLowerCase()); count++) {
    const suffix = ` (${count})`;
    name = `${base.slice(0, 31 - suffix.length).trim()}${suffix}`;
  }
  used.add(name.toLowerCase());
  return name;
}

/** A writable stream of Node's or of the `readable-stream` package (which archiver uses). */
interface DrainableStream {
  writableNeedDrain?: boolean;
  _writableState?: { needDrain?: boolean };
  destroyed?: boolean;
  on(event: "drain" | "close", listener: () => void): unknown;
  removeListener(event: "drain" | "close", listener: () => void): unknown;
}

/**
 * The stream through which a sheet's XML enters the zip. exceljs writes a sheet into its own
 * buffer and passes it on without waiting, so when compressing falls behind, the XML piles up
 * there; waiting for it to drain after each batch keeps memory flat. (An exceljs 4.4 internal:
 * when it is not found, only the output is waited for.)
 */
function sheetEntryStream(worksheet: unknown): DrainableStream | null {
  const pipes = (worksheet as { stream?: { pipes?: unknown[] } }).stream?.pipes;
  const entry = Array.isArray(pipes) ? (pipes[0] as Partial<DrainableStream> | undefined) : undefined;
  return entry && typeof entry.on === "function" && typeof entry.removeListener === "function" ? (entry as DrainableStream) : null;
}

/** Resolves once the stream has room again, is gone, or the download was cancelled. */
function drained(stream: DrainableStream | null, cancelled: AbortSignal): Promise<void> {
  const needsDrain = stream ? (stream.writableNeedDrain ?? stream._writableState?.needDrain ?? false) : false;
  if (!stream || !needsDrain || stream.destroyed || cancelled.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      stream.removeListener("drain", done);
      stream.removeListener("close", done);
      cancelled.removeEventListener("abort", done);
      resolve();
    };
    stream.on("drain", done);
    stream.on("close", done);
    cancelled.addEventListener("abort", done);
  });
}

/** The workbook as a byte stream; an error while writing ends the stream with that error. */
export function xlsxStream(sheets: XlsxSheet[]): ReadableStream<Uint8Array> {
  const output = new PassThrough({ highWaterMark: 256 * 1024 });
  const chunks = output[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const cancelled = new AbortController();

  const write = async () => {
    // Loaded on first use: exceljs is large, and most starts never write a workbook.
    const { default: Excel } = await import("exceljs");
    // No styles (they double the time to write; the frozen header row says enough) and no shared
    // strings (their table would grow with the rows).
    const workbook = new Excel.stream.xlsx.WorkbookWriter({ stream: output, useStyles: false, useSharedStrings: false });
    workbook.creator = "Kanon";
    const used = new Set<string>();
    for (const sheet of sheets) {
      const worksheet = workbook.addWorksheet(sheetName(sheet.name, used), { views: [{ state: "frozen", ySplit: 1 }] });
      worksheet.columns = sheet.table.header.map((header) => ({ width: Math.min(40, Math.max(8, header.length + 2)) }));
      worksheet.addRow(sheet.table.header.map(xlsxCell)).commit();
      for await (const rows of sheet.table.batches()) {
        if (cancelled.signal.aborted) return;
        for (const row of rows) worksheet.addRow(row.map(xlsxCell)).commit();
        // Wait while compressing or the reader is behind.
        await new Promise((resolve) => setImmediate(resolve));
        await drained(sheetEntryStream(worksheet), cancelled.signal);
        await drained(output, cancelled.signal);
        if (cancelled.signal.aborted) return;
      }
      worksheet.commit();
    }
    await workbook.commit();
  };

  return new ReadableStream<Uint8Array>(
    {
      start() {
        write().catch((error: unknown) => output.destroy(error instanceof Error ? error : new Error(String(error))));
      },
      async pull(controller) {
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(new Uint8Array(next.value.buffer, next.value.byteOffset, next.value.byteLength));
      },
      cancel() {
        cancelled.abort();
        output.destroy();
      },
    },
    { highWaterMark: 1 },
  );
}
