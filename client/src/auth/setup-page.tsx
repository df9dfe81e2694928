import { useEffect, useState, type FormEvent } from "react";
import { Link, useLocation } from "wouter";
import { ExploreExample } from "../example/explore-example.tsx";
import { api } from "../lib/api.ts";
import type { Me, SetupStatus } from "../lib/api-types.ts";
import { ErrorAlert } from "../lib/error-alert.tsx";
import { useI18n } from "../lib/i18n.ts";
import { Loading } from "../lib/loading.tsx";
import { PublicLayout } from "../lib/public-layout.tsx";
import { signedIn } from "../lib/session.ts";
import { TextField } from "../lib/text-field.tsx";
import { useDocumentTitle } from "../lib/use-document-title.ts";
import { PasswordField } from "./password-field.tsx";

/**
 * First run: creates the organisation and its first admin, then signs them in; or, instead,
 * creates the invented example municipality to explore first.
 */
export function SetupPage() {
  const { t } = useI18n();
  useDocumentTitle(t("setup.title"));
  const [, navigate] = useLocation();
  const [needed, setNeeded] = useState<boolean | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [exploring, setExploring] = useState(false);
  // What the password must not contain, as typed so far.
  const [person, setPerson] = useState({ organisationName: "", name: "", email: "" });

  useEffect(() => {
    api
      .get<SetupStatus>("/setup")
      .then((status) => setNeeded(status.needed))
      .catch(setError);
  }, []);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      const me = await api.post<Me>("/setup", {
        organisationName: String(form.get("organisationName") ?? ""),
        name: String(form.get("name") ?? ""),
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
      <h1>{t("setup.title")}</h1>
      {needed === null && !error && <Loading />}
      {needed === false && (
        <p>
          {t("setup.done")} <Link href="/login">{t("setup.toLogin")}</Link>
        </p>
      )}
      {needed && !exploring && (
        <form
          className="card form"
          onSubmit={submit}
          onChange={(event) => {
            const form = new FormData(event.currentTarget);
            setPerson({
              organisationName: String(form.get("organisationName") ?? ""),
              name: String(form.get("name") ?? ""),
              email: String(form.get("email") ?? ""),
            });
          }}
        >
          <p>{t("setup.intro")}</p>
          <TextField label={t("setup.organisation")} hint={t("setup.organisationHint")} name="organisationName" required minLength={2} maxLength={200} autoComplete="organization" />
          <TextField label={t("setup.yourName")} name="name" required maxLength={200} autoComplete="name" />
          <TextField label={t("common.email")} name="email" type="email" required autoComplete="email" />
          <PasswordField label={t("common.password")} name="password" context={person} error={error} />
          <ErrorAlert error={error} fields={["password"]} />
          <button type="submit" className="button-primary" disabled={busy}>
            {t("setup.submit")}
          </button>
        </form>
      )}
      {needed && <ExploreExample onCreated={() => setExploring(true)} />}
      {!needed && <ErrorAlert error={error} fields={["password"]} />}
    </PublicLayout>
  );
}
