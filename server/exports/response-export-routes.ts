import { createRoute, z } from "@hono/zod-openapi";
import { requireSession } from "../auth/middleware.ts";
import type { PrivacyMode, ResponseStatus } from "../db/schema.ts";
import { ApiError } from "../lib/api-error.ts";
import { createRouter, errorResponses, errorSchema, json, uuidParam } from "../lib/openapi.ts";
import { organisationSurvey } from "../lib/tenant-survey.ts";
import { csvStream } from "./csv-stream.ts";
import { exportFilterCondition } from "./export-filter.ts";
import { exportLayout, type ExportOptions } from "./export-columns.ts";
import { contentDisposition, exportFileName } from "./export-files.ts";
import { countExcludedResponses, countListEntries, countResponses } from "./response-rows.ts";
import { listTable, responseTable } from "./response-table.ts";
import { summaryTable } from "./summary-table.ts";
import { protectedSummaryTable } from "./protected-summary-table.ts";
import { isProtectedMode, protectedResults } from "../results/protected-results.ts";
import { xlsxStream } from "./xlsx-stream.ts";

const CSV_TYPE = "text/csv; charset=utf-8";
const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

const PRIVACY_RULE =
  "What a per-response export may hold follows the survey's privacy mode. **identified**: one row per response with the recipient " +
  "(e-mail, institution or network, kind, type, district, life phases, fields of action, networks it is a member of). " +
  "**pseudonymous**: the planner sees who responded, but answers only in aggregates, so the per-response export is refused " +
  "with 403 `export_not_allowed` (the summary stays available). **anonymous**: the same (answers only in aggregates of at least k). " +
  "In both, the summary holds the protected figures of the results page: withheld cells say so, filters select one group at a time.";

const localized = z.object({ de: z.string(), en: z.string() });

const fileResponses = {
  200: {
    description: "The file, streamed",
    headers: z.object({
      "X-Total-Rows": z.string().openapi({ description: "Data rows the file will hold (for a progress display)" }),
    }),
    content: {
      "text/csv": { schema: z.string() },
      [XLSX_TYPE]: { schema: z.string().openapi({ format: "binary" }) },
    },
  },
  403: json(errorSchema, "Not allowed in this survey's privacy mode"),
  ...errorResponses,
} as const;

const infoRoute = createRoute({
  method: "get",
  path: "/surveys/{id}/export/info",
  tags: ["Exports"],
  summary: "What can be exported: the privacy mode, whether per-response exports are allowed, the counts and the repeatable lists",
  description: PRIVACY_RULE,
  middleware: [requireSession, organisationSurvey] as const,
  request: { params: uuidParam },
  responses: {
    200: json(
      z
        .object({
          privacyMode: z.enum(["identified", "pseudonymous", "anonymous"]),
          perResponseAllowed: z.boolean(),
          /** Why per-response exports are refused, in both languages; null when they are allowed. */
          refusal: localized.nullable(),
          submitted: z.number().int(),
          drafts: z.number().int(),
          /** Responses a planner excluded: left out of every export and result. */
          excluded: z.number().int(),
          /** The repeatable lists: the question's name and title, and its entries with content over the submitted responses. */
          lists: z.array(z.object({ name: z.string(), title: localized, entries: z.number().int() })),
        })
        .openapi("ExportInfo"),
    ),
    ...errorResponses,
  },
});

