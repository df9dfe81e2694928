import { useState, type FormEvent } from "react";
import { Link } from "wouter";
import { api } from "../lib/api.ts";
import type { PasswordResetRequested } from "../lib/api-types.ts";
import { ErrorAlert } from "../lib/error-alert.tsx";
import { useI18n } from "../lib/i18n.ts";
import { PublicLayout } from "../lib/public-layout.tsx";
import { TextField } from "../lib/text-field.tsx";
import { useDocumentTitle } from "../lib/use-document-title.ts";

/**
 * "Passwort vergessen?": asks for a reset link by mail. The answer is the same whether or not
 * the address has an account, so the page says "if there is an account" and never more.
 */
export function ForgotPasswordPage() {
  const { t } = useI18n();
  useDocumentTitle(t("forgot.title"));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState<{ email: string; minutes: number } | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const email = String(new FormData(event.currentTarget).get("email") ?? "").trim();
    setBusy(true);
    setError(null);
    try {
      const answer = await api.post<PasswordResetRequested>("/auth/password-reset", { email });
      setSent({ email, minutes: answer.validMinutes });
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <PublicLayout>
      <h1>{t("forgot.title")}</h1>
      {!sent && (
        <form className="card form" onSubmit={submit}>
          <p>{t("forgot.intro")}</p>
          <TextField label={t("common.email")} name="email" type="email" required autoComplete="username" />
          <ErrorAlert error={error} />
          <button type="submit" className="button-primary" disabled={busy}>
            {t("forgot.submit")}
          </button>
        </form>
      )}
      <div role="status">{sent && <p className="alert alert-success">{t("forgot.sent", { email: sent.email, minutes: sent.minutes })}</p>}</div>
      <p>
        <Link href="/login">{t("forgot.back")}</Link>
      </p>
    </PublicLayout>
  );
}
