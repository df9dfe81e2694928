import type { Invitation } from "../lib/api-types.ts";
import { useI18n } from "../lib/i18n.ts";
import { ProgressBar } from "../lib/progress-bar.tsx";

/** States after which the mail has left the outbox. */
const delivered = new Set<Invitation["status"]>(["sent", "opened", "draft", "submitted"]);

/** The survey's invitations with their state in words, and how many mails went out so far. */
export function InvitationsTable({ invitations }: { invitations: Invitation[] }) {
  const { t } = useI18n();
  if (invitations.length === 0) return <p className="empty">{t("recipients.noInvitations")}</p>;
  const sent = invitations.filter((invitation) => delivered.has(invitation.status)).length;
  return (
    <>
      <ProgressBar
        value={sent}
        max={invitations.length}
        label={t("recipients.invitations")}
        text={t("recipients.sentProgress", { sent, total: invitations.length })}
      />
      <div className="table-scroll">
        <table>
          <caption className="visually-hidden">{t("recipients.invitations")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("recipients.col.email")}</th>
              <th scope="col">{t("recipients.col.name")}</th>
              <th scope="col">{t("recipients.col.status")}</th>
            </tr>
          </thead>
          <tbody>
            {invitations.map((invitation) => (
              <tr key={invitation.id}>
                <td className="cell-break">{invitation.email}</td>
                <td>{invitation.name}</td>
                <td>
                  <span className={`invitation-status invitation-${invitation.status}`}>{t(`invitation.${invitation.status}`)}</span>
                  {invitation.status === "failed" && invitation.failureReason && (
                    <span className="meta"> – {invitation.failureReason}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
