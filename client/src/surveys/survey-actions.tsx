import { useState } from "react";
import { useLocation } from "wouter";
import { api } from "../lib/api.ts";
import { ErrorAlert } from "../lib/error-alert.tsx";
import { useI18n } from "../lib/i18n.ts";
import { DeleteSurveyDialog } from "./delete-survey-dialog.tsx";
import { SaveTemplateDialog } from "./save-template-dialog.tsx";

/**
 * What can be done with a whole survey: duplicate it into a new draft, save it as a template,
 * and download it as a SurveyJS JSON file. Each action names the survey, since the list shows
 * several surveys.
 */
export function SurveyActions({ survey, onDeleted }: { survey: { id: string; title: string }; onDeleted?: () => void }) {
  const { t } = useI18n();
  const [, navigate] = useLocation();
  const [saving, setSaving] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState("");

  async function duplicate() {
    setBusy(true);
    setError(null);
    try {
      const created = await api.post<{ id: string }>(`/surveys/${survey.id}/duplicate`);
      navigate(`/surveys/${created.id}`);
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  }

  return (
    <div className="survey-actions">
      <div className="actions">
        <button type="button" className="button-small" disabled={busy} aria-label={t("surveys.duplicateLabel", { title: survey.title })} onClick={() => void duplicate()}>
          {t("surveys.duplicate")}
        </button>
        <a
          className="button button-small"
          href={`/api/surveys/${survey.id}/export`}
          download
          aria-label={t("surveys.exportLabel", { title: survey.title })}
        >
          {t("surveys.export")}
        </a>
        <button type="button" className="button-small" aria-label={t("surveys.saveTemplateLabel", { title: survey.title })} onClick={() => setSaving(true)}>
          {t("surveys.saveTemplate")}
        </button>
        <button
          type="button"
          className="button-small button-quiet button-danger"
          aria-label={t("deleteSurvey.buttonLabel", { title: survey.title })}
          onClick={() => setDeleting(true)}
        >
          {t("deleteSurvey.button")}
        </button>
      </div>
      <ErrorAlert error={error} />
      <p className="notice" role="status">
        {notice}
      </p>
      <SaveTemplateDialog
        survey={saving ? survey : null}
        onSaved={(name) => {
          setSaving(false);
          setNotice(t("templates.saved", { name }));
        }}
        onClose={() => setSaving(false)}
      />
      <DeleteSurveyDialog
        survey={deleting ? survey : null}
        onDeleted={() => {
          setDeleting(false);
          if (onDeleted) onDeleted();
          else navigate("/");
        }}
        onClose={() => setDeleting(false)}
      />
    </div>
  );
}
