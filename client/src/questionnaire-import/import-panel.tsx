import { useEffect, useId, useRef, useState, type ChangeEvent, type FormEvent } from "react";
import { Link } from "wouter";
import { api } from "../lib/api.ts";
import type { QuestionnaireImportRequest, QuestionnaireImportResult } from "../lib/api-types.ts";
import { ErrorAlert } from "../lib/error-alert.tsx";
import { useI18n } from "../lib/i18n.ts";
import { TextField } from "../lib/text-field.tsx";
import { ImportReportList } from "./import-report-list.tsx";

interface ImportPanelProps {
  /** Called once a survey was created (e.g. to reload the canon or the survey list). */
  onImported?: (result: QuestionnaireImportResult) => void;
  onClose: () => void;
}

/** The server takes 5 MB; the file travels as base64 in JSON. */
const MAX_FILE_BYTES = 5 * 1024 * 1024;

function readAsDataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

function sizeText(bytes: number, lang: string): string {
  const format = new Intl.NumberFormat(lang === "de" ? "de-DE" : "en-GB", { maximumFractionDigits: 1 });
  return bytes < 1024 * 1024 ? `${format.format(bytes / 1024)} KB` : `${format.format(bytes / 1024 / 1024)} MB`;
}

/**
 * "Fragebogen importieren": a SurveyJS, LimeSurvey or XLSForm file becomes a new draft survey;
 * optionally its questions also become own canon items under a free-text label. Afterwards the
 * report says, per question, what could not be kept, and "Umfrage öffnen" leads to the builder.
 */
export function ImportPanel({ onImported, onClose }: ImportPanelProps) {
  const { t, lang } = useI18n();
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const resultHeading = useRef<HTMLHeadingElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [fileNote, setFileNote] = useState("");
  const [toCanon, setToCanon] = useState(false);
  const [canonLabel, setCanonLabel] = useState("");
  const [labelProblem, setLabelProblem] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<QuestionnaireImportResult | null>(null);

  useEffect(() => {
    heading.current?.focus();
  }, []);

  useEffect(() => {
    if (result) resultHeading.current?.focus();
  }, [result]);

  function chooseFile(event: ChangeEvent<HTMLInputElement>) {
    const chosen = event.target.files?.[0] ?? null;
    setResult(null);
    setError(null);
    if (!chosen) {
      setFile(null);
      setFileNote("");
      return;
    }
    if (chosen.size > MAX_FILE_BYTES) {
      setFile(null);
      setFileNote(t("import.fileTooLarge"));
      return;
    }
    setFile(chosen);
    setFileNote(t("import.fileRead", { name: chosen.name, size: sizeText(chosen.size, lang) }));
    if (!canonLabel) setCanonLabel(chosen.name.replace(/\.[a-z0-9]+$/i, "").slice(0, 100));
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!file) return;
    if (toCanon && !canonLabel.trim()) {
      setLabelProblem(t("import.canonLabelMissing"));
      return;
    }
    setLabelProblem("");
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const body: QuestionnaireImportRequest = {
        fileName: file.name,
        contentBase64: await readAsDataUrl(file),
        ...(toCanon ? { canonLabel: canonLabel.trim() } : {}),
      };
      const created = await api.post<QuestionnaireImportResult>("/surveys/import", body);
      setResult(created);
      onImported?.(created);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card import-panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`} ref={heading} tabIndex={-1}>
        {t("import.title")}
      </h2>
      <p className="hint">{t("import.intro")}</p>
      <form className="form" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={`${id}-file`}>{t("import.file")}</label>
          <input
            id={`${id}-file`}
            type="file"
            accept=".json,.lss,.xlsx,application/json,application/xml,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            aria-describedby={`${id}-file-note`}
            onChange={chooseFile}
          />
          <p className="hint" id={`${id}-file-note`} role="status">
            {fileNote}
          </p>
        </div>
        <div className="field">
          <label className="check">
            <input type="checkbox" checked={toCanon} aria-describedby={`${id}-canon-hint`} onChange={(event) => setToCanon(event.target.checked)} />
            {t("import.toCanon")}
          </label>
          <p className="hint" id={`${id}-canon-hint`}>
            {t("import.toCanonHint")}
          </p>
        </div>
        {toCanon && (
          <>
            <TextField
              label={t("import.canonLabel")}
              hint={t("import.canonLabelHint")}
              value={canonLabel}
              maxLength={100}
              required
              aria-invalid={labelProblem ? true : undefined}
              onChange={(event) => setCanonLabel(event.target.value)}
            />
            {labelProblem && (
              <p className="field-error" role="alert">
                {labelProblem}
              </p>
            )}
          </>
        )}
        <div className="actions">
          <button type="submit" className="button-primary" disabled={busy || !file}>
            {busy ? t("import.busy") : t("import.submit")}
          </button>
          <button type="button" onClick={onClose}>
            {t("common.close")}
          </button>
        </div>
      </form>
      <ErrorAlert error={error} />
      {result && (
        <div className="import-result">
          <h3 ref={resultHeading} tabIndex={-1}>
            {t("import.done", { title: result.title, pages: result.pageCount, questions: result.questionCount })}
          </h3>
          {result.canon && <p>{t("import.doneCanon", { n: result.canon.itemCount, label: result.canon.questionnaire })}</p>}
          <p>
            <Link href={`/surveys/${result.surveyId}`} className="button button-primary">
              {t("import.open")}
            </Link>
          </p>
          <ImportReportList entries={result.report} headingLevel={4} />
        </div>
      )}
    </section>
  );
}
