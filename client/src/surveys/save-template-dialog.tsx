import { useId, useState, type FormEvent } from "react";
import { api } from "../lib/api.ts";
import { ErrorAlert } from "../lib/error-alert.tsx";
import { useI18n } from "../lib/i18n.ts";
import { ModalDialog } from "../lib/modal-dialog.tsx";

interface SaveTemplateDialogProps {
  survey: { id: string; title: string } | null;
  onSaved: (name: string) => void;
  onClose: () => void;
}

/** "Als Vorlage speichern": the survey's texts and questions become a template of the organisation. */
export function SaveTemplateDialog({ survey, onSaved, onClose }: SaveTemplateDialogProps) {
  const { t } = useI18n();
  const id = useId();
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [openedFor, setOpenedFor] = useState<string | null>(null);

  // Each time the dialog opens for a survey: start from its title.
  if ((survey?.id ?? null) !== openedFor) {
    setOpenedFor(survey?.id ?? null);
    setName(survey?.title ?? "");
    setDescription("");
    setError(null);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!survey) return;
    setBusy(true);
    setError(null);
    try {
      await api.post("/templates", { surveyId: survey.id, name, description });
      onSaved(name.trim());
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <ModalDialog open={survey !== null} title={t("templates.saveTitle")} onClose={onClose}>
      <form className="form" onSubmit={submit}>
        <p>{t("templates.saveIntro")}</p>
        <div className="field">
          <label htmlFor={`${id}-name`}>{t("templates.name")}</label>
          <input id={`${id}-name`} value={name} required maxLength={200} autoComplete="off" onChange={(event) => setName(event.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-description`}>{t("templates.description")}</label>
          <textarea
            id={`${id}-description`}
            rows={3}
            maxLength={2000}
            value={description}
            onChange={(event) => setDescription(event.target.value)}
          />
        </div>
        <ErrorAlert error={error} />
        <div className="actions">
          <button type="submit" className="button-primary" disabled={busy || name.trim() === ""}>
            {t("templates.save")}
          </button>
          <button type="button" onClick={onClose}>
            {t("common.cancel")}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
