import { memo, useEffect, useMemo, useRef, useState } from "react";
import { CustomError, type Model } from "survey-core";
import { Survey } from "survey-react-ui";
import { ApiRequestError } from "../lib/api.ts";
import type { RespondentView, SaveResult } from "../lib/api-types.ts";
import { formatDate, formatDateTime } from "../lib/format.ts";
import { translate } from "../lib/i18n.ts";
import { createSurveyModel, surveyLocale } from "../lib/survey-model.ts";
import { ColleagueLinks } from "./colleague-links.tsx";
import { ConflictChooser } from "./conflict-chooser.tsx";
import { definitionText } from "./definition-text.ts";
import { conflictOf, DraftSaver, readLocalCopy, type ConflictDetails } from "./draft-saver.ts";
import { replyUpdates } from "./merge-reply.ts";
import { PrivacyNotice } from "./privacy-notice.tsx";
import { respondentErrorMessage, useRespondentI18n } from "./respondent-address.tsx";
import { SaveStatusLine } from "./save-status-line.tsx";
import { SaveStatusStore } from "./save-status-store.ts";
import { ValidationSummary, type QuestionError } from "./validation-summary.tsx";

const linkProblems = new Set(["already_submitted", "survey_closed", "link_revoked", "link_unknown"]);

/** The server refused the submit: its message and the questions, shown until they are answered. */
interface Refusal {
  attempt: number;
  error: ApiRequestError;
  errors: QuestionError[];
}

interface RespondentSurveyProps {
  token: string;
  view: RespondentView;
  /** Changing submitted answers starts at the first page, not where the last visit ended. */
  startAtFirstPage?: boolean;
  onSubmitted: (answers: Record<string, unknown>, result: SaveResult) => void;
  /** The link stopped taking answers (closed, revoked, already submitted elsewhere). */
  onLinkProblem: (error: ApiRequestError) => void;
}

/**
 * The SurveyJS form, rendered once per model: nothing the page around it does (save state,
 * conflicts, errors) re-renders it. SurveyJS re-renders single questions itself when their
 * model changes, and a re-render of the whole form would write each input's last model value
 * back into the box being typed in.
 */
const SurveyForm = memo(function SurveyForm({ model }: { model: Model }) {
  return <Survey model={model} />;
});

/**
 * The questionnaire as a respondent fills it in: the privacy notice first, restored answers and
 * page, autosave on every change merged with what colleagues save elsewhere, a chooser where both
 * sides changed the same question, and a submit that only shows the thank-you once the server
 * accepted the answers (its validation errors are shown at the questions and listed above them).
 * A submitted response that may still be changed is edited the same way and submitted again.
 */
