import { useI18n, type Language } from "./i18n.ts";

const languages: { code: Language; label: string }[] = [
  { code: "de", label: "Deutsch" },
  { code: "en", label: "English" },
];

/**
 * The language switch on every page: two toggle buttons, each named in its own language (and
 * marked with `lang`) so a reader who does not know German still finds "English".
 */
export function LanguageSwitch() {
  const { lang, t, setLanguage } = useI18n();
  return (
    <div className="language-switch" role="group" aria-label={t("lang.label")}>
      {languages.map((language) => (
        <button
          key={language.code}
          type="button"
          lang={language.code}
          aria-pressed={lang === language.code}
          onClick={() => setLanguage(language.code)}
        >
          {language.label}
        </button>
      ))}
    </div>
  );
}
