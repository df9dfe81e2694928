import { useI18n } from "../lib/i18n.ts";

/** Plain text as paragraphs: a blank line starts a new one, single line breaks stay. */
function paragraphs(text: string): string[] {
  return text
    .split(/\r?\n\s*\r?\n/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean);
}

/**
 * The organisation's privacy notice, before the first question: who asks, what happens with the
 * answers. Plain text from the organisation's settings (never inserted as HTML).
 */
export function PrivacyNotice({
  notice,
  mode,
}: {
  notice: { de: string; en: string };
  /** The survey's privacy mode, told in one sentence after the organisation's text. */
  mode: "identified" | "pseudonymous" | "anonymous";
}) {
  const { t, pick } = useI18n();
  const parts = paragraphs(pick(notice));
  return (
    <section className="privacy-notice" aria-labelledby="privacy-notice-heading" data-testid="privacy-notice">
      <h2 id="privacy-notice-heading">{t("respond.privacyTitle")}</h2>
      {parts.map((paragraph, index) => (
        <p key={index}>{paragraph}</p>
      ))}
      <p data-testid="privacy-mode">
        <strong>{t(`respond.privacyMode.${mode}`)}</strong>
      </p>
    </section>
  );
}
