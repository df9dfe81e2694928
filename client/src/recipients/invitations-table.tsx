import { Suspense, useId, useMemo, useState } from "react";
import { api } from "../lib/api.ts";
import { ConfirmDialog } from "../lib/confirm-dialog.tsx";
import { ErrorAlert } from "../lib/error-alert.tsx";
import { formatDateTime } from "../lib/format.ts";
import { useI18n } from "../lib/i18n.ts";
import { lazyNamed } from "../lib/lazy-named.ts";
import { Loading } from "../lib/loading.tsx";
import { ModalDialog } from "../lib/modal-dialog.tsx";
import { HandoverDialog } from "./handover-dialog.tsx";

const ResponseView = lazyNamed(() => import("./response-view.tsx"), "ResponseView");
import type { InvitationList } from "./recipient-types.ts";

type Invitation = InvitationList["invitations"][number];
type Status = Invitation["status"];

const PAGE = 100;
const STATUSES: Status[] = ["queued", "sent", "failed", "opened", "draft", "submitted", "revoked"];

/** The moment that goes with the current state ("draft since …"). */
function stateTime(invitation: Invitation): string | null {
  switch (invitation.status) {
    case "submitted":
      return invitation.submittedAt;
    case "draft":
      return invitation.draftSavedAt;
    case "opened":
      return invitation.openedAt;
    case "sent":
      return invitation.sentAt;
    case "revoked":
      return invitation.revokedAt;
    default:
      return invitation.createdAt;
  }
}

type PrivacyMode = "identified" | "pseudonymous" | "anonymous";

/**
 * Every invitation with its state and when it got there, filterable by state and searchable,
 * with what a planner does to one: send again, hand over to a colleague, revoke or restore, and
 * with its response what the survey's privacy mode allows (server/recipients/response-exclusion.ts):
 * identified: view it, exclude, include or delete it (in the response dialog); pseudonymous:
 * delete it at the respondent's request only; anonymous: nothing, answers are linked to no
 * invitation (a hint says so).
 */