const responsesRoute = createRoute({
  method: "get",
  path: "/surveys/{id}/export/responses",
  tags: ["Exports"],
  summary: "Download the responses as CSV or XLSX, one row per response, streamed",
  description:
    "One row per response, in the order the responses were started, numbered from 1. " +
    "Columns: response number, status, time of submission (Berlin time, TT.MM.JJJJ HH:MM), the recipient's columns, then the " +
    "questions (titles in `lang`; with `values=codes` the stored keys and codes, plus one 0/1 column per multiple-choice option). " +
    "Repeatable lists (e.g. offers) have one row per entry, keyed by the response number: in XLSX as further sheets, in CSV " +
    "as their own file with `part=lists` (`list` names the question; the first list otherwise). CSV is UTF-8 with BOM, " +
    "semicolon separated, every cell starting with = + - @, tab or CR prefixed with an apostrophe; XLSX cells are text or " +
    "numbers, never formulas. The file is written while the responses are read in batches, so memory stays flat for any " +
    `number of responses; \`X-Total-Rows\` tells the rows to expect.\n\n${PRIVACY_RULE}`,
  middleware: [requireSession, organisationSurvey] as const,
  request: {
    params: uuidParam,
    query: z.object({
      format: z.enum(["csv", "xlsx"]).default("csv"),
      values: z.enum(["labels", "codes"]).default("labels"),
      lang: z.enum(["de", "en"]).default("de"),
      status: z.enum(["submitted", "all"]).default("submitted").openapi({ description: "`all` adds the drafts" }),
      part: z.enum(["responses", "lists"]).default("responses").openapi({ description: "CSV only: the responses, or a repeatable list" }),
      list: z.string().min(1).max(200).optional().openapi({ description: "With part=lists: the list question's name" }),
      filter: z
        .string()
        .max(20_000)
        .optional()
        .openapi({ description: "Only the responses a results filter lets through (ResultsFilter as JSON, as for POST …/results/query)", example: '{"recipients":{"districtIds":["…"]}}' }),
    }),
  },
  responses: fileResponses,
});

const summaryRoute = createRoute({
  method: "get",
  path: "/surveys/{id}/export/summary",
  tags: ["Exports"],
  summary: "Download the aggregated tables as CSV: per choice-like question (and matrix row) each option's count and percentage",
  description:
    "Over the submitted responses: option label, code, count, percent of those who answered the question, and that base (n). " +
    "Allowed in every privacy mode, since no single response leaves the server.",
  middleware: [requireSession, organisationSurvey] as const,
  request: {
    params: uuidParam,
    query: z.object({
      format: z.enum(["csv"]).default("csv"),
      lang: z.enum(["de", "en"]).default("de"),
      filter: z
        .string()
        .max(20_000)
        .optional()
        .openapi({ description: "Only the responses a results filter lets through (ResultsFilter as JSON, as for POST …/results/query)", example: '{"recipients":{"districtIds":["…"]}}' }),
    }),
  },
  responses: fileResponses,
});

/** Why a survey refuses per-response exports (null: it allows them). */
function refusalOf(privacyMode: PrivacyMode): { de: string; en: string } | null {
  if (privacyMode === "identified") return null;
  if (privacyMode === "anonymous") {
    return {
      de: "Diese Umfrage ist anonym: Antworten erscheinen nur zusammengefasst, jede Zahl beruht auf mindestens der kleinsten gezeigten Gruppe. Antworten einzeln zu exportieren ist deshalb nicht möglich; die Zusammenfassung (CSV) steht Ihnen offen.",
      en: "This survey is anonymous: answers appear only in aggregate, every figure resting on at least the smallest shown group. Exporting single responses is therefore not possible; the summary (CSV) is available.",
    };
  }
  return {
    de: "Diese Umfrage ist pseudonym: Sie sehen, wer teilgenommen hat, die Antworten aber nur zusammengefasst. Antworten einzeln zu exportieren ist deshalb nicht möglich; die Zusammenfassung (CSV) steht Ihnen offen.",
    en: "This survey is pseudonymous: you see who took part, but the answers only in aggregate. Exporting single responses is therefore not possible; the summary (CSV) is available.",
  };
}

function downloadHeaders(fileName: string, contentType: string, totalRows: number): Record<string, string> {
  return {
    "Content-Type": contentType,
    "Content-Disposition": contentDisposition(fileName),
    "Cache-Control": "no-store",
    "X-Total-Rows": String(totalRows),
  };
}

/**
 * Exports of a survey's responses (CSV/XLSX, streamed) and of its aggregated tables (CSV), for
 * the planners of the survey's organisation; what they hold follows the survey's privacy mode.
 */
