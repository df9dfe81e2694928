import { useEffect, useMemo } from "react";
import { Survey } from "survey-react-ui";
import type { Language } from "./i18n.ts";
import { createSurveyModel } from "./survey-model.ts";

/**
 * One question rendered by SurveyJS as a respondent will see it, to try out (nothing is
 * stored). Loaded lazily (it pulls survey-core), so the canon browser and the editor only
 * download SurveyJS once a preview is opened.
 */
export function QuestionPreview({ element, language }: { element: Record<string, unknown>; language: Language }) {
  const json = JSON.stringify(element);
  const model = useMemo(() => {
    const parsed = JSON.parse(json) as Record<string, unknown>;
    const created = createSurveyModel(
      { elements: [{ ...parsed, name: typeof parsed.name === "string" && parsed.name ? parsed.name : "preview" }], showQuestionNumbers: "off" },
      "de",
    );
    created.showNavigationButtons = false;
    created.showCompletedPage = false;
    created.showTitle = false;
    return created;
  }, [json]);

  useEffect(() => {
    model.locale = language;
  }, [model, language]);

  return (
    <div className="question-preview" lang={language}>
      <Survey model={model} />
    </div>
  );
}
