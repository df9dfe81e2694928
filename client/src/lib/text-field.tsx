import { useId, type InputHTMLAttributes } from "react";

interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "id"> {
  label: string;
  hint?: string;
  /** A narrow field (codes, years, labels of a few characters). */
  short?: boolean;
}

/** A labelled input with an optional hint tied to it by aria-describedby (no unlabelled inputs). */
export function TextField({ label, hint, short = false, ...input }: TextFieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  return (
    <div className={short ? "field field-short" : "field"}>
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      )}
      <input id={id} aria-describedby={hint ? hintId : undefined} {...input} />
    </div>
  );
}