export function InvitationsTable({
  surveyId,
  privacyMode,
  list,
  canSend,
  onChange,
}: {
  surveyId: string;
  privacyMode: PrivacyMode;
  list: InvitationList;
  canSend: boolean;
  onChange: () => void;
}) {
  const { t, lang } = useI18n();
  const [status, setStatus] = useState<Status | "all">("all");
  const [search, setSearch] = useState("");
  const [limit, setLimit] = useState(PAGE);
  const [revoking, setRevoking] = useState<Invitation | null>(null);
  const [handingOver, setHandingOver] = useState<Invitation | null>(null);
  const [viewing, setViewing] = useState<Invitation | null>(null);
  const [erasing, setErasing] = useState<Invitation | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState("");
  const searchId = useId();

  const filtered = useMemo(() => {
    const needle = search.trim().toLowerCase();
    return list.invitations.filter(
      (invitation) =>
        (status === "all" || invitation.status === status) &&
        (!needle ||
          invitation.email.includes(needle) ||
          invitation.name.toLowerCase().includes(needle) ||
          (invitation.directoryEntry?.name.toLowerCase().includes(needle) ?? false)),
    );
  }, [list.invitations, status, search]);

  if (list.invitations.length === 0) {
    return (
      <section className="card" aria-labelledby="invitations-heading">
        <h2 id="invitations-heading">{t("invitations.heading")}</h2>
        <p className="empty">{t("recipients.noInvitations")}</p>
      </section>
    );
  }

  async function act(invitation: Invitation, action: "resend" | "revoke" | "restore") {
    try {
      await api.post(`/surveys/${surveyId}/invitations/${invitation.id}/${action}`);
      const messages = { resend: "invitations.resent", revoke: "invitations.revoked", restore: "invitations.restored" } as const;
      setNotice(t(messages[action], { email: invitation.email }));
      setError(null);
      onChange();
    } catch (caught) {
      setError(caught);
    }
  }

  /** Erasure at the respondent's request (pseudonymous surveys): irreversible, audited with onRequest. */
  async function erase(invitation: Invitation) {
    try {
      await api.delete(`/surveys/${surveyId}/invitations/${invitation.id}/response?onRequest=true`);
      setNotice(t("erasure.done", { email: invitation.email }));
      setError(null);
      onChange();
    } catch (caught) {
      setError(caught);
    }
  }

  const shown = filtered.slice(0, limit);

  return (
    <section className="card" aria-labelledby="invitations-heading">
      <h2 id="invitations-heading">{t("invitations.heading")}</h2>
      {privacyMode !== "identified" && <p className="meta response-actions-hint">{t(privacyMode === "anonymous" ? "erasure.anonymousHint" : "erasure.pseudonymousHint")}</p>}
      <div className="invitation-filters">
        <div className="toggle-group status-filter" role="group" aria-label={t("invitations.filter")}>
          <button type="button" aria-pressed={status === "all"} onClick={() => setStatus("all")}>
            {t("invitations.all")} ({list.counts.total})
          </button>
          {STATUSES.filter((option) => list.counts[option] > 0).map((option) => (
            <button key={option} type="button" aria-pressed={status === option} onClick={() => setStatus(option)}>
              {t(`invitation.${option}`)} ({list.counts[option]})
            </button>
          ))}
        </div>
        <div className="field field-medium">
          <label htmlFor={searchId}>{t("invitations.search")}</label>
          <input
            id={searchId}
            type="search"
            placeholder={t("invitations.searchHint")}
            value={search}
            onChange={(event) => {
              setSearch(event.target.value);
              setLimit(PAGE);
            }}
          />
        </div>
      </div>
      <p className="meta" role="status" aria-live="polite">
        {t("invitations.showing", { shown: shown.length, total: filtered.length })}
      </p>
      {filtered.length === 0 ? (
        <p className="empty">{t("invitations.none")}</p>
      ) : (
        <div className="table-scroll">
          <table className="invitations-table">
            <caption className="visually-hidden">{t("invitations.heading")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("invitations.col.recipient")}</th>
                <th scope="col">{t("invitations.col.status")}</th>
                <th scope="col">{t("invitations.col.reminders")}</th>
                <th scope="col">{t("invitations.col.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((invitation) => {
                const time = stateTime(invitation);
                const hasResponse = invitation.status === "draft" || invitation.status === "submitted" || Boolean(invitation.submittedAt);
                return (
                  <tr key={invitation.id}>
                    <td>
                      {invitation.directoryEntry && <strong className="invitation-entry">{invitation.directoryEntry.name}</strong>}
                      {invitation.name && <span className="invitation-name">{invitation.name}</span>}
                      <span className="cell-break invitation-email">{invitation.email}</span>
                      {invitation.directoryEntry?.districtName && <span className="meta">{invitation.directoryEntry.districtName}</span>}
                    </td>
                    <td>
                      <span className={`invitation-status invitation-${invitation.status}`}>{t(`invitation.${invitation.status}`)}</span>
                      {time && <span className="meta"> {t("invitations.since", { time: formatDateTime(time, lang) })}</span>}
                      {invitation.responseExcluded && <span className="meta"> · {t("exclusion.excludedMark")}</span>}
                      {invitation.responseDeletedAt && (
                        <span className="meta"> · {t("exclusion.deletedMark", { time: formatDateTime(invitation.responseDeletedAt, lang) })}</span>
                      )}
                      {invitation.status === "failed" && invitation.failureReason && (
                        <span className="meta failure-reason"> – {invitation.failureReason}</span>
                      )}
                    </td>
                    <td>
                      {invitation.reminderCount > 0 ? (
                        <>
                          {t("invitations.reminderCount", { n: invitation.reminderCount })}
                          {invitation.lastRemindedAt && <span className="meta"> ({formatDateTime(invitation.lastRemindedAt, lang)})</span>}
                        </>
                      ) : (
                        t("invitations.noReminders")
                      )}
                    </td>
                    <td>
                      <div className="row-actions">
                        {hasResponse && (
                          <button
                            type="button"
                            className="button-small"
                            aria-label={t("responses.viewFor", { email: invitation.email })}
                            onClick={() => setViewing(invitation)}
                          >
                            {t("responses.view")}
                          </button>
                        )}
                        {hasResponse && privacyMode === "pseudonymous" && (
                          <button
                            type="button"
                            className="button-small button-danger"
                            aria-label={t("erasure.buttonFor", { email: invitation.email })}
                            onClick={() => setErasing(invitation)}
                          >
                            {t("erasure.button")}
                          </button>
                        )}
                        {invitation.status === "revoked" ? (
                          <button
                            type="button"
                            className="button-small"
                            aria-label={t("invitations.restoreFor", { email: invitation.email })}
                            onClick={() => void act(invitation, "restore")}
                          >
                            {t("invitations.restore")}
                          </button>
                        ) : (
                          <>
                            {invitation.status !== "submitted" && (
                              <button
                                type="button"
                                className="button-small"
                                disabled={!canSend}
                                aria-label={t("invitations.resendFor", { email: invitation.email })}
                                onClick={() => void act(invitation, "resend")}
                              >
                                {t("invitations.resend")}
                              </button>
                            )}
                            <button
                              type="button"
                              className="button-small"
                              disabled={!canSend}
                              aria-label={t("invitations.handoverFor", { email: invitation.email })}
                              onClick={() => setHandingOver(invitation)}
                            >
                              {t("invitations.handover")}
                            </button>
                            <button
                              type="button"
                              className="button-small"
                              aria-label={t("invitations.revokeFor", { email: invitation.email })}
                              onClick={() => setRevoking(invitation)}
                            >
                              {t("invitations.revoke")}
                            </button>
                          </>
                        )}
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {filtered.length > shown.length && (
        <button type="button" onClick={() => setLimit((current) => current + PAGE)}>
          {t("invitations.more")}
        </button>
      )}
      <ErrorAlert error={error} />
      <p className="notice" role="status" aria-live="polite">
        {notice}
      </p>
      <ConfirmDialog
        open={revoking !== null}
        title={t("invitations.revokeTitle")}
        text={t("invitations.revokeText")}
        confirmLabel={t("invitations.revoke")}
        onConfirm={() => {
          const invitation = revoking;
          setRevoking(null);
          if (invitation) void act(invitation, "revoke");
        }}
        onCancel={() => setRevoking(null)}
      />
      <ConfirmDialog
        open={erasing !== null}
        title={t("erasure.title")}
        text={t("erasure.text", { email: erasing?.email ?? "" })}
        confirmLabel={t("erasure.confirm")}
        onConfirm={() => {
          const invitation = erasing;
          setErasing(null);
          if (invitation) void erase(invitation);
        }}
        onCancel={() => setErasing(null)}
      />
      <ModalDialog open={viewing !== null} title={t("responses.title", { email: viewing?.email ?? "" })} onClose={() => setViewing(null)} wide>
        {viewing && (
          <Suspense fallback={<Loading />}>
            <ResponseView surveyId={surveyId} invitationId={viewing.id} onChange={onChange} />
          </Suspense>
        )}
        <div className="actions">
          <button type="button" onClick={() => setViewing(null)}>
            {t("responses.close")}
          </button>
        </div>
      </ModalDialog>
      <HandoverDialog
        surveyId={surveyId}
        invitation={handingOver}
        onClose={() => setHandingOver(null)}
        onDone={(email) => {
          setHandingOver(null);
          setNotice(t("invitations.handedOver", { email }));
          onChange();
        }}
      />
    </section>
  );
}
