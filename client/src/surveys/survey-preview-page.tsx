import { useEffect, useMemo, useRef, useState } from "react";
import { Survey } from "survey-react-ui";
import { Link } from "wouter";
import { api } from "../lib/api.ts";
import type { SurveyPreview } from "../lib/api-types.ts";
import { closingParagraphs } from "../lib/closing-text.ts";
import { ErrorAlert } from "../lib/error-alert.tsx";
import { translate, useI18n, type Language } from "../lib/i18n.ts";
import { Loading } from "../lib/loading.tsx";
import { localizedText } from "../lib/localized.ts";
import { createSurveyModel, surveyLocale } from "../lib/survey-model.ts";
import { useDocumentTitle } from "../lib/use-document-title.ts";
import { PrivacyNotice } from "../respond/privacy-notice.tsx";

/**
 * The survey exactly as respondents will get it (the server builds the same definition), to
 * click through and fill in, in German or English and at phone width (375 px), with the privacy
 * notice before the first question and SurveyJS's own texts in the survey's form of address
 * ("Sie" or "du"). Conditions and required questions work as for respondents; nothing entered
 * here is sent anywhere. After "Abschließen" the closing text shows as respondents will see it.
 */
export function SurveyPreviewPage({ id }: { id: string }) {
  const { t, lang } = useI18n();
  const [preview, setPreview] = useState<SurveyPreview | null>(null);
  const definition = preview?.definition ?? null;
  const [error, setError] = useState<unknown>(null);
  const [language, setLanguage] = useState<Language>(lang);
  const [phone, setPhone] = useState(false);
  const [completed, setCompleted] = useState(false);
  const completedHeading = useRef<HTMLHeadingElement>(null);
  const title = definition ? localizedText(definition.title, language) : "";
  const description = definition ? localizedText(definition.description, language) : "";
  useDocumentTitle(t("preview.title", { title }));

  useEffect(() => {
    api
      .get<SurveyPreview>(`/surveys/${encodeURIComponent(id)}/preview`)
      .then(setPreview)
      .catch(setError);
  }, [id]);

  const model = useMemo(() => {
    if (!preview) return null;
    const created = createSurveyModel(preview.definition, surveyLocale("de", preview.formOfAddress));
    // Title and intro are shown above the form, exactly as on the respondent page.
    created.showTitle = false;
    created.showCompletedPage = false;
    created.onComplete.add(() => setCompleted(true));
    return created;
  }, [preview]);

  const locale = surveyLocale(language, preview?.formOfAddress ?? "sie");
  useEffect(() => {
    if (model) model.locale = locale;
  }, [model, locale]);

  useEffect(() => {
    if (completed) completedHeading.current?.focus();
  }, [completed]);

  function restart() {
    model?.clear(true, true);
    setCompleted(false);
  }

  const closing = definition ? closingParagraphs(definition, language) : [];

  return (
    <>
      <p className="alert alert-info">
        {t("preview.note")} <Link href={`/surveys/${id}`}>{t("preview.back")}</Link>
      </p>
      <div className="preview-toolbar">
        <div className="toggle-group" role="group" aria-label={t("preview.language")}>
          {(["de", "en"] as const).map((code) => (
            <button key={code} type="button" lang={code} aria-pressed={language === code} onClick={() => setLanguage(code)}>
              {t(code === "de" ? "lang.de" : "lang.en")}
            </button>
          ))}
        </div>
        <button type="button" aria-pressed={phone} onClick={() => setPhone((on) => !on)}>
          {t("preview.phone")}
        </button>
      </div>
      <ErrorAlert error={error} />
      {!model && !error && <Loading />}
      {definition && model && (
        <div className={phone ? "preview-stage preview-phone" : "preview-stage"} lang={language} data-testid="preview-stage">
          <h1>{title}</h1>
          {description.trim() !== "" && <p className="intro">{description}</p>}
          {!completed && preview && (
            <PrivacyNotice notice={preview.privacyNotice} modeSentence={preview.privacyModeSentence} language={language} />
          )}
          {completed ? (
            <div className="preview-completed">
              <h2 ref={completedHeading} tabIndex={-1}>
                {translate(language, "respond.thanksTitle")}
              </h2>
              {closing.length > 0 ? (
                <div className="closing-text">
                  {closing.map((paragraph, index) => (
                    <p key={index}>{paragraph}</p>
                  ))}
                </div>
              ) : (
                <p className="hint">{t("preview.noClosingText")}</p>
              )}
              <button type="button" lang={lang} onClick={restart}>
                {t("preview.restart")}
              </button>
            </div>
          ) : (
            <div className="survey-frame">
              <Survey model={model} />
            </div>
          )}
        </div>
      )}
    </>
  );
}
