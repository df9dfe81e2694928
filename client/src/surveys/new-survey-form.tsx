import { useState, type FormEvent } from "react";
import { useLocation } from "wouter";
import { api } from "../lib/api.ts";
import { ErrorAlert } from "../lib/error-alert.tsx";
import { useI18n } from "../lib/i18n.ts";
import { TextField } from "../lib/text-field.tsx";

/** "Neue Umfrage": only a title is needed; the survey page opens right after. */
export function NewSurveyForm() {
  const { t } = useI18n();
  const [, navigate] = useLocation();
  const [title, setTitle] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const created = await api.post<{ id: string }>("/surveys", { title });
      navigate(`/surveys/${created.id}`);
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="new-survey-heading">
      <h2 id="new-survey-heading">{t("surveys.new")}</h2>
      <form className="form inline-form" onSubmit={submit}>
        <TextField
          label={t("surveys.newTitle")}
          name="title"
          required
          maxLength={300}
          value={title}
          onChange={(event) => setTitle(event.target.value)}
          autoComplete="off"
        />
        <button type="submit" className="button-primary" disabled={busy || title.trim() === ""}>
          {t("surveys.create")}
        </button>
      </form>
      <ErrorAlert error={error} />
    </section>
  );
}
