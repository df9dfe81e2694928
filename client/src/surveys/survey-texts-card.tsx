import { useId } from "react";
import type { SurveyTexts } from "../lib/api-types.ts";
import { useI18n } from "../lib/i18n.ts";

interface SurveyTextsCardProps {
  texts: SurveyTexts;
  closingDate: string;
  onChange: (patch: { texts?: Partial<SurveyTexts>; closingDate?: string }) => void;
}

/**
 * The survey's own texts: title, introduction and closing text in German, the same in an
 * optional English version (left empty, English readers see the German text), and the
 * closing date. Saved automatically like everything in the compose view.
 */
export function SurveyTextsCard({ texts, closingDate, onChange }: SurveyTextsCardProps) {
  const { t } = useI18n();
  const id = useId();
  const ids = {
    title: `${id}-title`,
    intro: `${id}-intro`,
    introHint: `${id}-intro-hint`,
    closing: `${id}-closing`,
    closingHint: `${id}-closing-hint`,
    date: `${id}-date`,
    dateHint: `${id}-date-hint`,
    titleEn: `${id}-title-en`,
    introEn: `${id}-intro-en`,
    closingEn: `${id}-closing-en`,
    englishHint: `${id}-english-hint`,
  };
  const set = (patch: Partial<SurveyTexts>) => onChange({ texts: patch });
  const englishFilled = Boolean(texts.titleEn || texts.introEn || texts.closingTextEn);

  return (
    <section className="card" aria-labelledby="details-heading">
      <h2 id="details-heading">{t("compose.details")}</h2>
      <div className="field">
        <label htmlFor={ids.title}>{t("compose.surveyTitle")}</label>
        <input id={ids.title} value={texts.title} required maxLength={300} onChange={(event) => set({ title: event.target.value })} />
      </div>
      <div className="field">
        <label htmlFor={ids.intro}>{t("compose.intro")}</label>
        <p className="hint" id={ids.introHint}>
          {t("compose.introHint")}
        </p>
        <textarea
          id={ids.intro}
          aria-describedby={ids.introHint}
          rows={4}
          maxLength={10_000}
          value={texts.intro}
          onChange={(event) => set({ intro: event.target.value })}
        />
      </div>
      <div className="field">
        <label htmlFor={ids.closing}>{t("compose.closingText")}</label>
        <p className="hint" id={ids.closingHint}>
          {t("compose.closingTextHint")}
        </p>
        <textarea
          id={ids.closing}
          aria-describedby={ids.closingHint}
          rows={3}
          maxLength={10_000}
          value={texts.closingText}
          onChange={(event) => set({ closingText: event.target.value })}
        />
      </div>
      <div className="field field-short">
        <label htmlFor={ids.date}>{t("compose.closingDate")}</label>
        <p className="hint" id={ids.dateHint}>
          {t("compose.closingDateHint")}
        </p>
        <input
          id={ids.date}
          type="date"
          aria-describedby={ids.dateHint}
          value={closingDate}
          onChange={(event) => onChange({ closingDate: event.target.value })}
        />
      </div>
      <details className="disclosure" open={englishFilled || undefined}>
        <summary>{t("compose.english")}</summary>
        <p className="hint" id={ids.englishHint}>
          {t("compose.englishHint")}
        </p>
        <div className="field">
          <label htmlFor={ids.titleEn}>{t("compose.surveyTitleEn")}</label>
          <input
            id={ids.titleEn}
            lang="en"
            aria-describedby={ids.englishHint}
            value={texts.titleEn}
            maxLength={300}
            onChange={(event) => set({ titleEn: event.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.introEn}>{t("compose.introEn")}</label>
          <textarea
            id={ids.introEn}
            lang="en"
            rows={4}
            maxLength={10_000}
            value={texts.introEn}
            onChange={(event) => set({ introEn: event.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.closingEn}>{t("compose.closingTextEn")}</label>
          <textarea
            id={ids.closingEn}
            lang="en"
            rows={3}
            maxLength={10_000}
            value={texts.closingTextEn}
            onChange={(event) => set({ closingTextEn: event.target.value })}
          />
        </div>
      </details>
    </section>
  );
}
