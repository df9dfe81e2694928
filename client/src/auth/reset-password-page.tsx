import { useEffect, useState, type FormEvent } from "react";
import { Link } from "wouter";
import { api } from "../lib/api.ts";
import type { PasswordResetLink } from "../lib/api-types.ts";
import { ErrorAlert } from "../lib/error-alert.tsx";
import { useI18n } from "../lib/i18n.ts";
import { Loading } from "../lib/loading.tsx";
import { PublicLayout } from "../lib/public-layout.tsx";
import { signedOut } from "../lib/session.ts";
import { useDocumentTitle } from "../lib/use-document-title.ts";
import { PasswordField } from "./password-field.tsx";

/**
 * The mailed reset link: a new password (judged while typing, like on the server), then every
 * session of the account ends and the planner signs in with the new password.
 */
export function ResetPasswordPage({ token }: { token: string }) {
  const { t } = useI18n();
  useDocumentTitle(t("reset.title"));
  const [link, setLink] = useState<PasswordResetLink | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);

  useEffect(() => {
    api
      .get<PasswordResetLink>(`/auth/password-reset/${encodeURIComponent(token)}`)
      .then(setLink)
      .catch(setLoadError);
  }, [token]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const password = String(new FormData(event.currentTarget).get("password") ?? "");
    setBusy(true);
    setError(null);
    try {
      await api.post(`/auth/password-reset/${encodeURIComponent(token)}`, { password });
      // Every session of the account ended, this browser's too.
      signedOut();
      setDone(true);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <PublicLayout brand={link?.organisationName}>
      <h1>{t("reset.title")}</h1>
      {!link && !loadError && <Loading />}
      {loadError !== null && (
        <>
          <ErrorAlert error={loadError} />
          <p>
            <Link href="/forgot-password">{t("reset.requestNew")}</Link>
          </p>
        </>
      )}
      {link && !done && (
        <form className="card form" onSubmit={submit}>
          <p>{t("reset.intro", { email: link.email, organisation: link.organisationName })}</p>
          <PasswordField label={t("reset.password")} name="password" context={link} error={error} />
          <ErrorAlert error={error} fields={["password"]} />
          <button type="submit" className="button-primary" disabled={busy}>
            {t("reset.submit")}
          </button>
        </form>
      )}
      <div role="status">
        {done && (
          <>
            <p className="alert alert-success">{t("reset.done")}</p>
            <p>
              <Link href="/login">{t("reset.toLogin")}</Link>
            </p>
          </>
        )}
      </div>
    </PublicLayout>
  );
}
