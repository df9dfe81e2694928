import type { ProtectedResultsJson } from "../results/protected-results.ts";
import type { Cell } from "./export-columns.ts";
import type { ExportTable } from "./response-table.ts";
import { SUMMARY_HEADERS } from "./summary-table.ts";
import type { ExportLanguage } from "./value-labels.ts";


const WITHHELD: Record<ExportLanguage, (k: number) => string> = {
  de: (k) => `ausgeblendet (< ${k} oder zum Schutz)`,
  en: (k) => `withheld (< ${k} or to protect one)`,
};

const percent = (count: number | null, base: number | null) => (count === null || !base ? null : Math.round((count / base) * 1000) / 10);

/**
 * The summary export of a pseudonymous or anonymous survey: the same columns as the summary of
 * an identified one, filled from the protected results, so the file shows exactly the cells the
 * page shows (withheld ones say so) and nothing a second file could be subtracted from.
 */
export function protectedSummaryTable(results: ProtectedResultsJson, lang: ExportLanguage): ExportTable {
  const { k } = results.protection;
  const withheld = WITHHELD[lang](k);
  const rows: Cell[][] = [];
  for (const question of results.questions) {
    const title = question.title[lang] || question.name;
    if (question.kind === "choice" || question.kind === "multiple") {
      const base = question.n;
      if (base === null || question.suppressed) {
        rows.push([title, null, null, null, withheld, null, base ?? `< ${k}`]);
        continue;
      }
      for (const option of question.options ?? []) {
        rows.push([title, null, option.label[lang], option.value, option.count ?? withheld, percent(option.count, base), base]);
      }
    } else if (question.kind === "matrix") {
      for (const row of question.rows ?? []) {
        for (const cell of row.distribution) {
          rows.push([title, row.label[lang], cell.label[lang], cell.value, cell.count ?? withheld, percent(cell.count, row.n), row.n ?? `< ${k}`]);
        }
      }
    }
  }
  return {
    header: SUMMARY_HEADERS[lang],
    async *batches() {
      if (rows.length > 0) yield rows;
    },
  };
}
