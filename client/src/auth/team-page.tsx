import { useCallback, useEffect, useId, useState, type FormEvent } from "react";
import { api } from "../lib/api.ts";
import type { Team } from "../lib/api-types.ts";
import { ConfirmDialog } from "../lib/confirm-dialog.tsx";
import { ErrorAlert } from "../lib/error-alert.tsx";
import { formatDate, formatDateTime } from "../lib/format.ts";
import { isMessageKey, useI18n } from "../lib/i18n.ts";
import { Loading } from "../lib/loading.tsx";
import { useSession } from "../lib/session.ts";
import { TextField } from "../lib/text-field.tsx";
import { useDocumentTitle } from "../lib/use-document-title.ts";

type Member = Team["members"][number];

/**
 * Members and open invitations of the organisation. Admins invite by mail (the link goes to the
 * invited address only: the page says where it was sent, never shows it), send an invitation
 * again or withdraw it, and remove members after a confirmation (their sessions end at once).
 */
export function TeamPage() {
  const { t, lang } = useI18n();
  useDocumentTitle(t("team.title"));
  const session = useSession();
  const me = session.status === "signed-in" ? session.me : null;
  const isAdmin = me?.user.role === "admin";
  const roleId = useId();
  const [team, setTeam] = useState<Team | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [inviteError, setInviteError] = useState<unknown>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [notice, setNotice] = useState("");
  const [busy, setBusy] = useState(false);
  const [removing, setRemoving] = useState<Member | null>(null);

  const load = useCallback(() => {
    api.get<Team>("/team").then(setTeam).catch(setError);
  }, []);
  useEffect(load, [load]);

  const roleLabel = (role: string) => {
    const key = `team.role.${role}`;
    return isMessageKey(key) ? t(key) : role;
  };

  /** Runs a team action, says what happened in the status line and reloads the team. */
  async function act(action: () => Promise<string>) {
    setBusy(true);
    setActionError(null);
    setNotice("");
    try {
      setNotice(await action());
      load();
    } catch (caught) {
      setActionError(caught);
    } finally {
      setBusy(false);
    }
  }

  async function invite(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    setBusy(true);
    setInviteError(null);
    setActionError(null);
    setNotice("");
    try {
      const sent = await api.post<{ email: string }>("/team/invitations", { email: String(form.get("email") ?? ""), role: String(form.get("role") ?? "planner") });
      setNotice(t("team.invited", { email: sent.email }));
      formElement.reset();
      load();
    } catch (caught) {
      setInviteError(caught);
    } finally {
      setBusy(false);
    }
  }

  function confirmRemoval() {
    const member = removing;
    setRemoving(null);
    if (!member) return;
    void act(async () => {
      await api.delete(`/team/members/${member.id}`);
      return t("team.removed", { name: member.name });
    });
  }

  return (
    <>
      <h1>{t("team.title")}</h1>
      <ErrorAlert error={error} />
      {!team && !error && <Loading />}
      {team && (
        <>
          <section aria-labelledby="members-heading" className="card">
            <h2 id="members-heading">{t("team.members")}</h2>
            <div className="table-scroll">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t("common.name")}</th>
                    <th scope="col">{t("common.email")}</th>
                    <th scope="col">{t("team.role")}</th>
                    {isAdmin && <th scope="col">{t("team.actions")}</th>}
                  </tr>
                </thead>
                <tbody>
                  {team.members.map((member) => (
                    <tr key={member.id}>
                      <td>
                        {member.name} {member.id === me?.user.id && <span className="meta">{t("team.you")}</span>}
                      </td>
                      <td>{member.email}</td>
                      <td>{roleLabel(member.role)}</td>
                      {isAdmin && (
                        <td>
                          {member.id !== me?.user.id && (
                            <button
                              type="button"
                              className="button-quiet button-danger"
                              aria-label={t("team.removeLabel", { name: member.name })}
                              disabled={busy}
                              onClick={() => setRemoving(member)}
                            >
                              {t("team.remove")}
                            </button>
                          )}
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
          <section aria-labelledby="invitations-heading" className="card">
            <h2 id="invitations-heading">{t("team.openInvitations")}</h2>
            {team.invitations.length === 0 ? (
              <p>{t("team.noInvitations")}</p>
            ) : (
              <div className="table-scroll">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t("common.email")}</th>
                      <th scope="col">{t("team.role")}</th>
                      <th scope="col">{t("team.sentAt")}</th>
                      <th scope="col">{t("team.expires")}</th>
                      {isAdmin && <th scope="col">{t("team.actions")}</th>}
                    </tr>
                  </thead>
                  <tbody>
                    {team.invitations.map((invitation) => (
                      <tr key={invitation.id}>
                        <td>{invitation.email}</td>
                        <td>{roleLabel(invitation.role)}</td>
                        <td>{formatDateTime(invitation.sentAt, lang)}</td>
                        <td>{invitation.expired ? <strong>{t("team.expired")}</strong> : formatDate(invitation.expiresAt, lang)}</td>
                        {isAdmin && (
                          <td>
                            <div className="actions actions-start">
                              <button
                                type="button"
                                className="button-quiet"
                                aria-label={t("team.resendLabel", { email: invitation.email })}
                                disabled={busy}
                                onClick={() =>
                                  void act(async () => {
                                    const sent = await api.post<{ email: string }>(`/team/invitations/${invitation.id}/resend`);
                                    return t("team.resent", { email: sent.email });
                                  })
                                }
                              >
                                {t("team.resend")}
                              </button>
                              <button
                                type="button"
                                className="button-quiet button-danger"
                                aria-label={t("team.revokeLabel", { email: invitation.email })}
                                disabled={busy}
                                onClick={() =>
                                  void act(async () => {
                                    await api.post(`/team/invitations/${invitation.id}/revoke`);
                                    return t("team.revoked", { email: invitation.email });
                                  })
                                }
                              >
                                {t("team.revoke")}
                              </button>
                            </div>
                          </td>
                        )}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
          <ErrorAlert error={actionError} />
          <section aria-labelledby="invite-heading" className="card">
            <h2 id="invite-heading">{t("team.invite")}</h2>
            {isAdmin ? (
              <>
                <p className="hint">{t("team.inviteHint")}</p>
                <form className="form inline-form" onSubmit={invite}>
                  <TextField label={t("common.email")} name="email" type="email" required autoComplete="off" />
                  <div className="field">
                    <label htmlFor={roleId}>{t("team.role")}</label>
                    <select id={roleId} name="role" defaultValue="planner">
                      <option value="planner">{t("team.role.planner")}</option>
                      <option value="admin">{t("team.role.admin")}</option>
                    </select>
                  </div>
                  <button type="submit" className="button-primary" disabled={busy}>
                    {t("team.inviteSubmit")}
                  </button>
                </form>
              </>
            ) : (
              <p>{t("team.adminOnly")}</p>
            )}
            <ErrorAlert error={inviteError} />
          </section>
          <p role="status" className="notice">
            {notice}
          </p>
          <ConfirmDialog
            open={removing !== null}
            title={removing ? t("team.removeTitle", { name: removing.name }) : ""}
            text={removing ? t("team.removeText", { name: removing.name, email: removing.email }) : ""}
            confirmLabel={t("team.remove")}
            onConfirm={confirmRemoval}
            onCancel={() => setRemoving(null)}
          />
        </>
      )}
    </>
  );
}
