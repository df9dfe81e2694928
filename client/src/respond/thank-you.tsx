import { useEffect, useMemo, useRef } from "react";
import { Survey } from "survey-react-ui";
import { formatDateTime } from "../lib/format.ts";
import { useI18n } from "../lib/i18n.ts";
import { createReadOnlyModel } from "../lib/survey-model.ts";

interface ThankYouProps {
  definition: Record<string, unknown>;
  answers: Record<string, unknown>;
  submittedAt: string | null;
}

/**
 * After submitting: thanks, and the answers read-only on one page, so respondents see what
 * they sent (and that something follows from their input).
 */
export function ThankYou({ definition, answers, submittedAt }: ThankYouProps) {
  const { t, lang } = useI18n();
  const heading = useRef<HTMLHeadingElement>(null);
  const model = useMemo(() => createReadOnlyModel(definition, answers, "de"), [definition, answers]);

  useEffect(() => {
    model.locale = lang;
  }, [model, lang]);

  // The view changed under the respondent's feet: move focus to the news.
  useEffect(() => {
    heading.current?.focus();
  }, []);

  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        {t("respond.thanksTitle")}
      </h1>
      <div className="alert alert-success" role="status">
        <p>{t("respond.thanksText")}</p>
        {submittedAt && <p className="meta">{t("respond.submittedAt", { time: formatDateTime(submittedAt, lang) })}</p>}
      </div>
      <h2>{t("respond.yourAnswers")}</h2>
      <div className="survey-frame survey-readonly">
        <Survey model={model} />
      </div>
    </>
  );
}
