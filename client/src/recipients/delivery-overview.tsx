import { useState } from "react";
import { api } from "../lib/api.ts";
import { ConfirmDialog } from "../lib/confirm-dialog.tsx";
import { ErrorAlert } from "../lib/error-alert.tsx";
import { formatDateTime } from "../lib/format.ts";
import { useI18n } from "../lib/i18n.ts";
import { ProgressBar } from "../lib/progress-bar.tsx";
import type { InvitationCounts, Mailing } from "./recipient-types.ts";

const FIRST_MAILINGS = 4;

/**
 * Where the survey stands at a glance: the invitations per state as tiles, and each mailing
 * (invitation round, reminder …) with a progress bar while it goes out.
 */
export function DeliveryOverview({
  surveyId,
  counts,
  mailings,
  onChange,
}: {
  surveyId: string;
  counts: InvitationCounts;
  mailings: Mailing[];
  onChange: () => void;
}) {
  const { t, lang } = useI18n();
  const [showAll, setShowAll] = useState(false);
  const [cancelling, setCancelling] = useState<Mailing | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState("");

  const delivered = counts.sent + counts.opened + counts.draft + counts.submitted;
  const tiles = [
    { key: "total", value: counts.total - counts.revoked, label: t("delivery.total") },
    { key: "delivered", value: delivered, label: t("delivery.delivered") },
    { key: "opened", value: counts.opened + counts.draft + counts.submitted, label: t("delivery.opened") },
    { key: "draft", value: counts.draft, label: t("delivery.draft") },
    { key: "submitted", value: counts.submitted, label: t("delivery.submitted") },
    ...(counts.failed > 0 ? [{ key: "failed", value: counts.failed, label: t("delivery.failed") }] : []),
    ...(counts.queued > 0 ? [{ key: "queued", value: counts.queued, label: t("delivery.queued") }] : []),
  ];
  const shown = showAll ? mailings : mailings.slice(0, FIRST_MAILINGS);

  async function cancel(mailing: Mailing) {
    setCancelling(null);
    try {
      const result = await api.post<{ cancelled: number }>(`/surveys/${surveyId}/mailings/${mailing.id}/cancel`);
      setNotice(t("delivery.cancelledNotice", { n: result.cancelled }));
      setError(null);
      onChange();
    } catch (caught) {
      setError(caught);
    }
  }

  return (
    <section className="card" aria-labelledby="delivery-heading">
      <h2 id="delivery-heading">{t("delivery.heading")}</h2>
      <dl className="tiles" aria-label={t("delivery.tiles")}>
        {tiles.map((tile) => (
          <div key={tile.key} className={`tile tile-${tile.key}`} data-testid={`delivery-${tile.key}`}>
            <dt>{tile.label}</dt>
            <dd>{tile.value}</dd>
          </div>
        ))}
      </dl>
      <h3>{t("delivery.mailings")}</h3>
      {mailings.length === 0 ? (
        <p className="empty">{t("delivery.noMailings")}</p>
      ) : (
        <ul className="mailing-list">
          {shown.map((mailing) => {
            const done = mailing.sent + mailing.failed;
            const scheduled = mailing.queued > 0 && new Date(mailing.scheduledAt).getTime() > Date.now();
            return (
              <li key={mailing.id} className="mailing">
                <div className="mailing-head">
                  <strong>{t(`mailing.${mailing.kind}`)}</strong>
                  <span className="meta">
                    {formatDateTime(mailing.createdAt, lang)}
                    {mailing.createdBy ? ` · ${t("delivery.by", { name: mailing.createdBy })}` : ""}
                    {scheduled ? ` · ${t("delivery.scheduledFor", { time: formatDateTime(mailing.scheduledAt, lang) })}` : ""}
                    {mailing.cancelledAt ? ` · ${t("delivery.cancelled")}` : ""}
                  </span>
                </div>
                <ProgressBar
                  value={done}
                  max={mailing.total}
                  label={`${t(`mailing.${mailing.kind}`)} ${formatDateTime(mailing.createdAt, lang)}`}
                  text={
                    mailing.failed > 0
                      ? t("delivery.progressFailed", { sent: mailing.sent, total: mailing.total, failed: mailing.failed })
                      : t("delivery.progress", { sent: mailing.sent, total: mailing.total })
                  }
                />
                {mailing.queued > 0 && (
                  <button type="button" className="button-small" onClick={() => setCancelling(mailing)}>
                    {t("delivery.cancel")}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {mailings.length > FIRST_MAILINGS && (
        <button type="button" className="button-link" onClick={() => setShowAll((all) => !all)}>
          {showAll ? t("delivery.showFewer") : t("delivery.showAll", { n: mailings.length })}
        </button>
      )}
      <ErrorAlert error={error} />
      <p className="notice" role="status" aria-live="polite">
        {notice}
      </p>
      <ConfirmDialog
        open={cancelling !== null}
        title={t("delivery.cancelTitle")}
        text={t("delivery.cancelText")}
        confirmLabel={t("delivery.cancel")}
        onConfirm={() => cancelling && void cancel(cancelling)}
        onCancel={() => setCancelling(null)}
      />
    </section>
  );
}
