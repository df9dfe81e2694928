import { useEffect, useMemo, useState } from "react";
import { Survey } from "survey-react-ui";
import { Link } from "wouter";
import { api } from "../lib/api.ts";
import type { SurveyPreview } from "../lib/api-types.ts";
import { ErrorAlert } from "../lib/error-alert.tsx";
import { useI18n } from "../lib/i18n.ts";
import { Loading } from "../lib/loading.tsx";
import { createSurveyModel } from "../lib/survey-model.ts";
import { useDocumentTitle } from "../lib/use-document-title.ts";

/**
 * The survey exactly as respondents will get it (the server builds the same definition), to
 * click through and fill in. Nothing entered here is sent anywhere.
 */
export function SurveyPreviewPage({ id }: { id: string }) {
  const { t, lang } = useI18n();
  const [definition, setDefinition] = useState<Record<string, unknown> | null>(null);
  const [error, setError] = useState<unknown>(null);
  const title = typeof definition?.title === "string" ? definition.title : "";
  useDocumentTitle(t("preview.title", { title }));

  useEffect(() => {
    api
      .get<SurveyPreview>(`/surveys/${encodeURIComponent(id)}/preview`)
      .then((answer) => setDefinition(answer.definition))
      .catch(setError);
  }, [id]);

  const model = useMemo(() => {
    if (!definition) return null;
    const created = createSurveyModel(definition, "de");
    // Title and intro are shown above the form, exactly as on the respondent page.
    created.showTitle = false;
    // Stay on the preview after "complete", so the planner can go back and look again.
    created.onComplete.add(() => created.clear(false, true));
    return created;
  }, [definition]);

  useEffect(() => {
    if (model) model.locale = lang;
  }, [model, lang]);

  return (
    <>
      <p className="alert alert-info">
        {t("preview.note")} <Link href={`/surveys/${id}`}>{t("preview.back")}</Link>
      </p>
      {definition && <h1>{title}</h1>}
      {typeof definition?.description === "string" && definition.description.trim() !== "" && (
        <p className="intro">{definition.description}</p>
      )}
      <ErrorAlert error={error} />
      {!model && !error && <Loading />}
      {model && (
        <div className="survey-frame">
          <Survey model={model} />
        </div>
      )}
    </>
  );
}
