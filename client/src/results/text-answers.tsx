import { useI18n } from "../lib/i18n.ts";

/** Free-text answers as a plain list (rendered as text, never as HTML); it scrolls, so it takes focus for keyboard scrolling. */
export function TextAnswers({ texts, label }: { texts: string[]; label?: string }) {
  const { t } = useI18n();
  if (texts.length === 0) return <p className="empty">{t("results.noTexts")}</p>;
  return (
    <ul className="text-answers" tabIndex={0} aria-label={label ?? t("results.textAnswers")}>
      {texts.map((text, index) => (
        <li key={index}>{text}</li>
      ))}
    </ul>
  );
}
