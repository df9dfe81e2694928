import { useId, useState, type FormEvent } from "react";
import { ErrorAlert } from "../lib/error-alert.tsx";
import { useI18n } from "../lib/i18n.ts";

export interface NumberSettingCardProps {
  /** Translated texts of the card. */
  texts: { heading: string; label: string; hint: string; invalid: string; saved: string };
  /** The stored value (null: not set). */
  current: number | null;
  min: number;
  max: number;
  /** An empty field saves null ("not set"). */
  allowEmpty?: boolean;
  readOnly: boolean;
  /** Below the field: what the stored value means. */
  meta?: string;
  testId: string;
  /** Stores the value (PATCH …) and returns what the server kept. */
  save: (value: number | null) => Promise<number | null>;
}

/**
 * One organisation setting that is a whole number (retention months, smallest shown group): a
 * short field checked in the browser with the reason shown at the field, saved on submit, with
 * the outcome announced. Read-only for planners who are not admins.
 */
export function NumberSettingCard({ texts, current, min, max, allowEmpty = false, readOnly, meta, testId, save }: NumberSettingCardProps) {
  const { t } = useI18n();
  const id = useId();
  const saved = current === null ? "" : String(current);
  const [value, setValue] = useState(saved);
  const [invalid, setInvalid] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState("");

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const trimmed = value.trim();
    const number = trimmed === "" && allowEmpty ? null : Number(trimmed);
    if (number !== null && (!/^\d+$/.test(trimmed) || number < min || number > max)) {
      setInvalid(true);
      document.getElementById(`${id}-value`)?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    setNotice("");
    try {
      const kept = await save(number);
      setValue(kept === null ? "" : String(kept));
      setNotice(texts.saved);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card form" onSubmit={submit} aria-labelledby={`${id}-heading`} noValidate data-testid={testId}>
      <h2 id={`${id}-heading`}>{texts.heading}</h2>
      <div className="field">
        <label htmlFor={`${id}-value`}>{texts.label}</label>
        <p className="hint" id={`${id}-hint`}>
          {texts.hint}
        </p>
        <div className="field-short">
          <input
            id={`${id}-value`}
            type="text"
            inputMode="numeric"
            size={String(max).length + 1}
            maxLength={String(max).length}
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
            {texts.invalid}
          </p>
        )}
      </div>
      {meta && <p className="meta">{meta}</p>}
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
