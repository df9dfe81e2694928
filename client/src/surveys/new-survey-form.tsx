import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from "react";
import { useLocation } from "wouter";
import { api } from "../lib/api.ts";
import type { SurveyTemplate } from "../lib/api-types.ts";
import { ConfirmDialog } from "../lib/confirm-dialog.tsx";
import { ErrorAlert } from "../lib/error-alert.tsx";
import { useI18n } from "../lib/i18n.ts";
import { TextField } from "../lib/text-field.tsx";
import { ImportPanel } from "../questionnaire-import/import-panel.tsx";

/**
 * "Neue Umfrage": a title and, optionally, a template to start from (shipped ones such as the
 * Wuppertal network analysis, or the organisation's own); the survey page opens right after.
 * Own templates can be deleted here. "Fragebogen importieren" makes a survey from a SurveyJS,
 * LimeSurvey or XLSForm file instead.
 */
export function NewSurveyForm({ onImported }: { /** A questionnaire file became a survey: the list shows it. */ onImported?: () => void }) {
  const { t } = useI18n();
  const id = useId();
  const [, navigate] = useLocation();
  const [title, setTitle] = useState("");
  const [templates, setTemplates] = useState<SurveyTemplate[]>([]);
  const [templateId, setTemplateId] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [notice, setNotice] = useState("");
  const [importing, setImporting] = useState(false);
  const importButton = useRef<HTMLButtonElement>(null);

  const loadTemplates = useCallback(() => {
    api
      .get<{ templates: SurveyTemplate[] }>("/templates")
      .then((answer) => setTemplates(answer.templates))
      .catch(setError);
  }, []);
  useEffect(loadTemplates, [loadTemplates]);

  const template = templates.find((candidate) => candidate.id === templateId);
  const shipped = templates.filter((candidate) => !candidate.own);
  const own = templates.filter((candidate) => candidate.own);
  const optionText = (candidate: SurveyTemplate) =>
    t("templates.option", { name: candidate.name, pages: candidate.pageCount, questions: candidate.questionCount });

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const created = await api.post<{ id: string }>("/surveys", { title, ...(templateId ? { templateId } : {}) });
      navigate(`/surveys/${created.id}`);
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  }

  async function deleteTemplate() {
    if (!template) return;
    setConfirmDelete(false);
    try {
      await api.delete(`/templates/${template.id}`);
      setNotice(t("templates.deleted", { name: template.name }));
      setTemplateId("");
      loadTemplates();
    } catch (caught) {
      setError(caught);
    }
  }

  return (
    <section className="card" aria-labelledby="new-survey-heading">
      <h2 id="new-survey-heading">{t("surveys.new")}</h2>
      <form className="form new-survey-form" onSubmit={submit}>
        <div className="inline-form">
          <TextField
            label={t("surveys.newTitle")}
            name="title"
            required
            maxLength={300}
            value={title}
            onChange={(event) => setTitle(event.target.value)}
            autoComplete="off"
          />
          <div className="field">
            <label htmlFor={`${id}-template`}>{t("templates.pick")}</label>
            <select
              id={`${id}-template`}
              value={templateId}
              aria-describedby={`${id}-template-description`}
              onChange={(event) => {
                const next = templates.find((candidate) => candidate.id === event.target.value);
                setTemplateId(event.target.value);
                if (next && title.trim() === "") setTitle(next.name);
              }}
            >
              <option value="">{t("templates.none")}</option>
              {shipped.length > 0 && (
                <optgroup label={t("templates.shipped")}>
                  {shipped.map((candidate) => (
                    <option key={candidate.id} value={candidate.id}>
                      {optionText(candidate)}
                    </option>
                  ))}
                </optgroup>
              )}
              {own.length > 0 && (
                <optgroup label={t("templates.own")}>
                  {own.map((candidate) => (
                    <option key={candidate.id} value={candidate.id}>
                      {optionText(candidate)}
                    </option>
                  ))}
                </optgroup>
              )}
            </select>
          </div>
          <button type="submit" className="button-primary" disabled={busy || title.trim() === ""}>
            {t("surveys.create")}
          </button>
        </div>
        <div className="template-description">
          <p className="hint" id={`${id}-template-description`} hidden={!template?.description}>
            {template?.description}
          </p>
          {template?.own && (
            <button type="button" className="button-small button-quiet button-danger" onClick={() => setConfirmDelete(true)}>
              {t("templates.delete", { name: template.name })}
            </button>
          )}
        </div>
      </form>
      <div className="actions">
        <button type="button" ref={importButton} aria-expanded={importing} onClick={() => setImporting((open) => !open)}>
          {t("import.title")}
        </button>
      </div>
      {importing && (
        <ImportPanel
          onImported={onImported}
          onClose={() => {
            setImporting(false);
            requestAnimationFrame(() => importButton.current?.focus());
          }}
        />
      )}
      <p className="notice" role="status">
        {notice}
      </p>
      <ErrorAlert error={error} />
      <ConfirmDialog
        open={confirmDelete}
        title={t("templates.deleteTitle")}
        text={t("templates.deleteText", { name: template?.name ?? "" })}
        confirmLabel={t("templates.deleteConfirm")}
        onConfirm={() => void deleteTemplate()}
        onCancel={() => setConfirmDelete(false)}
      />
    </section>
  );
}