export const exportRoutes = createRouter()
  .openapi(infoRoute, async (c) => {
    const { db } = c.var.services;
    const organisationId = c.var.session.organisationId;
    const survey = c.var.survey;
    const refusal = refusalOf(survey.privacy_mode);
    const [submitted, drafts, excluded] = await Promise.all([
      countResponses(db, organisationId, survey.id, ["submitted"]),
      countResponses(db, organisationId, survey.id, ["draft"]),
      countExcludedResponses(db, organisationId, survey.id),
    ]);
    const lists = exportLayout(survey.definition, { lang: "de", values: "labels" }).lists;
    const listsEn = exportLayout(survey.definition, { lang: "en", values: "labels" }).lists;
    const entries = await Promise.all(lists.map((list) => (refusal ? 0 : countListEntries(db, organisationId, survey.id, ["submitted"], list))));
    return c.json(
      {
        privacyMode: survey.privacy_mode,
        perResponseAllowed: refusal === null,
        refusal,
        submitted,
        drafts,
        excluded,
        lists: lists.map((list, index) => ({
          name: list.name,
          title: { de: list.title, en: listsEn[index]?.title ?? list.title },
          entries: entries[index]!,
        })),
      },
      200,
    );
  })
  .openapi(responsesRoute, async (c) => {
    const { db } = c.var.services;
    const organisationId = c.var.session.organisationId;
    const query = c.req.valid("query");
    const survey = c.var.survey;
    const refusal = refusalOf(survey.privacy_mode);
    if (refusal) throw new ApiError(403, "export_not_allowed", refusal);
    if (query.part === "lists" && query.format !== "csv") {
      throw new ApiError(400, "invalid_request", {
        de: "Listen einzeln gibt es nur als CSV; die XLSX-Datei enthält sie als weitere Tabellenblätter.",
        en: "Lists on their own are CSV only; the XLSX file holds them as further sheets.",
      });
    }
    const statuses: ResponseStatus[] = query.status === "all" ? ["submitted", "draft"] : ["submitted"];
    const { filter, where } = exportFilterCondition(db, organisationId, survey, query.filter);
    const options: ExportOptions & { statuses: ResponseStatus[]; where: typeof where } = { lang: query.lang, values: query.values, statuses, where };
    const layout = exportLayout(survey.definition, options);
    const codes = [...(filter ? ["gefiltert"] : []), ...(query.values === "codes" ? ["codes"] : [])];

    if (query.part === "lists") {
      const list = query.list === undefined ? layout.lists[0] : layout.lists.find((candidate) => candidate.name === query.list);
      if (!list) {
        throw new ApiError(404, "list_not_found", {
          de: query.list === undefined ? "Diese Umfrage hat keine wiederholbaren Listen." : `Die Umfrage hat keine Liste „${query.list}“.`,
          en: query.list === undefined ? "This survey has no repeatable lists." : `The survey has no list "${query.list}".`,
        });
      }
      const total = await countListEntries(db, organisationId, survey.id, statuses, list, where);
      const fileName = exportFileName(survey.title, [query.lang === "en" ? "list" : "liste", list.title, ...codes], "csv");
      const table = listTable(db, survey, list, options);
      return c.body(csvStream(table, { decimalComma: query.lang === "de" && query.values === "labels" }), 200, downloadHeaders(fileName, CSV_TYPE, total));
    }

    const total = await countResponses(db, organisationId, survey.id, statuses, where);
    const table = responseTable(db, survey, options);
    if (query.format === "xlsx") {
      const sheets = [
        { name: query.lang === "en" ? "Responses" : "Antworten", table },
        ...layout.lists.map((list) => ({ name: list.title, table: listTable(db, survey, list, options) })),
      ];
      const fileName = exportFileName(survey.title, ["antworten", ...codes], "xlsx");
      return c.body(xlsxStream(sheets), 200, downloadHeaders(fileName, XLSX_TYPE, total));
    }
    const fileName = exportFileName(survey.title, ["antworten", ...codes], "csv");
    return c.body(csvStream(table, { decimalComma: query.lang === "de" && query.values === "labels" }), 200, downloadHeaders(fileName, CSV_TYPE, total));
  })
  .openapi(summaryRoute, async (c) => {
    const { db } = c.var.services;
    const organisationId = c.var.session.organisationId;
    const { lang, filter: filterText } = c.req.valid("query");
    const survey = c.var.survey;
    const { filter, where } = exportFilterCondition(db, organisationId, survey, filterText);
    const table = isProtectedMode(survey.privacy_mode)
      ? protectedSummaryTable(await protectedResults(db, organisationId, survey, { filter: filter ?? undefined }), lang)
      : await summaryTable(db, survey, lang, where);
    let rows = 0;
    for await (const batch of table.batches()) rows += batch.length;
    const fileName = exportFileName(survey.title, filter ? "zusammenfassung-gefiltert" : "zusammenfassung", "csv");
    return c.body(csvStream(table, { decimalComma: lang === "de" }), 200, downloadHeaders(fileName, CSV_TYPE, rows));
  });
