/**
 * The tables of a response export, as a header and batches of rows (never all rows at once):
 * "Antworten" with one row per response (number, status, time of submission, the recipient's
 * columns, then the questions' columns), and one table per repeatable list with one row per
 * entry, keyed by the response number.
 *
 * What the planner may see follows the survey's privacy mode: identified surveys carry the
 * recipient (address, institution or network, its kind, type, district, life phases, fields of
 * action and networks); anonymous ones carry no recipient, and as "submitted" only a day (the survey's
 * opening day, which every released answer carries; see respond/release-anonymous-answers.ts).
 * Pseudonymous surveys have no per-response export at all (the routes refuse it).
 *
 * @example
 * const table = responseTable(db, survey, { lang: "de", values: "labels", statuses: ["submitted"] });
 * table.header; // ["Nr.", "Status", "Abgeschickt am", "E-Mail", …]
 * for await (const rows of table.batches()) writeRows(rows);
 */
import type { Kysely, RawBuilder } from "kysely";
import { FIELD_OF_ACTION_LABELS, LIFE_PHASE_LABELS } from "../canon/vocabulary-labels.ts";
import type { Database, PrivacyMode, ResponseStatus } from "../db/schema.ts";
import { contentEntries } from "../lib/panel-entries.ts";
import { exportLayout, uniqueHeaders, type Cell, type ExportColumn, type ExportList, type ExportOptions } from "./export-columns.ts";
import { responseBatches, type ExportRecipient, type ExportResponse } from "./response-rows.ts";
import type { ExportLanguage } from "./value-labels.ts";

/** A table to write: its header, and its rows batch by batch (each call of `batches` reads afresh). */
export interface ExportTable {
  header: string[];
  batches: () => AsyncGenerator<Cell[][]>;
}

/** The survey as an export needs it. */
export interface ExportSurvey {
  id: string;
  organisation_id: string;
  privacy_mode: PrivacyMode;
  definition: Record<string, unknown> | null;
}

export interface ResponseExportOptions extends ExportOptions {
  statuses: ResponseStatus[];
  batchSize?: number;
  /** Further conditions on the responses (alias `r`), e.g. a results filter. */
  where?: RawBuilder<unknown>;
}

type Words = Record<ExportLanguage | "codes", string>;

const FIXED_HEADERS: Record<"number" | "status" | "submittedAt" | "entry", Words> = {
  number: { de: "Nr.", en: "No.", codes: "response_number" },
  status: { de: "Status", en: "Status", codes: "status" },
  submittedAt: { de: "Abgeschickt am", en: "Submitted at", codes: "submitted_at" },
  entry: { de: "Eintrag", en: "Entry", codes: "entry_number" },
};

const STATUS_LABELS: Record<ResponseStatus, Words> = {
  submitted: { de: "Abgeschickt", en: "Submitted", codes: "submitted" },
  draft: { de: "Entwurf", en: "Draft", codes: "draft" },
};

const KIND_LABELS: Record<string, Record<ExportLanguage, string>> = {
  institution: { de: "Einrichtung", en: "Institution" },
  network: { de: "Netzwerk", en: "Network" },
};

const words = (options: ExportOptions, entry: Words) => (options.values === "codes" ? entry.codes : entry[options.lang]);

/** The recipient's columns of an identified survey. */
function recipientColumns(options: ExportOptions): { header: string; cell: (recipient: ExportRecipient) => Cell }[] {
  const codes = options.values === "codes";
  const lang = options.lang;
  const list = (values: string[]) => (values.length > 0 ? values.join("; ") : null);
  const labelled = (labels: Record<string, Record<ExportLanguage, string>>) => (values: string[]) =>
    list(codes ? values : values.map((code) => labels[code]?.[lang] ?? code));
  const lifePhases = labelled(LIFE_PHASE_LABELS);
  const fieldsOfAction = labelled(FIELD_OF_ACTION_LABELS);
  return [
    { header: words(options, { de: "E-Mail", en: "E-mail", codes: "email" }), cell: (recipient) => recipient.email },
    { header: words(options, { de: "Einrichtung/Netzwerk", en: "Institution/network", codes: "recipient_name" }), cell: (recipient) => recipient.name || null },
    {
      header: words(options, { de: "Art", en: "Kind", codes: "kind" }),
      cell: (recipient) => (recipient.kind === null ? null : codes ? recipient.kind : (KIND_LABELS[recipient.kind]?.[lang] ?? recipient.kind)),
    },
    { header: words(options, { de: "Typ", en: "Type", codes: "type" }), cell: (recipient) => recipient.type || null },
    { header: words(options, { de: "Sozialraum", en: "District", codes: "district" }), cell: (recipient) => recipient.district || null },
    { header: words(options, { de: "Lebensphasen", en: "Life phases", codes: "life_phases" }), cell: (recipient) => lifePhases(recipient.lifePhases) },
    { header: words(options, { de: "Handlungsfelder", en: "Fields of action", codes: "fields_of_action" }), cell: (recipient) => fieldsOfAction(recipient.fieldsOfAction) },
    { header: words(options, { de: "Mitglied in", en: "Member of", codes: "member_of" }), cell: (recipient) => list(recipient.networks) },
  ];
}

