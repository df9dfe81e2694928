import type { hc, InferResponseType } from "hono/client";
import { useEffect, useState } from "react";
import type { ApiRoutes } from "../../../server/app.ts";
import { api } from "../lib/api.ts";
import { ErrorAlert } from "../lib/error-alert.tsx";
import { formatAmount } from "../lib/format.ts";
import { useI18n } from "../lib/i18n.ts";
import { Loading } from "../lib/loading.tsx";
import { ModalDialog } from "../lib/modal-dialog.tsx";
import { ProgressBar } from "../lib/progress-bar.tsx";
import { useInterval } from "../lib/use-interval.ts";

type Client = ReturnType<typeof hc<ApiRoutes>>;
type DeletionSummary = InferResponseType<Client["surveys"][":id"]["deletion-summary"]["$get"], 200>;
type ErasureProgress = InferResponseType<Client["erasures"][":id"]["$get"], 200>;

interface DeleteSurveyDialogProps {
  /** The survey to delete; null: the dialog is closed. */
  survey: { id: string; title: string } | null;
  onDeleted: (summary: DeletionSummary) => void;
  onClose: () => void;
}

/**
 * "Umfrage löschen": names, counted, everything that goes with the survey (invitations and their
 * links, responses, submissions, mailings and mails, reminders, share links) before the planner
 * confirms; it cannot be undone. A large survey is gone at once but its rows are removed in the
 * background: the dialog then shows how far that has come, and may be closed meanwhile.
 */
export function DeleteSurveyDialog({ survey, onDeleted, onClose }: DeleteSurveyDialogProps) {
  const { t, lang } = useI18n();
  const [summary, setSummary] = useState<DeletionSummary | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [erasure, setErasure] = useState<ErasureProgress | null>(null);

  useEffect(() => {
    setSummary(null);
    setError(null);
    setErasure(null);
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
      const { deleted, erasure: started } = await api.delete<{ deleted: DeletionSummary; erasure: ErasureProgress }>(`/surveys/${survey.id}`);
      if (started.finished) onDeleted(deleted);
      else setErasure(started);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  useInterval(
    () => {
      if (!erasure) return;
      api
        .get<ErasureProgress>(`/erasures/${erasure.id}`)
        .then(setErasure)
        .catch(setError);
    },
    erasure && !erasure.finished ? 500 : null,
  );

  /** Once the survey is deleted, closing the dialog leaves it (its rows may still be going). */
  const close = () => (erasure && summary ? onDeleted(summary) : onClose());

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
    <ModalDialog open={survey !== null} title={survey ? t("deleteSurvey.title", { title: survey.title }) : ""} onClose={close} focusTitle>
      {!summary && !error && <Loading />}
      {erasure && (
        <div role="status">
          <p>{erasure.finished ? t("deleteSurvey.erased") : t("deleteSurvey.erasing")}</p>
          <ProgressBar
            value={erasure.done}
            max={erasure.total}
            label={t("deleteSurvey.progressLabel")}
            text={t("deleteSurvey.progress", { done: formatAmount(erasure.done, lang), total: erasure.total })}
          />
        </div>
      )}
      {summary && !erasure && (
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
      {erasure ? (
        <div className="actions">
          <button type="button" className="button-primary" onClick={close}>
            {t("common.close")}
          </button>
        </div>
      ) : (
        <div className="actions">
          <button type="button" className="button-primary" disabled={!summary || busy} onClick={() => void confirm()}>
            {busy ? t("deleteSurvey.deleting") : t("deleteSurvey.confirm")}
          </button>
          <button type="button" onClick={onClose}>
            {t("common.cancel")}
          </button>
        </div>
      )}
    </ModalDialog>
  );
}
