import { useId, useState, type FormEvent } from "react";
import { api } from "../lib/api.ts";
import { ErrorAlert } from "../lib/error-alert.tsx";
import { useI18n } from "../lib/i18n.ts";
import type { OrganisationSettings } from "./organisation-types.ts";

interface RetentionSettingProps {
  settings: OrganisationSettings;
  readOnly: boolean;
  onSaved: (settings: OrganisationSettings) => void;
}

/** "Antworten löschen … Monate nach Ende der Umfrage": empty keeps responses until the survey is deleted. */
export function RetentionSetting({ settings, readOnly, onSaved }: RetentionSettingProps) {
  const { t } = useI18n();
  const id = useId();
  const saved = settings.retentionMonths === null ? "" : String(settings.retentionMonths);
  const [value, setValue] = useState(saved);
  const [invalid, setInvalid] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState("");

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const trimmed = value.trim();
    const months = trimmed === "" ? null : Number(trimmed);
    if (months !== null && (!/^\d+$/.test(trimmed) || months < 1 || months > 120)) {
      setInvalid(true);
      document.getElementById(`${id}-months`)?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    setNotice("");
    try {
      const updated = await api.patch<OrganisationSettings>("/organisation", { retentionMonths: months });
      setValue(updated.retentionMonths === null ? "" : String(updated.retentionMonths));
      setNotice(t("retention.saved"));
      onSaved(updated);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card form" onSubmit={save} aria-labelledby={`${id}-heading`} noValidate data-testid="retention-setting">
      <h2 id={`${id}-heading`}>{t("retention.heading")}</h2>
      <div className="field">
        <label htmlFor={`${id}-months`}>{t("retention.label")}</label>
        <p className="hint" id={`${id}-hint`}>
          {t("retention.hint")}
        </p>
        <div className="field-short">
          <input
            id={`${id}-months`}
            type="text"
            inputMode="numeric"
            size={4}
            maxLength={3}
            value={value}
            readOnly={readOnly}
            aria-invalid={invalid ? true : undefined}
            aria-describedby={[`${id}-hint`, invalid ? `${id}-error` : ""].filter(Boolean).join(" ")}
            onChange={(event) => {
              setValue(event.target.value);
              setInvalid(false);
              setNotice("");
            }}
          />
        </div>
        {invalid && (
          <p className="field-error" id={`${id}-error`}>
            {t("retention.invalid")}
          </p>
        )}
      </div>
      <p className="meta">{settings.retentionMonths === null ? t("retention.none") : t("retention.current", { n: settings.retentionMonths })}</p>
      {!readOnly && (
        <div className="actions">
          <button type="submit" className="button-primary" disabled={busy || value.trim() === saved}>
            {busy ? t("settings.saving") : t("common.save")}
          </button>
        </div>
      )}
      <ErrorAlert error={error} />
      <p role="status" className="notice">
        {notice}
      </p>
    </form>
  );
}
