import { useId } from "react";
import { useI18n } from "./i18n.ts";
import type { Localized } from "./localized.ts";

interface LocalizedFieldsProps {
  /** The field's name, e.g. "Fragetext"; the inputs are labelled "Fragetext (Deutsch)" and "… (Englisch)". */
  label: string;
  value: Localized;
  onChange: (value: Localized) => void;
  multiline?: boolean;
  /** German must be filled in (default). */
  germanRequired?: boolean;
  /** English is required (canon items); otherwise it is optional and German is used instead. */
  englishRequired?: boolean;
  hint?: string;
  /** Problems to show at the German and English input. */
  errors?: { de?: string; en?: string };
  maxLength?: number;
  disabled?: boolean;
  /** Fixed ids `<idBase>-de` and `<idBase>-en`, so an error summary can link to the inputs. */
  idBase?: string;
}

/**
 * One text in German and English side by side, with "Deutsch übernehmen" to start the English
 * from the German (a starting point for translating, not a translation). Errors are tied to
 * their input by aria-describedby and marked with aria-invalid.
 */
export function LocalizedFields({
  label,
  value,
  onChange,
  multiline = false,
  germanRequired = true,
  englishRequired = false,
  hint,
  errors,
  maxLength = 500,
  disabled = false,
  idBase,
}: LocalizedFieldsProps) {
  const { t } = useI18n();
  const generated = useId();
  const id = idBase ?? generated;
  const ids = { de: `${id}-de`, en: `${id}-en`, hint: `${id}-hint`, errorDe: `${id}-error-de`, errorEn: `${id}-error-en` };

  const input = (lang: "de" | "en") => {
    const error = errors?.[lang];
    const describedBy = [hint ? ids.hint : "", error ? (lang === "de" ? ids.errorDe : ids.errorEn) : ""].filter(Boolean).join(" ") || undefined;
    const common = {
      id: ids[lang],
      lang,
      value: value[lang],
      maxLength,
      disabled,
      "aria-invalid": error ? true : undefined,
      "aria-describedby": describedBy,
      required: lang === "de" ? germanRequired : englishRequired,
    } as const;
    return multiline ? (
      <textarea {...common} rows={3} onChange={(event) => onChange({ ...value, [lang]: event.target.value })} />
    ) : (
      <input {...common} type="text" autoComplete="off" onChange={(event) => onChange({ ...value, [lang]: event.target.value })} />
    );
  };

  return (
    <div className="localized-fields">
      <div className="field">
        <label htmlFor={ids.de}>{t("localized.german", { label })}</label>
        {input("de")}
        {errors?.de && (
          <p className="field-error" id={ids.errorDe}>
            {errors.de}
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor={ids.en}>{englishRequired ? t("localized.english", { label }) : t("localized.englishOptional", { label })}</label>
        {input("en")}
        {errors?.en && (
          <p className="field-error" id={ids.errorEn}>
            {errors.en}
          </p>
        )}
        <button
          type="button"
          className="button-small button-quiet copy-german"
          disabled={disabled || value.de.trim() === "" || value.en === value.de}
          onClick={() => onChange({ ...value, en: value.de })}
        >
          {t("localized.copyGerman")}
          <span className="visually-hidden">{t("localized.copyGermanHidden", { label })}</span>
        </button>
      </div>
      {hint && (
        <p className="hint localized-hint" id={ids.hint}>
          {hint}
        </p>
      )}
    </div>
  );
}
