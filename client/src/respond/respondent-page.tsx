import { useCallback, useEffect, useState } from "react";
import { api, ApiRequestError } from "../lib/api.ts";
import type { RespondentView, SaveResult } from "../lib/api-types.ts";
import { translate, useI18n } from "../lib/i18n.ts";
import { Loading } from "../lib/loading.tsx";
import { PublicLayout } from "../lib/public-layout.tsx";
import { useDocumentTitle } from "../lib/use-document-title.ts";
import { readLocalCopy } from "./draft-saver.ts";
import { formOfAddressOfError, RespondentAudienceProvider } from "./respondent-address.tsx";
import { messageTitleKey, organisationOf, RespondentMessage } from "./respondent-message.tsx";
import { RespondentSurvey } from "./respondent-survey.tsx";
import { ThankYou } from "./thank-you.tsx";

/** A malformed token (cut off when copied, say) is an unknown link to the respondent, not a 400. */
function asLinkError(error: unknown): unknown {
  if (error instanceof ApiRequestError && error.status === 400) {
    return new ApiRequestError(404, "link_unknown", {
      // The survey behind an unknown link is not known: "Sie".
      de: translate("de", "respond.unknownText", { address: "sie" }),
      en: translate("en", "respond.unknownText", { address: "sie" }),
    });
  }
  return error;
}

type PageState =
  | { kind: "loading" }
  | { kind: "problem"; error: unknown }
  | { kind: "answering"; view: RespondentView; fromStart?: boolean }
  | { kind: "submitted"; view: RespondentView; answers: Record<string, unknown>; submittedAt: string | null; opening: boolean };

/**
 * Changes to submitted answers that were not submitted again: saved after the submission, or
 * made in this browser and not on the server yet.
 */
function hasChangesSinceSubmit(view: RespondentView, token: string): boolean {
  if ((readLocalCopy(token)?.changed.length ?? 0) > 0) return true;
  if (!view.updatedAt || !view.submittedAt) return false;
  // Submitting sets both times in the same write; a later draft save moves only `updatedAt`.
  return Date.parse(view.updatedAt) - Date.parse(view.submittedAt) > 2000;
}

/**
 * What the server's view of a link leads to: the survey for a draft; for a submitted response
 * the thank-you, unless the respondent asked to change it (or has changes not yet sent again).
 */
function stateOf(view: RespondentView, token: string, edit: boolean): PageState {
  if (view.status !== "submitted") return { kind: "answering", view };
  if (view.canEdit && edit) return { kind: "answering", view, fromStart: true };
  if (view.canEdit && hasChangesSinceSubmit(view, token)) return { kind: "answering", view };
  return { kind: "submitted", view, answers: view.answers, submittedAt: view.submittedAt, opening: false };
}

/**
 * The respondent's page behind a personal link (no sign-in, no planner chrome): the survey,
 * the thank-you with the submitted answers (and, where allowed, the way back to change them),
 * or a clear message when the link cannot be used.
 */
export function RespondentPage({ token }: { token: string }) {
  const { t } = useI18n();
  const [state, setState] = useState<PageState>({ kind: "loading" });
  const path = `/r/${encodeURIComponent(token)}`;

  const load = useCallback(() => {
    setState({ kind: "loading" });
    api
      .get<RespondentView>(path)
      .then((view) => setState(stateOf(view, token, false)))
      .catch((error: unknown) => setState({ kind: "problem", error: asLinkError(error) }));
  }, [path, token]);
  useEffect(load, [load]);

  const onSubmitted = useCallback(
    (answers: Record<string, unknown>, result: SaveResult) => {
      setState((current) =>
        current.kind === "answering"
          ? // Whether it may still be changed is not known yet (a draft can always be changed).
            { kind: "submitted", view: { ...current.view, canEdit: false }, answers, submittedAt: result.savedAt, opening: false }
          : current,
      );
      window.scrollTo(0, 0);
      // Whether the answers may still be changed is the server's to say (survey setting, closing date).
      api
        .get<RespondentView>(path)
        .then((fresh) =>
          setState((current) =>
            current.kind === "submitted" ? { ...current, view: { ...fresh, definition: current.view.definition } } : current,
          ),
        )
        .catch(() => undefined);
    },
    [path],
  );

  const onEdit = useCallback(() => {
    setState((current) => (current.kind === "submitted" ? { ...current, opening: true } : current));
    api
      .get<RespondentView>(path)
      .then((view) => setState(stateOf(view, token, true)))
      .catch((error: unknown) => setState({ kind: "problem", error: asLinkError(error) }));
  }, [path, token]);

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
        ? t(messageTitleKey(state.error))
        : t("common.loading");
  useDocumentTitle(title);

  const brand =
    state.kind === "answering" || state.kind === "submitted"
      ? state.view.organisationName
      : state.kind === "problem"
        ? organisationOf(state.error)
        : undefined;

  // The survey's audience and form of address for every text below ("Sie" while it is not known).
  const audience =
    state.kind === "answering" || state.kind === "submitted"
      ? { audience: state.view.audience, formOfAddress: state.view.formOfAddress }
      : { audience: "institutions" as const, formOfAddress: state.kind === "problem" ? formOfAddressOfError(state.error) : ("sie" as const) };

  return (
    <PublicLayout brand={brand} wide>
      <RespondentAudienceProvider value={audience}>
        {state.kind === "loading" && <Loading />}
        {state.kind === "problem" && (
          <RespondentMessage error={state.error} onRetry={load} answersKeptHere={readLocalCopy(token) !== null} />
        )}
        {state.kind === "answering" && (
          <RespondentSurvey
            key={state.view.revision}
            token={token}
            view={state.view}
            startAtFirstPage={state.fromStart ?? false}
            onSubmitted={onSubmitted}
            onLinkProblem={onLinkProblem}
          />
        )}
        {state.kind === "submitted" && (
          <ThankYou
            view={state.view}
            answers={state.answers}
            submittedAt={state.submittedAt}
            onEdit={state.view.canEdit ? onEdit : undefined}
            editing={state.opening}
          />
        )}
      </RespondentAudienceProvider>
    </PublicLayout>
  );
}
