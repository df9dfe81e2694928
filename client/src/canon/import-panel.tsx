import { useEffect, useId, useRef, useState, type ChangeEvent, type FormEvent } from "react";
import { Link } from "wouter";
import { api } from "../lib/api.ts";
import type { CanonFacets, CanonImportRequest, CanonImportResult } from "../lib/api-types.ts";
import { ErrorAlert } from "../lib/error-alert.tsx";
import { useI18n } from "../lib/i18n.ts";
import { LocalizedFields } from "../lib/localized-fields.tsx";
import type { Localized } from "../lib/localized.ts";

interface ImportPanelProps {
  facets: CanonFacets | null;
  onImported: () => void;
  onClose: () => void;
}

const MAX_FILE_BYTES = 1_500_000;

/**
 * "SurveyJS-Datei importieren": a .json file or pasted JSON becomes own items in a new module.
 * Invalid JSON is explained with the server's reason; afterwards the created items and the
 * skipped questions (with why) are listed.
 */
export function ImportPanel({ facets, onImported, onClose }: ImportPanelProps) {
  const { t, pick, lang } = useI18n();
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const resultHeading = useRef<HTMLHeadingElement>(null);
  const [json, setJson] = useState("");
  const [fileNote, setFileNote] = useState("");
  const [questionnaire, setQuestionnaire] = useState("actor");
  const [moduleTitle, setModuleTitle] = useState<Localized>({ de: "", en: "" });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<CanonImportResult | null>(null);

  useEffect(() => {
    heading.current?.focus();
  }, []);

  useEffect(() => {
    if (result) resultHeading.current?.focus();
  }, [result]);

  async function readFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    if (!file) return;
    if (file.size > MAX_FILE_BYTES) {
      setFileNote(t("import.fileTooLarge"));
      return;
    }
    setJson(await file.text());
    setFileNote(t("import.fileRead", { name: file.name }));
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setResult(null);
    const title = { de: moduleTitle.de.trim(), en: moduleTitle.en.trim() || moduleTitle.de.trim() };
    const body: CanonImportRequest = {
      json,
      questionnaire: questionnaire as CanonImportRequest["questionnaire"],
      ...(title.de ? { moduleTitle: title } : {}),
    };
    try {
      setResult(await api.post<CanonImportResult>("/canon/import", body));
      onImported();
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
      <form className="form" onSubmit={submit}>
        <div className="field">
          <label htmlFor={`${id}-file`}>{t("import.file")}</label>
          <input id={`${id}-file`} type="file" accept=".json,application/json" aria-describedby={`${id}-file-note`} onChange={(event) => void readFile(event)} />
          <p className="hint" id={`${id}-file-note`} role="status">
            {fileNote}
          </p>
        </div>
        <div className="field">
          <label htmlFor={`${id}-json`}>{t("import.paste")}</label>
          <textarea
            id={`${id}-json`}
            className="code-input"
            rows={8}
            spellCheck={false}
            value={json}
            onChange={(event) => setJson(event.target.value)}
          />
        </div>
        <div className="field field-medium">
          <label htmlFor={`${id}-questionnaire`}>{t("import.questionnaire")}</label>
          <select id={`${id}-questionnaire`} value={questionnaire} onChange={(event) => setQuestionnaire(event.target.value)}>
            {(facets?.questionnaires ?? []).map((entry) => (
              <option key={entry.id} value={entry.id}>
                {pick(entry.label)}
              </option>
            ))}
          </select>
        </div>
        <LocalizedFields
          label={t("import.moduleTitle")}
          value={moduleTitle}
          onChange={setModuleTitle}
          germanRequired={false}
          hint={t("import.moduleTitleHint")}
          maxLength={200}
        />
        <div className="actions">
          <button type="submit" className="button-primary" disabled={busy || json.trim() === ""}>
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
            {t("import.done", { n: result.created.length, module: pick(result.module.title) })}
          </h3>
          {result.created.length > 0 && (
            <>
              <h4>{t("import.created", { n: result.created.length })}</h4>
              <ul>
                {result.created.map((created) => (
                  <li key={created.itemId}>
                    <Link href={`/canon/items/${encodeURIComponent(created.itemId)}`}>{pick(created.title)}</Link>
                    {created.droppedProperties.length > 0 && (
                      <span className="meta"> · {t("import.dropped", { properties: created.droppedProperties.join(", ") })}</span>
                    )}
                  </li>
                ))}
              </ul>
            </>
          )}
          {result.skipped.length > 0 && (
            <>
              <h4>{t("import.skipped", { n: result.skipped.length })}</h4>
              <ul>
                {result.skipped.map((skipped, index) => (
                  <li key={`${skipped.name}-${index}`}>
                    <code>{skipped.name}</code>: {lang === "de" ? skipped.reasonDe : skipped.reason}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </section>
  );
}
