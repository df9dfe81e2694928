import { useState, type FormEvent } from "react";
import { api } from "../lib/api.ts";
import type { PasswordChanged } from "../lib/api-types.ts";
import { ErrorAlert } from "../lib/error-alert.tsx";
import { fieldError } from "../lib/field-error.ts";
import { isMessageKey, useI18n } from "../lib/i18n.ts";
import { useSession } from "../lib/session.ts";
import { TextField } from "../lib/text-field.tsx";
import { useDocumentTitle } from "../lib/use-document-title.ts";
import { PasswordField } from "./password-field.tsx";

/**
 * The signed-in planner's own account: who they are, and changing the password (the current one
 * required; every other session ends, this one stays).
 */
export function AccountPage() {
  const { t, lang } = useI18n();
  useDocumentTitle(t("account.title"));
  const session = useSession();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState("");
  // A fresh form after a change, so no password stays in the fields.
  const [formKey, setFormKey] = useState(0);
  if (session.status !== "signed-in") return null;
  const { user, organisation } = session.me;
  const roleKey = `team.role.${user.role}`;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    setNotice("");
    try {
      const answer = await api.post<PasswordChanged>("/auth/password", {
        currentPassword: String(form.get("currentPassword") ?? ""),
        newPassword: String(form.get("newPassword") ?? ""),
      });
      setNotice(t("account.changed", { n: answer.endedSessions }));
      setFormKey((key) => key + 1);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  const currentError = fieldError(error, "currentPassword", lang);
  return (
    <>
      <h1>{t("account.title")}</h1>
      <p>{t("account.signedInAs", { name: user.name, email: user.email, role: isMessageKey(roleKey) ? t(roleKey) : user.role })}</p>
      <section aria-labelledby="password-heading" className="card">
        <h2 id="password-heading">{t("account.changePassword")}</h2>
        <p>{t("account.changeIntro")}</p>
        <form key={formKey} className="form field-medium" onSubmit={submit}>
          <TextField
            label={t("account.currentPassword")}
            name="currentPassword"
            type="password"
            required
            autoComplete="current-password"
            error={currentError}
          />
          <PasswordField label={t("account.newPassword")} name="newPassword" context={{ name: user.name, email: user.email, organisationName: organisation.name }} error={error} />
          <ErrorAlert error={error} fields={["currentPassword", "newPassword"]} />
          <button type="submit" className="button-primary" disabled={busy}>
            {t("account.submit")}
          </button>
        </form>
        <p role="status" className="notice">
          {notice}
        </p>
      </section>
    </>
  );
}
