import { useId, useRef, useState, type FormEvent } from "react";
import type { SurveyDetail } from "../lib/api-types.ts";
import { useI18n } from "../lib/i18n.ts";
import { PrivacyNotice } from "../respond/privacy-notice.tsx";
import type { SettingsPatch } from "./survey-settings-card.tsx";

/** As long as the organisation's notice may be (server: 5,000 characters). */
const NOTICE_MAX = 5000;

interface SurveyNoticeEditorProps {
  survey: SurveyDetail;
  busy: boolean;
  /** Saves the change; resolves to whether the server took it. */
  onSave: (patch: SettingsPatch) => Promise<boolean>;
}

/**
 * The privacy notice respondents read before the first question, as they will read it (with the
 * privacy-mode sentence), and the survey's own text: written from the default for its audience,
 * or reset to that default. German, and English for respondents who read English.
 */
export function SurveyNoticeEditor({ survey, busy, onSave }: SurveyNoticeEditorProps) {
  const { t, lang } = useI18n();
  const [draft, setDraft] = useState<{ de: string; en: string } | null>(null);
  const [emptyError, setEmptyError] = useState(false);
  const ids = { heading: useId(), de: useId(), en: useId(), enHint: useId(), error: useId() };
  const german = useRef<HTMLTextAreaElement>(null);
  const own = survey.privacyNotice.trim() !== "";

  function startWriting() {
    // Start from what respondents read now, so the planner edits rather than writes from nothing.
    setDraft({
      de: own ? survey.privacyNotice : survey.defaultPrivacyNotice.de,
      en: own ? survey.privacyNoticeEn : survey.defaultPrivacyNotice.en,
    });
    setEmptyError(false);
    setTimeout(() => german.current?.focus(), 0);
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!draft) return;
    if (!draft.de.trim()) {
      setEmptyError(true);
      german.current?.focus();
      return;
    }
    if (await onSave({ privacyNotice: draft.de, privacyNoticeEn: draft.en })) setDraft(null);
  }

  async function reset() {
    if (await onSave({ privacyNotice: "", privacyNoticeEn: "" })) setDraft(null);
  }

  return (
    <section className="notice-editor" aria-labelledby={ids.heading} data-testid="survey-notice">
      <h3 id={ids.heading}>{t("surveySettings.notice")}</h3>
      <p className="hint">
        {t("surveySettings.noticeHint")} {own ? t("surveySettings.noticeOwn") : t("surveySettings.noticeDefault")}
      </p>
      {!draft && (
        <>
          <p className="meta">{t("surveySettings.noticePreview")}:</p>
          <PrivacyNotice notice={survey.effectivePrivacyNotice} modeSentence={survey.privacyModeSentence} language={lang} headingLevel={4} />
          <div className="actions">
            <button type="button" onClick={startWriting} disabled={busy}>
              {t("surveySettings.noticeWrite")}
            </button>
            {own && (
              <button type="button" onClick={() => void reset()} disabled={busy}>
                {t("surveySettings.noticeReset")}
              </button>
            )}
          </div>
        </>
      )}
      {draft && (
        <form onSubmit={(event) => void save(event)} noValidate>
          <div className="field">
            <label htmlFor={ids.de}>{t("surveySettings.noticeDe")}</label>
            <textarea
              id={ids.de}
              ref={german}
              lang="de"
              rows={8}
              maxLength={NOTICE_MAX}
              value={draft.de}
              aria-invalid={emptyError ? true : undefined}
              aria-describedby={emptyError ? ids.error : undefined}
              onChange={(event) => {
                setDraft({ ...draft, de: event.target.value });
                setEmptyError(false);
              }}
            />
            {emptyError && (
              <p className="field-error" id={ids.error}>
                {t("surveySettings.noticeEmpty")}
              </p>
            )}
          </div>
          <div className="field">
            <label htmlFor={ids.en}>{t("surveySettings.noticeEn")}</label>
            <p className="hint" id={ids.enHint}>
              {t("surveySettings.noticeEnHint")}
            </p>
            <textarea
              id={ids.en}
              lang="en"
              rows={8}
              maxLength={NOTICE_MAX}
              value={draft.en}
              aria-describedby={ids.enHint}
              onChange={(event) => setDraft({ ...draft, en: event.target.value })}
            />
          </div>
          <div className="actions">
            <button type="submit" className="button-primary" disabled={busy}>
              {t("surveySettings.noticeSave")}
            </button>
            <button type="button" onClick={() => setDraft(null)} disabled={busy}>
              {t("surveySettings.noticeCancel")}
            </button>
            {own && (
              <button type="button" onClick={() => void reset()} disabled={busy}>
                {t("surveySettings.noticeReset")}
              </button>
            )}
          </div>
        </form>
      )}
    </section>
  );
}
