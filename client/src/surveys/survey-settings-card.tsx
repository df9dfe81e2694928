import { useId, useState } from "react";
import { api } from "../lib/api.ts";
import type { SurveyDetail } from "../lib/api-types.ts";
import { ErrorAlert } from "../lib/error-alert.tsx";
import { useI18n } from "../lib/i18n.ts";

const MODES = ["identified", "pseudonymous", "anonymous"] as const;
type PrivacyMode = (typeof MODES)[number];

/**
 * How the survey treats answers: the privacy mode (fixed once the survey is open, because
 * respondents are told about it before they start) and whether submitted answers may be changed.
 * Each change is saved at once.
 */
export function SurveySettingsCard({ survey, onSurveyChange }: { survey: SurveyDetail; onSurveyChange: (survey: SurveyDetail) => void }) {
  const { t } = useI18n();
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState("");
  const [busy, setBusy] = useState(false);
  const name = useId();
  const hintId = useId();
  const modeFixed = survey.status !== "draft";

  async function patch(body: { privacyMode?: PrivacyMode; allowEditAfterSubmit?: boolean }) {
    setBusy(true);
    setNotice("");
    try {
      onSurveyChange(await api.patch<SurveyDetail>(`/surveys/${survey.id}`, body));
      setNotice(t("surveySettings.saved"));
      setError(null);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="survey-settings-heading">
      <h2 id="survey-settings-heading">{t("surveySettings.heading")}</h2>
      <fieldset aria-describedby={hintId}>
        <legend>{t("surveySettings.privacy")}</legend>
        <p className="hint" id={hintId}>
          {t("surveySettings.privacyHint")}
        </p>
        {MODES.map((mode) => (
          <label key={mode} className="check">
            <input
              type="radio"
              name={name}
              value={mode}
              checked={survey.privacyMode === mode}
              disabled={modeFixed || busy}
              onChange={() => void patch({ privacyMode: mode })}
            />
            <span>
              <strong>{t(`surveySettings.privacy.${mode}`)}</strong> – {t(`surveySettings.privacy.${mode}Hint`)}
            </span>
          </label>
        ))}
      </fieldset>
      <label className="check">
        <input
          type="checkbox"
          checked={survey.allowEditAfterSubmit}
          disabled={busy || survey.privacyMode === "anonymous"}
          onChange={(event) => void patch({ allowEditAfterSubmit: event.target.checked })}
        />
        <span>
          {t("surveySettings.allowEdit")}
          <span className="hint"> {t("surveySettings.allowEditHint")}</span>
        </span>
      </label>
      <ErrorAlert error={error} />
      <p className="notice" role="status" aria-live="polite">
        {notice}
      </p>
    </section>
  );
}
