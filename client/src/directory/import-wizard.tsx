import { useEffect, useId, useRef, useState, type ChangeEvent } from "react";
import { api } from "../lib/api.ts";
import { ErrorAlert } from "../lib/error-alert.tsx";
import { useI18n, type MessageKey } from "../lib/i18n.ts";
import { ModalDialog } from "../lib/modal-dialog.tsx";
import type { DirectoryKind, ImportMapping, ImportPreview, ImportReport, ImportRequest } from "./directory-types.ts";

/** The file travels as base64 in JSON (≈ 4/3 of its size) within the import routes' 10 MB limit. */
const MAX_FILE_BYTES = 7 * 1024 * 1024;

const FIELDS = ["name", "kind", "type", "emails", "contactPerson", "salutation", "language", "district", "lifePhases", "fieldsOfAction", "memberOf", "notes"] as const;
type Field = (typeof FIELDS)[number];

const fieldLabels: Record<Field, MessageKey> = {
  name: "directory.import.field.name",
  kind: "directory.import.field.kind",
  type: "directory.import.field.type",
  emails: "directory.import.field.emails",
  contactPerson: "directory.import.field.contactPerson",
  salutation: "directory.import.field.salutation",
  language: "directory.import.field.language",
  district: "directory.import.field.district",
  lifePhases: "directory.import.field.lifePhases",
  fieldsOfAction: "directory.import.field.fieldsOfAction",
  memberOf: "directory.import.field.memberOf",
  notes: "directory.import.field.notes",
};

type Step = "file" | "mapping" | "running" | "report";

function readAsDataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

interface ImportWizardProps {
  open: boolean;
  onClose: () => void;
  onImported: () => void;
}

/**
 * Import from CSV or Excel in three steps: choose a file; check the suggested column for each
 * field against the first rows (and choose what rows without a kind are, whether unknown
 * districts are created and whether existing entries are updated); read the report with every
 * rejected row and its reasons.
 */
