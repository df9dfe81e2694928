import { useCallback, useEffect, useState, type FormEvent } from "react";
import { api } from "../lib/api.ts";
import type { Team } from "../lib/api-types.ts";
import { ErrorAlert } from "../lib/error-alert.tsx";
import { formatDate } from "../lib/format.ts";
import { isMessageKey, useI18n } from "../lib/i18n.ts";
import { Loading } from "../lib/loading.tsx";
import { useSession } from "../lib/session.ts";
import { TextField } from "../lib/text-field.tsx";
import { useDocumentTitle } from "../lib/use-document-title.ts";

/** Members and open invitations of the organisation; admins invite further planners here. */
export function TeamPage() {
  const { t, lang } = useI18n();
  useDocumentTitle(t("team.title"));
  const session = useSession();
  const isAdmin = session.status === "signed-in" && session.me.user.role === "admin";
  const [team, setTeam] = useState<Team | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [inviteError, setInviteError] = useState<unknown>(null);
  const [notice, setNotice] = useState("");
  const [busy, setBusy] = useState(false);

  const load = useCallback(() => {
    api.get<Team>("/team").then(setTeam).catch(setError);
  }, []);
  useEffect(load, [load]);

  const roleLabel = (role: string) => {
    const key = `team.role.${role}`;
    return isMessageKey(key) ? t(key) : role;
  };

  async function invite(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const email = String(new FormData(formElement).get("email") ?? "");
    setBusy(true);
    setInviteError(null);
    setNotice("");
    try {
      await api.post("/team/invitations", { email, role: "planner" });
      setNotice(t("team.invited", { email }));
      formElement.reset();
      load();
    } catch (caught) {
      setInviteError(caught);
    } finally {
      setBusy(false);
    }
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
                  </tr>
                </thead>
                <tbody>
                  {team.members.map((member) => (
                    <tr key={member.id}>
                      <td>{member.name}</td>
                      <td>{member.email}</td>
                      <td>{roleLabel(member.role)}</td>
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
                      <th scope="col">{t("team.expires")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {team.invitations.map((invitation) => (
                      <tr key={invitation.id}>
                        <td>{invitation.email}</td>
                        <td>{roleLabel(invitation.role)}</td>
                        <td>{formatDate(invitation.expiresAt, lang)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
          <section aria-labelledby="invite-heading" className="card">
            <h2 id="invite-heading">{t("team.invite")}</h2>
            {isAdmin ? (
              <form className="form inline-form" onSubmit={invite}>
                <TextField label={t("common.email")} name="email" type="email" required autoComplete="off" />
                <button type="submit" className="button-primary" disabled={busy}>
                  {t("team.inviteSubmit")}
                </button>
              </form>
            ) : (
              <p>{t("team.adminOnly")}</p>
            )}
            <ErrorAlert error={inviteError} />
            <p role="status" className="notice">
              {notice}
            </p>
          </section>
        </>
      )}
    </>
  );
}
