/**
 * "Fragebogen importieren": a questionnaire file (SurveyJS JSON, LimeSurvey .lss, XLSForm .xlsx)
 * becomes a new draft survey of the organisation, as whole as survey-core can show it, and at
 * the planner's choice its questions also become own canon items under a free-text label.
 * Everything that could not be kept is in the report, stored with the survey (planners only).
 *
 * @example
 * const result = await importQuestionnaire(db, session, { fileName: "jugend.json", contentBase64, canonLabel: "Jugendbefragung" });
 * result.surveyId; result.report; // [{ question: "upload", action: "skipped", reason: { de, en } }, …]
 */
import { z } from "@hono/zod-openapi";
import type { Kysely } from "kysely";
import type { Database, ImportFormat, ImportSource } from "../db/schema.ts";
import { ApiError } from "../lib/api-error.ts";
import type { SessionInfo } from "../lib/context.ts";
import type { SurveyStructure } from "../db/schema.ts";
import { isOwnElement, placedElementsOf } from "../lib/survey-structure.ts";
import { insertSurvey, validateStructure } from "../surveys/survey-service.ts";
import { importReportEntrySchema } from "../surveys/survey-schemas.ts";
import { createCanonCopies } from "./canon-copies.ts";
import { ImportReport } from "./import-report.ts";
import { MAX_FILE_BYTES, unreadableQuestionnaire } from "./import-limits.ts";
import { checkJsonDepth } from "./json-depth.ts";
import { jsonErrorPosition } from "./json-error-position.ts";
import { surveyFromLimeSurvey } from "./limesurvey-lss.ts";
import { surveyFromSurveyJs, type ConvertedSurvey } from "./surveyjs-survey.ts";
import { inWorker } from "../lib/worker-pool.ts";
import type { ImportReportEntry } from "../db/schema.ts";
import { surveyFromXlsForm } from "./xlsform.ts";

export const importQuestionnaireRequestSchema = z
  .object({
    /** The file's name: its extension tells the format (.json, .lss, .xlsx) where the content does not. */
    fileName: z.string().trim().min(1).max(300).openapi({ example: "jugendbefragung.json" }),
    /** The file's bytes as base64 (a `data:` URL is accepted too). */
    contentBase64: z.string().min(1).max(Math.ceil((MAX_FILE_BYTES * 4) / 3) + 200),
    /** Also take the questions into the organisation's canon, under this questionnaire/module label. */
    canonLabel: z.string().trim().min(1).max(100).optional(),
  })
  .openapi("QuestionnaireImportRequest");
export type ImportQuestionnaireRequest = z.infer<typeof importQuestionnaireRequestSchema>;

export const importQuestionnaireResultSchema = z
  .object({
    surveyId: z.string(),
    title: z.string(),
    format: z.enum(["surveyjs", "limesurvey", "xlsform"]),
    pageCount: z.number().int(),
    questionCount: z.number().int(),
    /** Set when the questions were also taken into the canon. */
    canon: z.object({ questionnaire: z.string(), moduleId: z.string(), itemCount: z.number().int() }).nullable(),
    /** What could not be kept, per question. */
    report: z.array(importReportEntrySchema),
  })
  .openapi("QuestionnaireImportResult");
export type ImportQuestionnaireResult = z.infer<typeof importQuestionnaireResultSchema>;

const isZip = (bytes: Uint8Array) => bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

function formatOf(fileName: string, bytes: Uint8Array): ImportFormat {
  const extension = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? "";
  if (isZip(bytes)) {
    if (extension === "xlsx" || extension === "") return "xlsform";
  } else {
    const start = new TextDecoder().decode(bytes.subarray(0, 64)).replace(/^\uFEFF/, "").trimStart();
    if (start.startsWith("<") && (extension === "lss" || extension === "xml" || extension === "")) return "limesurvey";
    if ((start.startsWith("{") || start.startsWith("[")) && (extension === "json" || extension === "")) return "surveyjs";
  }
  if (extension === "json") return "surveyjs";
  if (extension === "lss") return "limesurvey";
  if (extension === "xlsx") return "xlsform";
  throw unreadableQuestionnaire("unsupported_format", {
    de: "Dieses Dateiformat wird nicht unterstützt. Möglich sind SurveyJS (.json), LimeSurvey (.lss) und XLSForm (.xlsx).",
    en: "This file format is not supported. Possible are SurveyJS (.json), LimeSurvey (.lss) and XLSForm (.xlsx).",
  });
}

/** The file's text (UTF-8, with or without BOM); 400 `unreadable_file` otherwise. */
function utf8Text(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\uFEFF/, "");
  } catch {
    throw unreadableQuestionnaire("unreadable_file", {
      de: "Die Datei ist keine Textdatei in UTF-8. Bitte exportieren Sie sie erneut.",
      en: "The file is not UTF-8 text. Please export it again.",
    });
  }
}

