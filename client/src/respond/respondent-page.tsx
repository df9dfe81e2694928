import { useCallback, useEffect, useState } from "react";
import { api, ApiRequestError } from "../lib/api.ts";
import type { RespondentView, SaveResult } from "../lib/api-types.ts";
import { translate, useI18n } from "../lib/i18n.ts";
import { Loading } from "../lib/loading.tsx";
import { PublicLayout } from "../lib/public-layout.tsx";
import { useDocumentTitle } from "../lib/use-document-title.ts";
import { organisationOf, RespondentMessage } from "./respondent-message.tsx";
import { RespondentSurvey } from "./respondent-survey.tsx";
import { ThankYou } from "./thank-you.tsx";

/** A malformed token (cut off when copied, say) is an unknown link to the respondent, not a 400. */
function asLinkError(error: unknown): unknown {
  if (error instanceof ApiRequestError && error.status === 400) {
    return new ApiRequestError(404, "link_unknown", {
      de: translate("de", "respond.unknownText"),
      en: translate("en", "respond.unknownText"),
    });
  }
  return error;
}

type PageState =
  | { kind: "loading" }
  | { kind: "problem"; error: unknown }
  | { kind: "answering"; view: RespondentView }
  | { kind: "submitted"; view: RespondentView; answers: Record<string, unknown>; submittedAt: string | null };

/**
 * The respondent's page behind a personal link (no sign-in, no planner chrome): the survey,
 * the thank-you with the submitted answers, or a clear message when the link cannot be used.
 */
export function RespondentPage({ token }: { token: string }) {
  const { t } = useI18n();
  const [state, setState] = useState<PageState>({ kind: "loading" });

  const load = useCallback(() => {
    setState({ kind: "loading" });
    api
      .get<RespondentView>(`/r/${encodeURIComponent(token)}`)
      .then((view) =>
        setState(
          view.status === "submitted"
            ? { kind: "submitted", view, answers: view.answers, submittedAt: view.submittedAt }
            : { kind: "answering", view },
        ),
      )
      .catch((error: unknown) => setState({ kind: "problem", error: asLinkError(error) }));
  }, [token]);
  useEffect(load, [load]);

  const onSubmitted = useCallback((answers: Record<string, unknown>, result: SaveResult) => {
    setState((current) =>
      current.kind === "answering" ? { kind: "submitted", view: current.view, answers, submittedAt: result.savedAt } : current,
    );
    window.scrollTo(0, 0);
  }, []);

  const onLinkProblem = useCallback(
    (error: ApiRequestError) => {
      // Submitted from another tab or device: show what the server has.
      if (error.code === "already_submitted") load();
      else setState({ kind: "problem", error });
    },
    [load],
  );

  const title =
    state.kind === "answering" || state.kind === "submitted"
      ? state.view.title
      : state.kind === "problem"
        ? t("respond.errorTitle")
        : t("common.loading");
  useDocumentTitle(title);

  const brand =
    state.kind === "answering" || state.kind === "submitted"
      ? state.view.organisationName
      : state.kind === "problem"
        ? organisationOf(state.error)
        : undefined;

  return (
    <PublicLayout brand={brand} wide>
      {state.kind === "loading" && <Loading />}
      {state.kind === "problem" && <RespondentMessage error={state.error} onRetry={load} />}
      {state.kind === "answering" && (
        <RespondentSurvey token={token} view={state.view} onSubmitted={onSubmitted} onLinkProblem={onLinkProblem} />
      )}
      {state.kind === "submitted" && (
        <ThankYou definition={state.view.definition} answers={state.answers} submittedAt={state.submittedAt} />
      )}
    </PublicLayout>
  );
}
