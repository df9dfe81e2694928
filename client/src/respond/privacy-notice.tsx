import { useId } from "react";
import { translate, type Language } from "../lib/i18n.ts";

/** Plain text as paragraphs: a blank line starts a new one, single line breaks stay. */
function paragraphs(text: string): string[] {
  return text
    .split(/\r?\n\s*\r?\n/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean);
}

interface PrivacyNoticeProps {
  /** The survey's notice (its own, or the default for its audience). */
  notice: { de: string; en: string };
  /** What the planner will see (the privacy mode), in one sentence for the audience and form of address. */
  modeSentence: { de: string; en: string };
  /** The language to show (the respondent's, or the planner's preview language). */
  language: Language;
  /** Level of the heading (2 on the respondent page; deeper where it is shown inside a section). */
  headingLevel?: 2 | 3 | 4;
}

/**
 * The privacy notice before the first question: who asks, what happens with the answers, and
 * what the planner will see. Plain text from the server (never inserted as HTML), worded for the
 * survey's audience (institutions, networks, people) and form of address.
 */
export function PrivacyNotice({ notice, modeSentence, language, headingLevel = 2 }: PrivacyNoticeProps) {
  const headingId = useId();
  const Heading = `h${headingLevel}` as const;
  const pick = (text: { de: string; en: string }) => (language === "en" ? text.en || text.de : text.de || text.en);
  return (
    <section className="privacy-notice" aria-labelledby={headingId} data-testid="privacy-notice">
      <Heading id={headingId}>{translate(language, "respond.privacyTitle")}</Heading>
      {paragraphs(pick(notice)).map((paragraph, index) => (
        <p key={index}>{paragraph}</p>
      ))}
      <p data-testid="privacy-mode">
        <strong>{pick(modeSentence)}</strong>
      </p>
    </section>
  );
}
