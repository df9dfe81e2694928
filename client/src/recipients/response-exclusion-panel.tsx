import { useId, useState } from "react";
import { api } from "../lib/api.ts";
import { ErrorAlert } from "../lib/error-alert.tsx";
import { formatDateTime } from "../lib/format.ts";
import { useI18n } from "../lib/i18n.ts";
import type { RecipientResponse } from "./recipient-types.ts";

/**
 * Setting one response aside (it stays, but counts in no result) or deleting it for good, in the
 * planner's response view of an identified survey. Deleting asks once more inline: the dialog
 * this sits in is already modal.
 */
export function ResponseExclusionPanel({
  surveyId,
  invitationId,
  data,
  onChange,
}: {
  surveyId: string;
  invitationId: string;
  data: RecipientResponse;
  onChange: () => void;
}) {
  const { t, lang } = useI18n();
  const [reason, setReason] = useState("");
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const reasonId = useId();
  const path = `/surveys/${surveyId}/invitations/${invitationId}/response`;

  const run = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      setReason("");
      setConfirmingDelete(false);
      onChange();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const current = data.current;
  return (
    <section className="response-exclusion" aria-label={t("exclusion.heading")}>
      {data.responseDeletedAt && <p className="notice">{t("exclusion.deletedAt", { time: formatDateTime(data.responseDeletedAt, lang) })}</p>}
      {current?.exclusion ? (
        <>
          <p className="notice" role="status">
            {t("exclusion.excludedAt", { time: formatDateTime(current.exclusion.excludedAt, lang), by: current.exclusion.by ?? "–" })}{" "}
            <strong>{current.exclusion.reason}</strong>
          </p>
          <button type="button" disabled={busy} onClick={() => void run(() => api.delete(`${path}/exclusion`))}>
            {t("exclusion.include")}
          </button>
        </>
      ) : (
        current?.status === "submitted" && (
          <form
            className="inline-form"
            onSubmit={(event) => {
              event.preventDefault();
              void run(() => api.put(`${path}/exclusion`, { reason }));
            }}
          >
            <div className="field field-medium">
              <label htmlFor={reasonId}>{t("exclusion.reason")}</label>
              <input id={reasonId} value={reason} maxLength={500} required onChange={(event) => setReason(event.target.value)} />
            </div>
            <button type="submit" disabled={busy || reason.trim() === ""}>
              {t("exclusion.exclude")}
            </button>
          </form>
        )
      )}
      {current &&
        (confirmingDelete ? (
          <div className="actions">
            <p>{t("exclusion.deleteConfirm")}</p>
            <button type="button" className="button-danger" disabled={busy} onClick={() => void run(() => api.delete(path))}>
              {t("exclusion.deleteNow")}
            </button>
            <button type="button" onClick={() => setConfirmingDelete(false)}>
              {t("exclusion.cancel")}
            </button>
          </div>
        ) : (
          <button type="button" className="button-danger" disabled={busy} onClick={() => setConfirmingDelete(true)}>
            {t("exclusion.delete")}
          </button>
        ))}
      {error !== null && <ErrorAlert error={error} />}
    </section>
  );
}