export function ImportWizard({ open, onClose, onImported }: ImportWizardProps) {
  const { t, pick } = useI18n();
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const [step, setStep] = useState<Step>("file");
  const [file, setFile] = useState<{ name: string; content: string } | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [mapping, setMapping] = useState<ImportMapping>({});
  const [defaultKind, setDefaultKind] = useState<DirectoryKind>("institution");
  const [createMissingDistricts, setCreateMissingDistricts] = useState(true);
  const [updateExisting, setUpdateExisting] = useState(false);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [reading, setReading] = useState(false);
  const [fileProblem, setFileProblem] = useState("");
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (step !== "file") heading.current?.focus();
  }, [step]);

  function restart() {
    setStep("file");
    setFile(null);
    setPreview(null);
    setReport(null);
    setError(null);
    setFileProblem("");
    requestAnimationFrame(() => fileInput.current?.focus());
  }

  async function chooseFile(event: ChangeEvent<HTMLInputElement>) {
    const chosen = event.target.files?.[0];
    setError(null);
    setFileProblem("");
    if (!chosen) return;
    if (chosen.size > MAX_FILE_BYTES) {
      setFileProblem(t("directory.import.tooLarge"));
      return;
    }
    setReading(true);
    try {
      const content = await readAsDataUrl(chosen);
      const loaded = await api.post<ImportPreview>("/directory/import/preview", { fileName: chosen.name, contentBase64: content });
      setFile({ name: chosen.name, content });
      setPreview(loaded);
      setMapping(loaded.mapping);
      setDefaultKind(loaded.suggestedDefaultKind);
      setStep("mapping");
    } catch (caught) {
      setError(caught);
    } finally {
      setReading(false);
    }
  }

  async function runImport() {
    if (!file || !preview) return;
    if (mapping.name === null || mapping.name === undefined) {
      setFileProblem(t("directory.import.nameMissing"));
      document.getElementById(`${id}-map-name`)?.focus();
      return;
    }
    setFileProblem("");
    setError(null);
    setStep("running");
    const body: ImportRequest = { fileName: file.name, contentBase64: file.content, mapping, defaultKind, createMissingDistricts, updateExisting };
    try {
      setReport(await api.post<ImportReport>("/directory/import", body));
      setStep("report");
      onImported();
    } catch (caught) {
      setError(caught);
      setStep("mapping");
    }
  }

  const headers = preview?.headers ?? [];
  const title = t("directory.import.title");

  return (
    <ModalDialog open={open} title={title} onClose={onClose} wide initialFocus={fileInput}>
      <ol className="directory-steps" aria-label={t("directory.import.steps")}>
        {(["file", "mapping", "report"] as const).map((name, index) => (
          <li key={name} aria-current={step === name || (step === "running" && name === "report") ? "step" : undefined}>
            {t(`directory.import.step.${name}`, { n: index + 1 })}
          </li>
        ))}
      </ol>

      {step === "file" && (
        <div className="field">
          <label htmlFor={`${id}-file`}>{t("directory.import.file")}</label>
          <p className="hint" id={`${id}-file-hint`}>
            {t("directory.import.fileHint")}
          </p>
          <input
            ref={fileInput}
            id={`${id}-file`}
            type="file"
            accept=".csv,.tsv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            aria-describedby={`${id}-file-hint`}
            disabled={reading}
            onChange={chooseFile}
          />
          <p role="status" className="meta">
            {reading ? t("directory.import.reading") : ""}
          </p>
        </div>
      )}

      {step === "mapping" && preview && file && (
        <>
          <h3 ref={heading} tabIndex={-1}>
            {t("directory.import.mappingTitle")}
          </h3>
          <p>{t("directory.import.rows", { n: preview.totalRows, file: file.name })}</p>
          <p className="hint">{t("directory.import.mappingHint")}</p>
          <div className="table-scroll">
            <table className="mapping-table directory-mapping">
              <thead>
                <tr>
                  <th scope="col">{t("directory.import.target")}</th>
                  <th scope="col">{t("directory.import.column")}</th>
                </tr>
              </thead>
              <tbody>
                {FIELDS.map((field) => (
                  <tr key={field}>
                    <th scope="row">
                      <label htmlFor={`${id}-map-${field}`}>{t(fieldLabels[field])}</label>
                    </th>
                    <td>
                      <select
                        id={`${id}-map-${field}`}
                        value={mapping[field] ?? ""}
                        onChange={(event) => setMapping({ ...mapping, [field]: event.target.value === "" ? null : Number(event.target.value) })}
                      >
                        <option value="">{t("directory.import.notInFile")}</option>
                        {headers.map((header, index) => (
                          <option key={index} value={index}>
                            {header}
                          </option>
                        ))}
                      </select>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <fieldset>
            <legend>{t("directory.import.defaultKind")}</legend>
            <p className="hint">{t("directory.import.defaultKindHint")}</p>
            {(["institution", "network"] as const).map((kind) => (
              <label key={kind} className="check">
                <input type="radio" name={`${id}-kind`} value={kind} checked={defaultKind === kind} onChange={() => setDefaultKind(kind)} />
                {t(`directory.kind.${kind}`)}
              </label>
            ))}
          </fieldset>
          <div className="check-list">
            <label className="check">
              <input type="checkbox" checked={createMissingDistricts} onChange={(event) => setCreateMissingDistricts(event.target.checked)} />
              {t("directory.import.createDistricts")}
            </label>
            <label className="check">
              <input type="checkbox" checked={updateExisting} onChange={(event) => setUpdateExisting(event.target.checked)} />
              {t("directory.import.updateExisting")}
            </label>
          </div>
          <h3>{t("directory.import.preview", { n: preview.rows.length })}</h3>
          <div className="table-scroll directory-preview">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("directory.import.rowNumber")}</th>
                  {headers.map((header, index) => {
                    const field = FIELDS.find((candidate) => mapping[candidate] === index);
                    return (
                      <th scope="col" key={index}>
                        {header}
                        <span className="meta directory-preview-target">{field ? `→ ${t(fieldLabels[field])}` : t("directory.import.ignored")}</span>
                      </th>
                    );
                  })}
                </tr>
              </thead>
              <tbody>
                {preview.rows.map((row) => (
                  <tr key={row.row}>
                    <td>{row.row}</td>
                    {row.cells.map((cell, index) => (
                      <td key={index} className="cell-break">
                        {cell}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {fileProblem && (
            <p className="field-error" role="alert">
              {fileProblem}
            </p>
          )}
          <ErrorAlert error={error} />
          <div className="actions">
            <button type="button" className="button-primary" onClick={runImport}>
              {t("directory.import.start", { n: preview.totalRows })}
            </button>
            <button type="button" onClick={restart}>
              {t("directory.import.otherFile")}
            </button>
            <button type="button" onClick={onClose}>
              {t("common.cancel")}
            </button>
          </div>
        </>
      )}

      {step === "running" && (
        <div className="progress" aria-busy="true">
          <h3 ref={heading} tabIndex={-1}>
            {t("directory.import.running")}
          </h3>
          <progress aria-label={t("directory.import.running")} />
          <span className="progress-text">{t("directory.import.runningHint", { n: preview?.totalRows ?? 0 })}</span>
        </div>
      )}

      {step === "report" && report && (
        <>
          <h3 ref={heading} tabIndex={-1}>
            {t("directory.import.reportTitle")}
          </h3>
          <p role="status" className={report.rejected.length > 0 ? "alert alert-warning" : "alert alert-success"}>
            {t("directory.import.done", { created: report.created, updated: report.updated, rejected: report.rejected.length })}
            {report.districtsCreated > 0 ? ` ${t("directory.import.districtsCreated", { n: report.districtsCreated })}` : ""}
          </p>
          {report.rejected.length > 0 && (
            <>
              <p className="hint">{t("directory.import.rejectedHint")}</p>
              <div className="table-scroll">
                <table>
                  <caption>{t("directory.import.rejected", { n: report.rejected.length })}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("directory.import.rowNumber")}</th>
                      <th scope="col">{t("directory.col.name")}</th>
                      <th scope="col">{t("directory.import.reasons")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.rejected.map((row) => (
                      <tr key={row.row}>
                        <td>{row.row}</td>
                        <td>{row.name}</td>
                        <td>
                          <ul className="directory-reasons">
                            {row.reasons.map((reason, index) => (
                              <li key={index}>{pick({ de: reason.messageDe, en: reason.message })}</li>
                            ))}
                          </ul>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
          <div className="actions">
            <button type="button" className="button-primary" onClick={onClose}>
              {t("common.close")}
            </button>
            <button type="button" onClick={restart}>
              {t("directory.import.again")}
            </button>
          </div>
        </>
      )}

      {step === "file" && (
        <>
          <ErrorAlert error={error} />
          <div className="actions">
            <button type="button" onClick={onClose}>
              {t("common.cancel")}
            </button>
          </div>
        </>
      )}
    </ModalDialog>
  );
}
