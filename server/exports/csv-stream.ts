/**
 * An export table as a CSV byte stream for German Excel (UTF-8 with BOM, semicolons, CRLF,
 * every cell neutralised against formula injection), produced batch by batch as the reader
 * asks for more: a slow download holds at most one batch in memory, and a cancelled one stops
 * reading the database.
 *
 * @example
 * return c.body(csvStream(responseTable(db, survey, options), { decimalComma: true }), 200, headers);
 */
import { CSV_BOM, csvLine } from "../lib/csv.ts";
import type { Cell } from "./export-columns.ts";
import type { ExportTable } from "./response-table.ts";

export interface CsvStyle {
  /** Write decimals as "2,5" (German Excel reads "2.5" as a date or text). */
  decimalComma: boolean;
}

const withDecimalComma = (cell: number) => String(cell).replace(".", ",");

/** The table as CSV text, in rows of a whole batch at a time. */
export function csvStream(table: ExportTable, style: CsvStyle): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let batches: AsyncGenerator<Cell[][]> | null = null;
  return new ReadableStream<Uint8Array>(
    {
      pull: async (controller) => {
        if (batches === null) {
          batches = table.batches();
          controller.enqueue(encoder.encode(CSV_BOM + csvLine(table.header)));
          return;
        }
        const next = await batches.next();
        if (next.done) {
          controller.close();
          return;
        }
        const numberText = style.decimalComma ? withDecimalComma : String;
        let text = "";
        for (const row of next.value) text += csvLine(row, numberText);
        controller.enqueue(encoder.encode(text));
      },
      cancel: async () => {
        await batches?.return(undefined);
      },
    },
    { highWaterMark: 1 },
  );
}
