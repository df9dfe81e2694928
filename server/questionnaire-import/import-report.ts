/**
 * The report of an import: per question, what could not be kept as it was and why, in German
 * and English. Every converter (SurveyJS, LimeSurvey, XLSForm) writes into the same report, so
 * the planner reads one list whatever the file's format.
 *
 * @example
 * report.dropped("alter", "choicesByUrl", { de: "lädt Antworten aus dem Netz", en: "loads options from the web" });
 * report.entries; // [{ question: "alter", action: "dropped", property: "choicesByUrl", reason: { de: …, en: … } }]
 */
import type { ImportReportEntry, LocalizedText } from "../db/schema.ts";

/** More entries are summarised in one line: a report nobody can read helps nobody. */
const MAX_ENTRIES = 500;

export class ImportReport {
  readonly entries: ImportReportEntry[] = [];
  private left = 0;

  private add(entry: ImportReportEntry): void {
    if (this.entries.length < MAX_ENTRIES) this.entries.push(entry);
    else this.left += 1;
  }

  /** The question was left out. */
  skipped(question: string, reason: LocalizedText): void {
    this.add({ question, action: "skipped", reason });
  }

  /** A property of the question was left out. */
  dropped(question: string, property: string, reason: LocalizedText): void {
    this.add({ question, action: "dropped", property, reason });
  }

  /** The question was kept, but differently (renamed, converted). */
  changed(question: string, reason: LocalizedText, property?: string): void {
    this.add({ question, action: "changed", ...(property ? { property } : {}), reason });
  }

  /** Takes over the entries of a report written elsewhere (in a worker thread). */
  takeOver(entries: ImportReportEntry[]): void {
    for (const entry of entries) this.add(entry);
  }

  /** The entries, with a closing line when some were left out. */
  finish(): ImportReportEntry[] {
    if (this.left === 0) return this.entries;
    return [
      ...this.entries,
      {
        question: "",
        action: "dropped",
        reason: {
          de: `… und ${this.left} weitere Hinweise (nicht einzeln aufgeführt).`,
          en: `… and ${this.left} more notes (not listed one by one).`,
        },
      },
    ];
  }
}
