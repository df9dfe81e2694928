import { useEffect, useId, useRef, useState } from "react";
import { checkEmailAddress } from "../../../server/lib/email-address.ts";
import { describeEmailProblem } from "../../../server/lib/email-problem-texts.ts";
import { readPastedEntry, splitRecipientText } from "../../../server/lib/recipient-paste.ts";
import { useI18n } from "../lib/i18n.ts";

interface EmailListFieldProps {
  emails: string[];
  onChange: (emails: string[]) => void;
  /** Reasons per position (from the live check or from the server), shown under the address. */
  problems: Record<number, string>;
  /** Position to focus after a render (a new row, or the first bad address after saving). */
  focusIndex: number | null;
  onFocused: () => void;
}

/**
 * Several e-mail addresses, one field each: the first receives the invitations. A bad address
 * stays in its field with the reason under it, so it can be corrected rather than retyped;
 * several addresses pasted into one field become several fields.
 */
export function EmailListField({ emails, onChange, problems, focusIndex, onFocused }: EmailListFieldProps) {
  const { t, pick } = useI18n();
  const id = useId();
  const inputs = useRef<(HTMLInputElement | null)[]>([]);
  // The live check speaks once a field was left, not while the address is still being typed.
  const [left, setLeft] = useState<ReadonlySet<number>>(new Set());
  const rows = emails.length > 0 ? emails : [""];

  useEffect(() => {
    if (focusIndex === null) return;
    inputs.current[focusIndex]?.focus();
    onFocused();
  }, [focusIndex, onFocused]);

  const set = (index: number, value: string) => onChange(rows.map((current, position) => (position === index ? value : current)));

  function splitPasted(index: number) {
    const parts = splitRecipientText(rows[index] ?? "").map((entry) => entry.raw);
    if (parts.length > 1) onChange([...rows.slice(0, index), ...parts, ...rows.slice(index + 1)]);
  }

  return (
    <fieldset className="email-list">
      <legend>{t("directory.field.emails")}</legend>
      <p className="hint" id={`${id}-hint`}>
        {t("directory.field.emailsHint")}
      </p>
      <ul className="email-rows">
        {rows.map((email, index) => {
          const problem = problems[index] ?? (left.has(index) && email.trim() ? pickProblem(email, pick) : "");
          const errorId = `${id}-error-${index}`;
          return (
            <li key={index} className="email-row">
              <label htmlFor={`${id}-${index}`}>
                {index === 0 ? t("directory.emailPrimary") : t("directory.emailNumber", { n: index + 1 })}
              </label>
              <div className="email-input">
                <input
                  ref={(element) => {
                    inputs.current[index] = element;
                  }}
                  id={`${id}-${index}`}
                  type="text"
                  inputMode="email"
                  autoComplete="off"
                  spellCheck={false}
                  value={email}
                  aria-invalid={problem ? true : undefined}
                  aria-describedby={[index === 0 ? `${id}-hint` : "", problem ? errorId : ""].filter(Boolean).join(" ") || undefined}
                  onChange={(event) => set(index, event.target.value)}
                  onBlur={() => {
                    splitPasted(index);
                    setLeft((current) => new Set(current).add(index));
                  }}
                />
                {rows.length > 1 && (
                  <button
                    type="button"
                    className="button-quiet button-small"
                    aria-label={t("directory.removeEmail", { email: email || String(index + 1) })}
                    onClick={() => {
                      onChange(rows.filter((_, position) => position !== index));
                      setLeft(new Set());
                      inputs.current[Math.max(0, index - 1)]?.focus();
                    }}
                  >
                    {t("directory.remove")}
                  </button>
                )}
              </div>
              {problem && (
                <p className="field-error" id={errorId}>
                  {problem}
                </p>
              )}
            </li>
          );
        })}
      </ul>
      <button
        type="button"
        className="button-small"
        onClick={() => {
          onChange([...rows, ""]);
          requestAnimationFrame(() => inputs.current[rows.length]?.focus());
        }}
      >
        {t("directory.addEmail")}
      </button>
    </fieldset>
  );
}

/**
 * Why an address typed into the directory cannot be used, in the planner's language; empty when
 * it can. The same check (and the same reasons) as the server's, from the shared pure module.
 */
export function pickProblem(value: string, pick: (text: { de: string; en: string }) => string): string {
  if (value.trim() === "") return "";
  const checked = checkEmailAddress(readPastedEntry(value).address);
  return checked.problem ? pick(describeEmailProblem(checked.problem)) : "";
}
