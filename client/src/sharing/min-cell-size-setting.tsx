import { useId, useState, type FormEvent } from "react";
import { api } from "../lib/api.ts";
import { ErrorAlert } from "../lib/error-alert.tsx";
import { useI18n } from "../lib/i18n.ts";

interface CellSizeSettings {
  minCellSize: number;
}

interface MinCellSizeSettingProps<Settings extends CellSizeSettings> {
  settings: Settings;
  readOnly: boolean;
  onSaved: (settings: Settings) => void;
}

/**
 * "Kleinste gezeigte Zahl" (3–10): below it, counts are hidden wherever results leave the
 * planner's view (network share links). Admins change it; everyone can read it.
 */
export function MinCellSizeSetting<Settings extends CellSizeSettings>({ settings, readOnly, onSaved }: MinCellSizeSettingProps<Settings>) {
  const { t } = useI18n();
  const id = useId();
  const saved = String(settings.minCellSize);
  const [value, setValue] = useState(saved);
  const [invalid, setInvalid] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState("");

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const trimmed = value.trim();
    const size = Number(trimmed);
    if (!/^\d+$/.test(trimmed) || size < 3 || size > 10) {
      setInvalid(true);
      document.getElementById(`${id}-size`)?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    setNotice("");
    try {
      const updated = await api.patch<Settings>("/organisation", { minCellSize: size });
      setValue(String(updated.minCellSize));
      setNotice(t("cellSize.saved"));
      onSaved(updated);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card form" onSubmit={save} aria-labelledby={`${id}-heading`} noValidate data-testid="min-cell-size-setting">
      <h2 id={`${id}-heading`}>{t("cellSize.heading")}</h2>
      <div className="field">
        <label htmlFor={`${id}-size`}>{t("cellSize.label")}</label>
        <p className="hint" id={`${id}-hint`}>
          {t("cellSize.hint")}
        </p>
        <p>
          <input
            id={`${id}-size`}
            type="text"
            inputMode="numeric"
            size={3}
            maxLength={2}
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
        </p>
        {invalid && (
          <p className="field-error" id={`${id}-error`}>
            {t("cellSize.invalid")}
          </p>
        )}
      </div>
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
