import { useId, type InputHTMLAttributes } from "react";

interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "id"> {
  label: string;
  hint?: string;
  /** The server's reason for refusing this field (see field-error.ts), shown under it. */
  error?: string | null;
  /** A narrow field (codes, years, labels of a few characters). */
  short?: boolean;
}

/** A labelled input with an optional hint and error tied to it by aria-describedby (no unlabelled inputs). */
export function TextField({ label, hint, error, short = false, ...input }: TextFieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : "", error ? errorId : ""].filter(Boolean).join(" ");
  return (
    <div className={short ? "field field-short" : "field"}>
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      )}
      <input id={id} aria-describedby={describedBy || undefined} aria-invalid={error ? true : undefined} {...input} />
      {error && (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      )}
    </div>
  );
}
