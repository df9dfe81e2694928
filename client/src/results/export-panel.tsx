import { useCallback, useEffect, useRef, useState } from "react";
import { api, ApiRequestError } from "../lib/api.ts";
import { ErrorAlert } from "../lib/error-alert.tsx";
import { translate, useI18n, type Language } from "../lib/i18n.ts";
import { saveFile } from "../lib/save-file.ts";
import type { ResultsFilter } from "./result-types.ts";

/** What the server allows to export for a survey (GET /api/surveys/{id}/export/info). */
interface ExportInfo {
  privacyMode: "identified" | "pseudonymous" | "anonymous";
  perResponseAllowed: boolean;
  refusal: { de: string; en: string } | null;
  submitted: number;
  drafts: number;
  excluded: number;
  lists: { name: string; title: { de: string; en: string }; entries: number }[];
}

/** How far a download has come: bytes, and for CSV the data rows (line breaks outside quotes). */
interface DownloadProgress {
  bytes: number;
  rows: number;
  /** Rows the server announced (X-Total-Rows); null when it did not. */
  total: number | null;
  csv: boolean;
}

interface ExportFile {
  key: string;
  label: string;
  path: string;
}

const LF = 10;
const QUOTE = 34;

/**
 * Counts the data rows of a CSV as its bytes arrive, chunk by chunk: line breaks outside quoted
 * cells, less the header. Byte by byte is safe, since UTF-8 never hides a quote or a line feed
 * inside another character.
 *
 * @example
 * const rows = csvRowCounter();
 * rows(bytes('Nr.;Text\r\n1;"a\nb"\r\n2;')); // 1
 * rows(bytes('c\r\n')); // 2
 */
export function csvRowCounter(): (chunk: Uint8Array) => number {
  let lineBreaks = 0;
  let quoted = false;
  return (chunk) => {
    for (let index = 0; index < chunk.length; index++) {
      const byte = chunk[index];
      if (byte === QUOTE) quoted = !quoted;
      else if (byte === LF && !quoted) lineBreaks++;
    }
    return Math.max(0, lineBreaks - 1);
  };
}

/** The file name of a Content-Disposition header (the UTF-8 form first). */
function fileNameOf(disposition: string | null): string | null {
  if (!disposition) return null;
  const encoded = disposition.match(/filename\*=UTF-8''([^;]+)/i);
  if (encoded) {
    try {
      return decodeURIComponent(encoded[1]!);
    } catch {
      // Fall through to the plain form.
    }
  }
  return disposition.match(/filename="([^"]+)"/i)?.[1] ?? null;
}

/** An API error answer (JSON in the house format, or anything else) as an error the page can show. */
async function errorOf(response: Response): Promise<ApiRequestError> {
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string; messageDe?: string } };
    if (body.error?.code) {
      const { code, message, messageDe } = body.error;
      return new ApiRequestError(response.status, code, { de: messageDe ?? message ?? code, en: message ?? messageDe ?? code });
    }
  } catch {
    // Not JSON: the generic message below.
  }
  return new ApiRequestError(response.status, "http_error", {
    de: translate("de", "error.http", { status: response.status }),
    en: translate("en", "error.http", { status: response.status }),
  });
}

/**
 * Downloads one export through `fetch`, reading the stream chunk by chunk so progress can be
 * shown (rows of CSV counted as they arrive, bytes of anything else), and returns it as a Blob
 * with its file name.
 */
async function fetchExport(path: string, signal: AbortSignal, onProgress: (progress: DownloadProgress) => void) {
  let response: Response;
  try {
    response = await fetch(`/api${path}`, { credentials: "same-origin", signal });
  } catch (cause) {
    if (signal.aborted) throw cause;
    throw new ApiRequestError(0, "network_error", { de: translate("de", "error.network"), en: translate("en", "error.network") });
  }
  if (!response.ok) throw await errorOf(response);
  const type = response.headers.get("Content-Type") ?? "application/octet-stream";
  const announced = response.headers.get("X-Total-Rows");
  const progress: DownloadProgress = { bytes: 0, rows: 0, total: announced === null ? null : Number(announced), csv: type.startsWith("text/csv") };
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  const countRows = csvRowCounter();
  let reported = 0;
  if (response.body) {
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      progress.bytes += value.byteLength;
      if (progress.csv) progress.rows = countRows(value);
      const now = performance.now();
      if (now - reported > 100) {
        reported = now;
        onProgress({ ...progress });
      }
    }
  }
  onProgress({ ...progress });
  return { blob: new Blob(chunks, { type }), fileName: fileNameOf(response.headers.get("Content-Disposition")) ?? "export" };
}