/** Parses SurveyJS JSON; invalid JSON is a 400 `invalid_json` naming where it broke. */
export function parseSurveyJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const position = jsonErrorPosition(text) ?? Number(/position (\d+)/.exec(reason)?.[1] ?? Number.NaN);
    const before = Number.isFinite(position) ? text.slice(0, position) : null;
    const where = before === null ? null : { line: before.split("\n").length, column: position - before.lastIndexOf("\n") };
    throw new ApiError(
      400,
      "invalid_json",
      {
        de: `Die Datei ist kein gültiges JSON${where ? ` (Zeile ${where.line}, Spalte ${where.column})` : ""}: ${reason}`,
        en: `The file is not valid JSON${where ? ` (line ${where.line}, column ${where.column})` : ""}: ${reason}`,
      },
      { reason, ...(where ? { position, ...where } : {}) },
    );
  }
}

function decodeBase64(contentBase64: string): Uint8Array {
  const bytes = new Uint8Array(Buffer.from(contentBase64.replace(/^data:[^,]*,/, ""), "base64"));
  if (bytes.length === 0) throw unreadableQuestionnaire("unreadable_file", { de: "Die Datei ist leer.", en: "The file is empty." });
  if (bytes.length > MAX_FILE_BYTES) {
    throw new ApiError(413, "file_too_large", {
      de: `Die Datei ist zu groß (höchstens ${MAX_FILE_BYTES / 1024 / 1024} MB).`,
      en: `The file is too large (at most ${MAX_FILE_BYTES / 1024 / 1024} MB).`,
    });
  }
  return bytes;
}

/** Reads any supported file into a SurveyJS survey (converted formats report what they could not convert). */
export async function surveyJsOf(format: ImportFormat, bytes: Uint8Array, report: ImportReport): Promise<unknown> {
  switch (format) {
    case "surveyjs": {
      const text = utf8Text(bytes);
      checkJsonDepth(text);
      return parseSurveyJson(text);
    }
    case "limesurvey":
      return surveyFromLimeSurvey(utf8Text(bytes), report);
    case "xlsform":
      return surveyFromXlsForm(bytes, report);
  }
}

/** The file as a Kanon survey and the report of what was not kept: the work of the worker pool. */
export async function convertQuestionnaire(format: ImportFormat, bytes: Uint8Array, fallbackTitle: string): Promise<ConvertedSurvey & { reportEntries: ImportReportEntry[] }> {
  const report = new ImportReport();
  const survey = await surveyJsOf(format, bytes, report);
  const converted = await surveyFromSurveyJs(survey, fallbackTitle, report);
  return { ...converted, reportEntries: report.entries };
}

/** Questions (not sections, not display elements) on the pages and in their sections. */
function countQuestions(structure: SurveyStructure): number {
  const count = (element: Record<string, unknown>): number =>
    element.type === "panel"
      ? (Array.isArray(element.elements) ? element.elements : []).reduce((sum: number, child) => sum + (child && typeof child === "object" ? count(child as Record<string, unknown>) : 0), 0)
      : element.type === "html" || element.type === "image"
        ? 0
        : 1;
  return placedElementsOf(structure).reduce((sum, placed) => sum + (isOwnElement(placed) ? count(placed.element) : 1), 0);
}

/** Imports the file as a new draft survey (and, when asked, canon items) in one transaction. */
export async function importQuestionnaire(db: Kysely<Database>, session: SessionInfo, request: ImportQuestionnaireRequest): Promise<ImportQuestionnaireResult> {
  const bytes = decodeBase64(request.contentBase64);
  const format = formatOf(request.fileName, bytes);
  const report = new ImportReport();
  const fallbackTitle = request.fileName.replace(/\.[a-z0-9]+$/i, "").trim() || "Importierter Fragebogen";
  // Parsing and converting run in the worker pool: a file at the limits takes seconds.
  const { texts, structure, reportEntries } = await inWorker("convertQuestionnaire", format, bytes, fallbackTitle);
  report.takeOver(reportEntries);
  await validateStructure(db, session.organisationId, structure);

  const importedAt = new Date().toISOString();
  const source = { format, fileName: request.fileName, importedAt };
  const { surveyId, canon } = await db.transaction().execute(async (trx) => {
    const copies = request.canonLabel ? await createCanonCopies(trx, session, structure, request.canonLabel, source, report) : null;
    const importSource: ImportSource = { ...source, report: report.finish() };
    const id = await insertSurvey(trx, { organisationId: session.organisationId, userId: session.userId, texts, structure, importSource });
    return { surveyId: id, canon: copies };
  });
  return {
    surveyId,
    title: texts.title,
    format,
    pageCount: structure.pages.length,
    questionCount: countQuestions(structure),
    canon: canon ? { questionnaire: canon.questionnaire, moduleId: canon.module.id, itemCount: canon.itemIds.length } : null,
    report: report.finish(),
  };
}