const berlinParts = new Intl.DateTimeFormat("de-DE", {
  timeZone: "Europe/Berlin",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

/** Formatted minutes, since many responses share one (formatting is the slow part). */
const berlinMinutes = new Map<number, string>();

/** A moment as Berlin time, "TT.MM.JJJJ HH:MM", or only "TT.MM.JJJJ". */
export function berlinTime(moment: Date, dateOnly = false): string {
  const minute = Math.floor(moment.getTime() / 60_000);
  let text = berlinMinutes.get(minute);
  if (text === undefined) {
    const parts: Record<string, string> = {};
    for (const part of berlinParts.formatToParts(moment)) parts[part.type] = part.value;
    text = `${parts.day}.${parts.month}.${parts.year} ${parts.hour}:${parts.minute}`;
    if (berlinMinutes.size >= 10_000) berlinMinutes.clear();
    berlinMinutes.set(minute, text);
  }
  return dateOnly ? text.slice(0, 10) : text;
}

function batchOptions(survey: ExportSurvey, options: ResponseExportOptions) {
  return {
    organisationId: survey.organisation_id,
    surveyId: survey.id,
    statuses: options.statuses,
    order: survey.privacy_mode === "anonymous" ? ("id" as const) : ("created" as const),
    batchSize: options.batchSize,
    where: options.where,
  };
}

/** One row per response: number, status, submitted at, the recipient (identified surveys), the questions. */
export function responseTable(db: Kysely<Database>, survey: ExportSurvey, options: ResponseExportOptions): ExportTable {
  const identified = survey.privacy_mode === "identified";
  const anonymous = survey.privacy_mode === "anonymous";
  const questions: ExportColumn[] = exportLayout(survey.definition, options).columns;
  const recipients = identified ? recipientColumns(options) : [];
  const header = uniqueHeaders([
    words(options, FIXED_HEADERS.number),
    words(options, FIXED_HEADERS.status),
    words(options, FIXED_HEADERS.submittedAt),
    ...recipients.map((column) => column.header),
    ...questions.map((column) => column.header),
  ]);
  const row = (response: ExportResponse, number: number): Cell[] => {
    const cells: Cell[] = [
      number,
      words(options, STATUS_LABELS[response.status]),
      response.submittedAt ? berlinTime(response.submittedAt, anonymous) : null,
    ];
    for (const column of recipients) cells.push(response.recipient ? column.cell(response.recipient) : null);
    const answers = response.answers;
    for (const column of questions) cells.push(column.cell(answers));
    return cells;
  };
  return {
    header,
    async *batches() {
      let number = 0;
      for await (const batch of responseBatches(db, { ...batchOptions(survey, options), withRecipients: identified })) {
        yield batch.map((response) => row(response, ++number));
      }
    },
  };
}

/** One row per entry (with content) of a repeatable list: response number, entry number, the entry's questions. */
export function listTable(db: Kysely<Database>, survey: ExportSurvey, list: ExportList, options: ResponseExportOptions): ExportTable {
  const header = uniqueHeaders([
    words(options, FIXED_HEADERS.number),
    words(options, FIXED_HEADERS.entry),
    ...list.columns.map((column) => column.header),
  ]);
  return {
    header,
    async *batches() {
      let number = 0;
      for await (const batch of responseBatches(db, { ...batchOptions(survey, options), withRecipients: false, onlyAnswer: list.name })) {
        const rows: Cell[][] = [];
        for (const response of batch) {
          number++;
          // Entries are numbered among the respondent's entries with content (blank rows are no entries).
          contentEntries(response.answers[list.name], list.entryRule).forEach((entry, index) => {
            const answers = entry && typeof entry === "object" && !Array.isArray(entry) ? (entry as Record<string, unknown>) : {};
            rows.push([number, index + 1, ...list.columns.map((column) => column.cell(answers))]);
          });
        }
        if (rows.length > 0) yield rows;
      }
    },
  };
}
