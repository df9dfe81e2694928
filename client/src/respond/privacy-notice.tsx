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
export function PrivacyNotice({ notice }: { notice: { de: string; en: string } }) {
  const { t, pick } = useI18n();
  const parts = paragraphs(pick(notice));
  if (parts.length === 0) return null;
  return (
    <section className="privacy-notice" aria-labelledby="privacy-notice-heading" data-testid="privacy-notice">
      <h2 id="privacy-notice-heading">{t("respond.privacyTitle")}</h2>
      {parts.map((paragraph, index) => (
        <p key={index}>{paragraph}</p>
      ))}
    </section>
  );
}
