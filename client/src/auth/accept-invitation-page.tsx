import { useEffect, useState, type FormEvent } from "react";
import { Link, useLocation } from "wouter";
import { api } from "../lib/api.ts";
import type { Me, PlannerInvitation } from "../lib/api-types.ts";
import { ErrorAlert } from "../lib/error-alert.tsx";
import { useI18n } from "../lib/i18n.ts";
import { Loading } from "../lib/loading.tsx";
import { PublicLayout } from "../lib/public-layout.tsx";
import { signedIn } from "../lib/session.ts";
import { TextField } from "../lib/text-field.tsx";
import { useDocumentTitle } from "../lib/use-document-title.ts";
import { PasswordField } from "./password-field.tsx";

/** A further planner follows the mailed link, sets name and password and is signed in. */
export function AcceptInvitationPage({ token }: { token: string }) {
  const { t } = useI18n();
  useDocumentTitle(t("invite.title"));
  const [, navigate] = useLocation();
  const [invitation, setInvitation] = useState<PlannerInvitation | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [name, setName] = useState("");

  useEffect(() => {
    api
      .get<PlannerInvitation>(`/team/invitations/${encodeURIComponent(token)}`)
      .then(setInvitation)
      .catch(setLoadError);
  }, [token]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      const me = await api.post<Me>(`/team/invitations/${encodeURIComponent(token)}/accept`, {
        name,
        password: String(form.get("password") ?? ""),
      });
      signedIn(me);
      navigate("/");
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  }

  return (
    <PublicLayout brand={invitation?.organisationName}>
      <h1>{t("invite.title")}</h1>
      <ErrorAlert error={loadError} />
      {!invitation && !loadError && <Loading />}
      {invitation?.accountExists && (
        <>
          <p className="alert alert-info">{t("invite.accountExists", { email: invitation.email })}</p>
          <p>
            <Link href="/login">{t("invite.toLogin")}</Link>
          </p>
        </>
      )}
      {invitation && !invitation.accountExists && (
        <form className="card form" onSubmit={submit}>
          <p>{t("invite.intro", { organisation: invitation.organisationName, email: invitation.email })}</p>
          <TextField label={t("common.name")} name="name" required maxLength={200} autoComplete="name" value={name} onChange={(event) => setName(event.target.value)} />
          <PasswordField
            label={t("common.password")}
            name="password"
            context={{ name, email: invitation.email, organisationName: invitation.organisationName }}
            error={error}
          />
          <ErrorAlert error={error} fields={["password"]} />
          <button type="submit" className="button-primary" disabled={busy}>
            {t("invite.submit")}
          </button>
        </form>
      )}
    </PublicLayout>
  );
}
