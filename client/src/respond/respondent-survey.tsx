import { useEffect, useMemo, useRef, useState } from "react";
import { Survey } from "survey-react-ui";
import { ApiRequestError } from "../lib/api.ts";
import type { RespondentView, SaveResult } from "../lib/api-types.ts";
import { formatDate } from "../lib/format.ts";
import { useI18n } from "../lib/i18n.ts";
import { createSurveyModel } from "../lib/survey-model.ts";
import { DraftSaver, readLocalCopy, type SaveStatus } from "./draft-saver.ts";
import { SaveStatusLine } from "./save-status-line.tsx";

const linkProblems = new Set(["already_submitted", "survey_closed", "link_revoked", "link_unknown"]);

interface RespondentSurveyProps {
  token: string;
  view: RespondentView;
  onSubmitted: (answers: Record<string, unknown>, result: SaveResult) => void;
  /** The link stopped taking answers (closed, revoked, already submitted elsewhere). */
  onLinkProblem: (error: ApiRequestError) => void;
}

/**
 * The questionnaire as a respondent fills it in: restored answers and page, autosave on every
 * change, and a submit that only shows the thank-you once the server confirmed it (SurveyJS's
 * own completion is held back in onCompleting).
 */
export function RespondentSurvey({ token, view, onSubmitted, onLinkProblem }: RespondentSurveyProps) {
  const { t, lang } = useI18n();
  const [status, setStatus] = useState<SaveStatus>("idle");
  const [submitting, setSubmitting] = useState(false);
  const [submitError, setSubmitError] = useState<unknown>(null);
  const callbacks = useRef({ onSubmitted, onLinkProblem });
  callbacks.current = { onSubmitted, onLinkProblem };

  const { model, restoredLocally } = useMemo(() => {
    const model = createSurveyModel(view.definition, "de");
    model.showTitle = false;
    model.showCompletedPage = false;
    // Answers kept in this browser but not yet on the server win over the stored ones.
    const local = readLocalCopy(token);
    model.data = local ? { ...view.answers, ...local.answers } : view.answers;
    const page = local ? local.page : view.page;
    if (page > 0 && page < model.visiblePageCount) model.currentPageNo = page;
    return { model, restoredLocally: local !== null };
  }, [token, view]);

  useEffect(() => {
    let merging = false;
    const saver = new DraftSaver({
      token,
      revision: view.revision,
      snapshot: () => ({ answers: model.data as Record<string, unknown>, page: model.currentPageNo }),
      mergeServerAnswers: (serverAnswers) => {
        merging = true;
        try {
          const local = model.data as Record<string, unknown>;
          for (const [name, value] of Object.entries(serverAnswers)) {
            if (!(name in local)) model.setValue(name, value);
          }
        } finally {
          merging = false;
        }
      },
      onStatus: setStatus,
      onFatal: (error) => callbacks.current.onLinkProblem(error),
    });

    async function submit() {
      setSubmitting(true);
      setSubmitError(null);
      try {
        const result = await saver.submit();
        callbacks.current.onSubmitted(model.data as Record<string, unknown>, result);
      } catch (error) {
        setSubmitting(false);
        if (error instanceof ApiRequestError && linkProblems.has(error.code)) {
          callbacks.current.onLinkProblem(error);
          return;
        }
        setSubmitError(error);
      }
    }

    const onValueChanged = () => {
      if (!merging) saver.changed();
    };
    const onPageChanged = () => void saver.saveNow();
    const onCompleting = (_: unknown, options: { allow: boolean }) => {
      // Never let SurveyJS complete on its own: the server decides whether the answers are in.
      options.allow = false;
      void submit();
    };
    model.onValueChanged.add(onValueChanged);
    model.onCurrentPageChanged.add(onPageChanged);
    model.onCompleting.add(onCompleting);
    if (restoredLocally) saver.restoreUnsaved();

    return () => {
      saver.stop();
      model.onValueChanged.remove(onValueChanged);
      model.onCurrentPageChanged.remove(onPageChanged);
      model.onCompleting.remove(onCompleting);
    };
  }, [model, restoredLocally, token, view.revision]);

  useEffect(() => {
    model.locale = lang;
  }, [model, lang]);

  return (
    <>
      <h1>{view.title}</h1>
      {typeof view.definition.description === "string" && view.definition.description.trim() !== "" && (
        <p className="intro">{view.definition.description}</p>
      )}
      {view.closingDate && <p className="meta">{t("respond.closingDate", { date: formatDate(view.closingDate, lang) })}</p>}
      <SaveStatusLine status={status} submitting={submitting} />
      {submitError !== null && (
        <div className="alert alert-error" role="alert">
          {t("respond.submitFailed", {
            message: submitError instanceof ApiRequestError ? submitError.localizedMessage : t("error.unexpected"),
          })}
        </div>
      )}
      <div className="survey-frame">
        <Survey model={model} />
      </div>
    </>
  );
}
