import { useI18n } from "../lib/i18n.ts";

/** Free-text answers as a plain list (rendered as text, never as HTML). */
export function TextAnswers({ texts }: { texts: string[] }) {
  const { t } = useI18n();
  if (texts.length === 0) return <p className="empty">{t("results.noTexts")}</p>;
  return (
    <ul className="text-answers" aria-label={t("results.textAnswers")}>
      {texts.map((text, index) => (
        <li key={index}>{text}</li>
      ))}
    </ul>
  );
}
