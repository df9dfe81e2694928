import { useEffect, useId, useState } from "react";
import type { PasswordContext, PasswordVerdict } from "../../../server/lib/password-strength.ts";
import { fieldError } from "../lib/field-error.ts";
import { useI18n } from "../lib/i18n.ts";
import { useDebouncedValue } from "../lib/use-debounced-value.ts";

interface PasswordFieldProps {
  label: string;
  name: string;
  /** Who sets the password: their name, address and organisation must not be in it. */
  context: PasswordContext;
  /** The refused submit: its reason for this field is shown under the field until the password changes. */
  error?: unknown;
  /** The field's name in the server's answer, when it differs from `name`. */
  errorPath?: string;
}

/** The judge with its dictionaries: several MB, loaded only once a password field is typed into. */
const loadJudge = () => import("../../../server/lib/password-strength.ts");

/**
 * A new password with a strength meter while typing: the same judge as the server
 * (server/lib/password-strength.ts, zxcvbn-ts), so what the meter accepts the server accepts.
 * The verdict is text in a polite live region (announced after a pause in typing, never per
 * key), the bar beside it is decoration; the server's reason for a refused password stands under
 * the field, tied to it by aria-describedby and aria-invalid.
 */
export function PasswordField({ label, name, context, error, errorPath = name }: PasswordFieldProps) {
  const { t, lang } = useI18n();
  const id = useId();
  const [value, setValue] = useState("");
  const [verdict, setVerdict] = useState<PasswordVerdict | null>(null);
  const [errorDismissed, setErrorDismissed] = useState(false);
  const judged = useDebouncedValue(value, 350);
  const { name: person, email, organisationName } = context;

  useEffect(() => {
    if (judged === "") {
      setVerdict(null);
      return;
    }
    let current = true;
    void loadJudge()
      .then(({ checkPasswordStrength }) => checkPasswordStrength(judged, { name: person, email, organisationName }))
      .then((result) => {
        if (current) setVerdict(result);
      })
      .catch(() => undefined); // No meter is better than a broken form: the server still judges.
    return () => {
      current = false;
    };
  }, [judged, person, email, organisationName]);

  useEffect(() => setErrorDismissed(false), [error]);

  const serverError = errorDismissed ? null : fieldError(error, errorPath, lang);
  const level = verdict === null ? "" : verdict.score <= 1 ? "weak" : verdict.score === 2 ? "fair" : "good";
  // With the server's reason under the field, the meter only names the level (no reason twice).
  const verdictText =
    verdict === null || value === ""
      ? ""
      : [
          t("password.strength", { level: t(`password.level.${verdict.score}`) }) + ".",
          ...(serverError
            ? []
            : [verdict.acceptable ? t("password.acceptable") : (verdict.problem?.[lang] ?? ""), ...verdict.suggestions.map((suggestion) => suggestion[lang])]),
        ]
          .filter(Boolean)
          .join(" ");

  return (
    <div className="field password-field">
      <label htmlFor={id}>{label}</label>
      <p className="hint" id={`${id}-hint`}>
        {t("password.hint")}
      </p>
      <input
        id={id}
        name={name}
        type="password"
        required
        maxLength={200}
        autoComplete="new-password"
        value={value}
        onChange={(event) => {
          setValue(event.target.value);
          setErrorDismissed(true);
        }}
        aria-invalid={serverError ? true : undefined}
        aria-describedby={`${id}-hint ${id}-verdict${serverError ? ` ${id}-error` : ""}`}
      />
      <div className="password-meter" data-level={level} aria-hidden="true">
        {[0, 1, 2, 3, 4].map((step) => (
          <span key={step} className={verdict !== null && value !== "" && step <= verdict.score ? "filled" : ""} />
        ))}
      </div>
      <p className="password-verdict" id={`${id}-verdict`} aria-live="polite">
        {verdictText}
      </p>
      {serverError && (
        <p className="field-error" id={`${id}-error`}>
          {serverError}
        </p>
      )}
    </div>
  );
}