function megabytes(bytes: number, lang: Language): string {
  const number = new Intl.NumberFormat(lang === "de" ? "de-DE" : "en-GB", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  return `${number.format(bytes / 1024 / 1024)} MB`;
}

/**
 * "Export" on the results page: the responses as CSV (labels or codes) or XLSX, each
 * repeatable list (e.g. offers) as its own CSV, and the aggregated tables as CSV. Files are
 * fetched as streams so a progress bar shows rows (CSV) or bytes (XLSX) as they arrive; the
 * download can be cancelled. In a pseudonymous survey only the summary is offered, with the
 * server's explanation why. With a filter on the results page, the files hold only the responses
 * it lets through (the server applies the same filter), and the panel says so.
 */
export function ExportPanel({ surveyId, filter = null, matching = null }: { surveyId: string; filter?: ResultsFilter | null; matching?: number | null }) {
  const { t, lang, pick } = useI18n();
  const [info, setInfo] = useState<ExportInfo | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [includeDrafts, setIncludeDrafts] = useState(false);
  const [running, setRunning] = useState<string | null>(null);
  const [progress, setProgress] = useState<DownloadProgress | null>(null);
  const [status, setStatus] = useState("");
  const abort = useRef<AbortController | null>(null);

  const loadInfo = useCallback(() => {
    api
      .get<ExportInfo>(`/surveys/${surveyId}/export/info`)
      .then(setInfo)
      .catch(setError);
  }, [surveyId]);
  useEffect(loadInfo, [loadInfo]);
  useEffect(() => () => abort.current?.abort(), []);

  const numbers = new Intl.NumberFormat(lang === "de" ? "de-DE" : "en-GB");
  const filtered = filter ? `&filter=${encodeURIComponent(JSON.stringify(filter))}` : "";
  const responses = `/surveys/${surveyId}/export/responses?lang=${lang}&status=${includeDrafts ? "all" : "submitted"}${filtered}`;
  // Without the info (it failed to load) everything is offered; the server still says no where it must.
  const perResponse = info?.perResponseAllowed ?? true;
  const files: ExportFile[] = [
    ...(perResponse
      ? [
          { key: "csv-labels", label: t("exports.csvLabels"), path: `${responses}&format=csv&values=labels` },
          { key: "csv-codes", label: t("exports.csvCodes"), path: `${responses}&format=csv&values=codes` },
          { key: "xlsx", label: t("exports.xlsx"), path: `${responses}&format=xlsx&values=labels` },
          ...(info?.lists ?? []).map((list) => ({
            key: `list-${list.name}`,
            label: t("exports.list", { title: pick(list.title), entries: list.entries }),
            path: `${responses}&format=csv&values=labels&part=lists&list=${encodeURIComponent(list.name)}`,
          })),
        ]
      : []),
    { key: "summary", label: t("exports.summary"), path: `/surveys/${surveyId}/export/summary?format=csv&lang=${lang}${filtered}` },
  ];

  async function download(file: ExportFile) {
    const controller = new AbortController();
    abort.current = controller;
    setRunning(file.key);
    setProgress(null);
    setError(null);
    setStatus(t("exports.running", { name: file.label }));
    try {
      const { blob, fileName } = await fetchExport(file.path, controller.signal, setProgress);
      saveFile(blob, fileName);
      setStatus(t("exports.saved", { file: fileName }));
      loadInfo();
    } catch (caught) {
      if (controller.signal.aborted) {
        setStatus(t("exports.cancelled"));
      } else {
        setStatus("");
        setError(caught);
      }
    } finally {
      if (abort.current === controller) abort.current = null;
      setRunning(null);
      setProgress(null);
    }
  }

  const countedRows = progress !== null && progress.csv && progress.total !== null;

  return (
    <section className="card export-panel" aria-labelledby="export-heading">
      <h2 id="export-heading">{t("exports.heading")}</h2>
      <p className="hint">{t("exports.intro")}</p>
      {filter && (
        <p className="alert alert-info" data-testid="export-filtered">
          {matching === null ? t("resultsView.exportFiltered") : t("resultsView.exportFilteredCount", { count: matching })}
        </p>
      )}
      {info && (
        <p className="meta">
          {t("exports.counts", { submitted: numbers.format(info.submitted), drafts: info.drafts })}
        </p>
      )}
      {info && info.excluded > 0 && <p className="notice">{t("exports.excluded", { n: info.excluded })}</p>}
      {info?.refusal && <p className="notice">{pick(info.refusal)}</p>}
      {info?.perResponseAllowed && (
        <>
          <p className="hint">{info.privacyMode === "anonymous" ? t("exports.anonymous") : t("exports.identified")}</p>
          <p className="hint">{t("exports.valuesHint")}</p>
          {/* Anonymous surveys never export drafts: they are still linked to their invitation. */}
          {info.drafts > 0 && info.privacyMode !== "anonymous" && (
            <label className="check">
              <input type="checkbox" checked={includeDrafts} disabled={running !== null} onChange={(event) => setIncludeDrafts(event.target.checked)} />
              {t("exports.includeDrafts")}
            </label>
          )}
        </>
      )}
      <div className="actions" role="group" aria-label={t("exports.files")}>
        {files.map((file) => (
          <button key={file.key} type="button" disabled={running !== null} aria-busy={running === file.key} onClick={() => void download(file)}>
            {file.label}
          </button>
        ))}
      </div>
      {running !== null && (
        <div className="progress">
          {countedRows ? (
            <progress value={Math.min(progress.rows, progress.total!)} max={Math.max(1, progress.total!)} aria-label={t("exports.progressLabel")} />
          ) : (
            <progress aria-label={t("exports.progressLabel")} />
          )}
          <span className="progress-text">
            {progress === null
              ? ""
              : countedRows
                ? t("exports.progressRows", { rows: numbers.format(progress.rows), total: progress.total!, size: megabytes(progress.bytes, lang) })
                : t("exports.progressBytes", { size: megabytes(progress.bytes, lang) })}
          </span>
          <button type="button" className="button-small" onClick={() => abort.current?.abort()}>
            {t("exports.cancel")}
          </button>
        </div>
      )}
      <ErrorAlert error={error} />
      <p className="notice" role="status" aria-live="polite">
        {status}
      </p>
    </section>
  );
}
