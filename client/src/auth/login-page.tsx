import { useState, type FormEvent } from "react";
import { Link, useLocation } from "wouter";
import { api } from "../lib/api.ts";
import type { Me } from "../lib/api-types.ts";
import { ErrorAlert } from "../lib/error-alert.tsx";
import { useI18n } from "../lib/i18n.ts";
import { PublicLayout } from "../lib/public-layout.tsx";
import { signedIn } from "../lib/session.ts";
import { TextField } from "../lib/text-field.tsx";
import { useDocumentTitle } from "../lib/use-document-title.ts";

/** Sign-in with e-mail and password; wrong input and rate limits come back as server messages. */
export function LoginPage() {
  const { t } = useI18n();
  useDocumentTitle(t("login.title"));
  const [, navigate] = useLocation();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      const me = await api.post<Me>("/auth/login", {
        email: String(form.get("email") ?? ""),
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
    <PublicLayout>
      <h1>{t("login.title")}</h1>
      <form className="card form" onSubmit={submit}>
        <TextField label={t("common.email")} name="email" type="email" required autoComplete="username" />
        <TextField label={t("common.password")} name="password" type="password" required autoComplete="current-password" />
        <ErrorAlert error={error} />
        <button type="submit" className="button-primary" disabled={busy}>
          {t("login.submit")}
        </button>
      </form>
      <p>
        <Link href="/forgot-password">{t("login.forgot")}</Link>
      </p>
    </PublicLayout>
  );
}
