import { useId, useState } from "react";
import { AUDIENCES, FORMS_OF_ADDRESS } from "../../../server/lib/survey-audience.ts";
import { api } from "../lib/api.ts";
import type { SurveyDetail, SurveyPatch } from "../lib/api-types.ts";
import { ErrorAlert } from "../lib/error-alert.tsx";
import { useI18n } from "../lib/i18n.ts";
import { SurveyNoticeEditor } from "./survey-notice-editor.tsx";

const MODES = ["identified", "pseudonymous", "anonymous"] as const;

export type SettingsPatch = Pick<
  SurveyPatch,
  "privacyMode" | "allowEditAfterSubmit" | "audience" | "formOfAddress" | "privacyNotice" | "privacyNoticeEn"
>;

/**
 * How the survey treats respondents: who is asked (which sets the default privacy notice, the
 * form of address and the hints under the questions; fixed once the survey is open), the German
 * form of address, the privacy mode (fixed once open, because respondents are told about it
 * before they start), whether submitted answers may be changed, and the privacy notice.
 * Each change is saved at once.
 */
export function SurveySettingsCard({ survey, onSurveyChange }: { survey: SurveyDetail; onSurveyChange: (survey: SurveyDetail) => void }) {
  const { t } = useI18n();
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState("");
  const [busy, setBusy] = useState(false);
  /** The change being saved, shown at once (a radio button must not jump back while the server answers). */
  const [pending, setPending] = useState<SettingsPatch>({});
  const name = useId();
  const hintId = useId();
  const audienceName = useId();
  const audienceHint = useId();
  const addressName = useId();
  const addressHint = useId();
  const fixed = survey.status !== "draft";

  /** Saves a change; true when the server took it (the notice editor closes then). */
  async function patch(body: SettingsPatch): Promise<boolean> {
    setBusy(true);
    setPending(body);
    setNotice("");
    try {
      onSurveyChange(await api.patch<SurveyDetail>(`/surveys/${survey.id}`, body));
      setNotice(t("surveySettings.saved"));
      setError(null);
      return true;
    } catch (caught) {
      setError(caught);
      return false;
    } finally {
      setBusy(false);
      setPending({});
    }
  }

  const shown = {
    audience: pending.audience !== undefined ? (pending.audience ?? survey.suggestedAudience) : survey.audience,
    formOfAddress: pending.formOfAddress ?? survey.formOfAddress,
    privacyMode: pending.privacyMode ?? survey.privacyMode,
    allowEditAfterSubmit: pending.allowEditAfterSubmit ?? survey.allowEditAfterSubmit,
  };

  return (
    <section className="card" aria-labelledby="survey-settings-heading">
      <h2 id="survey-settings-heading">{t("surveySettings.heading")}</h2>
      <fieldset className="stacked-choices" aria-describedby={audienceHint} data-testid="audience-setting">
        <legend>{t("surveySettings.audience")}</legend>
        <p className="hint" id={audienceHint}>
          {t("surveySettings.audienceHint")}
        </p>
        {AUDIENCES.map((audience) => (
          <label key={audience} className="check">
            <input
              type="radio"
              name={audienceName}
              value={audience}
              checked={shown.audience === audience}
              disabled={fixed || busy}
              onChange={() => void patch({ audience })}
            />
            <span>
              <strong>{t(`surveySettings.audience.${audience}`)}</strong> – {t(`surveySettings.audience.${audience}Hint`)}
            </span>
          </label>
        ))}
        {!fixed && (
          <p className="meta">
            {survey.audienceChosen && survey.audience !== survey.suggestedAudience ? (
              <>
                {t("surveySettings.audienceChosen", { suggested: t(`surveySettings.audience.${survey.suggestedAudience}`) })}{" "}
                <button type="button" className="link-button" disabled={busy} onClick={() => void patch({ audience: null })}>
                  {t("surveySettings.audienceFollow")}
                </button>
              </>
            ) : (
              !survey.audienceChosen && t("surveySettings.audienceSuggested")
            )}
          </p>
        )}
      </fieldset>
      <fieldset className="stacked-choices" aria-describedby={addressHint} data-testid="address-setting">
        <legend>{t("surveySettings.address")}</legend>
        <p className="hint" id={addressHint}>
          {t("surveySettings.addressHint")}
        </p>
        {FORMS_OF_ADDRESS.map((address) => (
          <label key={address} className="check">
            <input
              type="radio"
              name={addressName}
              value={address}
              checked={shown.formOfAddress === address}
              disabled={busy}
              onChange={() => void patch({ formOfAddress: address })}
            />
            <span>
              <strong lang="de">{t(`surveySettings.address.${address}`)}</strong> – {t(`surveySettings.address.${address}Hint`)}
            </span>
          </label>
        ))}
        <p className="meta">
          {survey.formOfAddressChosen ? (
            <button type="button" className="link-button" disabled={busy} onClick={() => void patch({ formOfAddress: null })}>
              {t("surveySettings.addressFollow")}
            </button>
          ) : (
            t("surveySettings.addressDefault")
          )}
        </p>
      </fieldset>
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
              checked={shown.privacyMode === mode}
              disabled={fixed || busy}
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
          checked={shown.allowEditAfterSubmit}
          disabled={busy || survey.privacyMode === "anonymous"}
          onChange={(event) => void patch({ allowEditAfterSubmit: event.target.checked })}
        />
        <span>
          {t("surveySettings.allowEdit")}
          <span className="hint"> {t("surveySettings.allowEditHint")}</span>
        </span>
      </label>
      <SurveyNoticeEditor survey={survey} busy={busy} onSave={patch} />
      <ErrorAlert error={error} />
      <p className="notice" role="status" aria-live="polite">
        {notice}
      </p>
    </section>
  );
}