export function RespondentSurvey({ token, view, startAtFirstPage = false, onSubmitted, onLinkProblem }: RespondentSurveyProps) {
  const { t, lang } = useRespondentI18n();
  const [statusStore] = useState(() => new SaveStatusStore());
  /** A submit that failed for another reason than validation (network, server) or was held back. */
  const [submitError, setSubmitError] = useState<ApiRequestError | "chooseFirst" | "unexpected" | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [conflict, setConflict] = useState<ConflictDetails | null>(null);
  const editingSubmitted = view.status === "submitted";
  const callbacks = useRef({ onSubmitted, onLinkProblem });
  callbacks.current = { onSubmitted, onLinkProblem };
  const saverRef = useRef<DraftSaver | null>(null);
  const mergingRef = useRef(false);

  const { model, local } = useMemo(() => {
    const model = createSurveyModel(view.definition, surveyLocale("de", view.formOfAddress));
    model.showTitle = false;
    model.showCompletedPage = false;
    // Pages without a title: the progress buttons are named "Seite 2", not by the page's id.
    model.pages.forEach((page, index) => {
      if (!page.title && page.locNavigationTitle.isEmpty) {
        page.locNavigationTitle.setLocaleText("de", translate("de", "respond.onPage", { page: index + 1 }));
        page.locNavigationTitle.setLocaleText("en", translate("en", "respond.onPage", { page: index + 1 }));
      }
    });
    // Answers kept in this browser but not yet on the server win over the stored ones.
    const local = readLocalCopy(token);
    model.data = local ? { ...view.answers, ...local.answers } : view.answers;
    const page = local ? local.page : startAtFirstPage ? 0 : view.page;
    if (page > 0 && page < model.visiblePageCount) model.currentPageNo = page;
    return { model, local };
  }, [token, view, startAtFirstPage]);

  /** Sets values without counting them as the respondent's own changes. */
  const setQuietly = (values: Record<string, unknown>) => {
    mergingRef.current = true;
    try {
      for (const [name, value] of Object.entries(values)) model.setValue(name, value);
    } finally {
      mergingRef.current = false;
    }
  };

  useEffect(() => {
    const saver = new DraftSaver({
      token,
      revision: view.revision,
      snapshot: () => ({ answers: model.data as Record<string, unknown>, page: model.currentPageNo }),
      applyServerAnswers: (serverAnswers, sent, keepWhole) => {
        // Only what the respondent has not touched since the save was sent, field by field.
        setQuietly(replyUpdates(sent, model.data as Record<string, unknown>, serverAnswers, keepWhole));
      },
      onStatus: statusStore.setStatus,
      onConflict: setConflict,
      onFatal: (error) => callbacks.current.onLinkProblem(error),
      // A value the server could not take (text where a number belongs, out of range): said at its question.
      onRejected: (rejected) => {
        for (const entry of rejected) {
          const question = model.getQuestionByName(entry.question);
          if (question) question.errors = [new CustomError(entry.message[model.locale === "en" ? "en" : "de"], model)];
        }
      },
    });
    saverRef.current = saver;

    let submitRunning = false;
    let attempts = 0;
    let movingToErrors = false;

    async function submit() {
      if (submitRunning) return;
      setSubmitError(null);
      if (saver.conflictPending) {
        setSubmitError("chooseFirst");
        document.getElementById("conflict-heading")?.focus();
        return;
      }
      submitRunning = true;
      statusStore.setSubmitting(true);
      setRefusal(null);
      try {
        const result = await saver.submit(model.locale === "en" ? "en" : "de");
        callbacks.current.onSubmitted(model.data as Record<string, unknown>, result);
      } catch (error) {
        submitRunning = false;
        statusStore.setSubmitting(false);
        if (error instanceof ApiRequestError && linkProblems.has(error.code)) {
          callbacks.current.onLinkProblem(error);
          return;
        }
        if (conflictOf(error)) return;
        // Whatever went wrong, the answers stay: saved as a draft (or kept until back online).
        void saver.saveNow();
        if (error instanceof ApiRequestError && error.code === "validation_failed") {
          const errors = (error.details as { errors?: QuestionError[] } | undefined)?.errors ?? [];
          showQuestionErrors(errors);
          attempts += 1;
          setRefusal({ attempt: attempts, error, errors });
          return;
        }
        setSubmitError(error instanceof ApiRequestError ? error : "unexpected");
      }
    }

    /** The server's findings, at the questions, on the first page that has one. */
    function showQuestionErrors(errors: QuestionError[]) {
      for (const entry of errors) {
        const question = model.getQuestionByName(entry.question);
        if (question) question.errors = entry.messages.map((message) => new CustomError(message, model));
      }
      const firstPage = Math.min(...errors.map((entry) => entry.page));
      if (Number.isFinite(firstPage) && firstPage >= 0 && firstPage < model.pageCount) {
        // The summary above takes the focus, not the page's first question.
        movingToErrors = true;
        model.autoFocusFirstQuestion = false;
        try {
          model.currentPage = model.pages[firstPage]!;
        } finally {
          movingToErrors = false;
        }
      }
    }

    const onValueChanged = (_: unknown, options: { name: string }) => {
      if (!mergingRef.current) saver.changed(options.name);
      // An answered question leaves the list of what is missing.
      const name = options.name.replace(/-Comment$/, "");
      // The server's word on the old value (refused, left out) goes with it; the next save says anew.
      const changed = model.getQuestionByName(name);
      if (changed?.errors.some((error) => error instanceof CustomError)) changed.errors = changed.errors.filter((error) => !(error instanceof CustomError));
      setRefusal((current) => {
        if (!current || !current.errors.some((entry) => entry.question === name)) return current;
        const errors = current.errors.filter((entry) => entry.question !== name);
        return errors.length > 0 ? { ...current, errors } : null;
      });
    };
    const onPageChanging = () => {
      // "Weiter" and "Zurück" put the focus on the new page's first question (never on page load,
      // so the page is read from the top).
      model.autoFocusFirstQuestion = !movingToErrors;
    };
    const onPageChanged = () => void saver.saveNow();
    const onCompleting = (_: unknown, options: { allow: boolean }) => {
      // Never let SurveyJS complete on its own: the server decides whether the answers are in.
      options.allow = false;
      void submit();
    };
    model.onValueChanged.add(onValueChanged);
    model.onCurrentPageChanging.add(onPageChanging);
    model.onCurrentPageChanged.add(onPageChanged);
    model.onCompleting.add(onCompleting);
    if (local) saver.restoreUnsaved(local.changed, local.revision);

    return () => {
      saver.stop();
      saverRef.current = null;
      model.onValueChanged.remove(onValueChanged);
      model.onCurrentPageChanging.remove(onPageChanging);
      model.onCurrentPageChanged.remove(onPageChanged);
      model.onCompleting.remove(onCompleting);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [model, local, token, view.revision]);

  // The chooser and the summary read titles from the model while rendering: switch it first.
  const locale = surveyLocale(lang, view.formOfAddress);
  if (model.locale !== locale) model.locale = locale;
  useEffect(() => {
    // Editing answers that were already sent: the last button sends them again.
    if (editingSubmitted) model.completeText = t("respond.resubmit");
  }, [model, lang, t, editingSubmitted]);

  const title = definitionText(view.definition.title, lang) || view.title;
  const intro = definitionText(view.definition.description, lang);

  return (
    <>
      <h1>{title}</h1>
      {intro.trim() !== "" && <p className="intro">{intro}</p>}
      <PrivacyNotice notice={view.privacyNotice} modeSentence={view.privacyModeSentence} language={lang} />
      {editingSubmitted && (
        <p className="alert alert-info" data-testid="editing-note">
          {t("respond.editingNote")}
        </p>
      )}
      {view.closingDate && <p className="meta">{t("respond.closingDate", { date: formatDate(view.closingDate, lang) })}</p>}
      {view.updatedAt && (
        <p className="meta" data-testid="last-edited">
          {t("respond.lastEdited", {
            time: formatDateTime(view.updatedAt, lang),
            device: view.lastDevice ? ` (${view.lastDevice})` : "",
          })}
        </p>
      )}
      <p className="autosave-hint">{t("respond.autosaveHint")}</p>
      <SaveStatusLine store={statusStore} />
      {conflict && (
        <ConflictChooser
          model={model}
          conflict={conflict}
          onChosen={(choices) => {
            setQuietly(choices);
            setConflict(null);
            setSubmitError((current) => (current === "chooseFirst" ? null : current));
            saverRef.current?.conflictResolved();
            // The chooser is gone: back to the question it was about, where the respondent was.
            const first = model.getQuestionByName(Object.keys(choices)[0] ?? "");
            if (first && first.page === model.currentPage) setTimeout(() => first.focus(), 0);
            else document.getElementById("save-status")?.focus();
          }}
        />
      )}
      {refusal && <ValidationSummary key={refusal.attempt} model={model} message={refusal.error.localizedMessage} errors={refusal.errors} />}
      {submitError === "chooseFirst" && (
        <p className="alert alert-error" role="alert">
          {t("respond.chooseFirst")}
        </p>
      )}
      {submitError !== null && submitError !== "chooseFirst" && (
        <p className="alert alert-error" role="alert">
          {t("respond.submitFailed", {
            message: respondentErrorMessage(submitError, t),
          })}
        </p>
      )}
      <div className="survey-frame">
        <SurveyForm model={model} />
      </div>
      <ColleagueLinks token={token} />
    </>
  );
}
