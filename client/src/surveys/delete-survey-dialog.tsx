import type { hc, InferResponseType } from "hono/client";
import { useEffect, useState } from "react";
import type { ApiRoutes } from "../../../server/app.ts";
import { api } from "../lib/api.ts";
import { ErrorAlert } from "../lib/error-alert.tsx";
import { useI18n } from "../lib/i18n.ts";
import { Loading } from "../lib/loading.tsx";
import { ModalDialog } from "../lib/modal-dialog.tsx";

type Client = ReturnType<typeof hc<ApiRoutes>>;
type DeletionSummary = InferResponseType<Client["surveys"][":id"]["deletion-summary"]["$get"], 200>;

interface DeleteSurveyDialogProps {
  /** The survey to delete; null: the dialog is closed. */
  survey: { id: string; title: string } | null;
  onDeleted: (summary: DeletionSummary) => void;
  onClose: () => void;
}

/**
 * "Umfrage löschen": names, counted, everything that goes with the survey (invitations and their
 * links, responses, submissions, mailings and mails, reminders, share links) before the planner
 * confirms; it cannot be undone.
 */
export function DeleteSurveyDialog({ survey, onDeleted, onClose }: DeleteSurveyDialogProps) {
  const { t } = useI18n();
  const [summary, setSummary] = useState<DeletionSummary | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    setSummary(null);
    setError(null);
    if (!survey) return;
    const controller = new AbortController();
    api
      .get<DeletionSummary>(`/surveys/${survey.id}/deletion-summary`, { signal: controller.signal })
      .then(setSummary)
      .catch((caught: unknown) => {
        if (!(caught instanceof DOMException && caught.name === "AbortError")) setError(caught);
      });
    return () => controller.abort();
  }, [survey]);

  async function confirm() {
    if (!survey) return;
    setBusy(true);
    setError(null);
    try {
      const { deleted } = await api.delete<{ deleted: DeletionSummary }>(`/surveys/${survey.id}`);
      onDeleted(deleted);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  const lines = summary
    ? [
        summary.invitations > 0 && t("deleteSurvey.invitations", { n: summary.invitations, links: summary.links }),
        summary.responses > 0 && t("deleteSurvey.responses", { n: summary.responses, submitted: summary.submittedResponses }),
        summary.submissions > 0 && t("deleteSurvey.submissions", { n: summary.submissions }),
        summary.mailings > 0 && t("deleteSurvey.mailings", { n: summary.mailings, mails: summary.mails }),
        summary.reminderRules > 0 && t("deleteSurvey.reminders", { n: summary.reminderRules }),
        summary.networkViews > 0 && t("deleteSurvey.networkViews", { n: summary.networkViews }),
        t("deleteSurvey.texts"),
      ].filter((line): line is string => typeof line === "string")
    : [];

  return (
    <ModalDialog open={survey !== null} title={survey ? t("deleteSurvey.title", { title: survey.title }) : ""} onClose={onClose} focusTitle>
      {!summary && !error && <Loading />}
      {summary && (
        <>
          <p>{t("deleteSurvey.intro")}</p>
          <ul data-testid="deletion-summary">
            {lines.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          {summary.status === "open" && <p className="alert alert-warning">{t("deleteSurvey.open")}</p>}
          <p>{t("deleteSurvey.irreversible")}</p>
        </>
      )}
      <ErrorAlert error={error} />
      <div className="actions">
        <button type="button" className="button-primary" disabled={!summary || busy} onClick={() => void confirm()}>
          {busy ? t("deleteSurvey.deleting") : t("deleteSurvey.confirm")}
        </button>
        <button type="button" onClick={onClose}>
          {t("common.cancel")}
        </button>
      </div>
    </ModalDialog>
  );
}
