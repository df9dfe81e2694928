import { useCallback, useEffect, useState } from "react";
import { api, ApiRequestError, errorMessage } from "../lib/api.ts";
import { useI18n, type MessageKey } from "../lib/i18n.ts";
import { Loading } from "../lib/loading.tsx";
import { PublicLayout } from "../lib/public-layout.tsx";
import { useDocumentTitle } from "../lib/use-document-title.ts";
import { SharedQuestionBlock } from "./shared-question.tsx";
import type { NetworkView, SharedQuestion, SharedResults } from "./sharing-types.ts";

const problemTitles: Record<string, MessageKey> = {
  share_link_unknown: "networkView.unknownTitle",
  share_link_revoked: "networkView.revokedTitle",
  share_link_unavailable: "networkView.unavailableTitle",
  too_many_unknown_links: "networkView.tooManyTitle",
};

/** A malformed token (cut off when copied, say) is an unknown link to the reader, not a 400. */
function asLinkError(error: unknown): unknown {
  if (error instanceof ApiRequestError && error.status === 400) {
    return new ApiRequestError(404, "share_link_unknown", {
      de: "Diesen Link gibt es nicht. Bitte prüfen Sie, ob er vollständig kopiert wurde.",
      en: "This link does not exist. Please check that it was copied completely.",
    });
  }
  return error;
}

function Problem({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useI18n();
  const code = error instanceof ApiRequestError ? error.code : "";
  const final = code in problemTitles;
  return (
    <div className="card message-page" data-code={code || "error"}>
      <h1>{t(problemTitles[code] ?? "networkView.errorTitle")}</h1>
      <p>{errorMessage(error)}</p>
      {!final && (
        <button type="button" className="button-primary" onClick={onRetry}>
          {t("networkView.retry")}
        </button>
      )}
    </div>
  );
}

/** "Weniger als k Antworten": nothing else of the results. */
function TooFew({ k }: { k: number }) {
  const { t } = useI18n();
  return (
    <section className="card" aria-labelledby="too-few-heading" data-testid="too-few">
      <h2 id="too-few-heading">{t("networkView.fewerRespondents", { k })}</h2>
      <p>{t("networkView.fewerExplanation", { k })}</p>
    </section>
  );
}

function Questions({ results, k, own }: { results: SharedResults; k: number; own?: SharedResults }) {
  const ownByName = new Map((own?.questions ?? []).map((question) => [question.name, question]));
  return (
    <>
      {results.questions.map((question: SharedQuestion, index) => (
        <SharedQuestionBlock key={question.name} question={question} k={k} own={own ? ownByName.get(question.name) : undefined} id={`question-${index}`} />
      ))}
    </>
  );
}

function View({ view }: { view: NetworkView }) {
  const { t, pick } = useI18n();
  const k = view.minCellSize;
  return (
    <div className="network-view" data-mode={view.mode}>
      <h1>{t("networkView.title", { network: view.networkName })}</h1>
      <p className="lead">{t("networkView.surveyLine", { survey: pick(view.surveyTitle), organisation: view.organisationName })}</p>
      <p>{view.mode === "members" ? t("networkView.membersIntro") : t("networkView.ownIntro")}</p>
      <p className="alert alert-info" data-testid="protection-note">
        {t("networkView.protection", { k })}
      </p>
      {view.surveyStatus === "open" && <p className="meta">{t("networkView.surveyOpen")}</p>}
      {view.mode === "members" ? (
        view.results.respondents === null ? (
          <TooFew k={k} />
        ) : (
          <>
            <p className="meta" data-testid="respondents">
              {t("networkView.respondents", { n: view.results.respondents })}
            </p>
            <Questions results={view.results} k={k} />
          </>
        )
      ) : (
        <>
          {view.results.respondents === 0 && <p className="alert alert-warning">{t("networkView.noOwnAnswer")}</p>}
          {!view.overall || view.overall.respondents === null ? (
            <>
              <TooFew k={k} />
              {/* Without everyone's distribution, the network still sees its own answers. */}
              {view.results.respondents !== 0 && <Questions results={view.results} k={1} />}
            </>
          ) : (
            <>
              <p className="meta" data-testid="respondents">
                {t("networkView.respondentsOwn", { n: view.overall.respondents })}
              </p>
              <Questions results={view.overall} k={k} own={view.results.respondents === 0 ? undefined : view.results} />
            </>
          )}
        </>
      )}
      <p className="meta">{t("networkView.hiddenNote", { k })}</p>
    </div>
  );
}

/**
 * A network's results behind its share link (no sign-in, no planner chrome): the members'
 * answers, or the network's own beside everyone's, with small cells hidden and explained; or a
 * clear page when the link is unknown or withdrawn.
 */
export function NetworkViewPage({ token }: { token: string }) {
  const { t } = useI18n();
  const [view, setView] = useState<NetworkView | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(() => {
    setError(null);
    api
      .get<NetworkView>(`/n/${encodeURIComponent(token)}`)
      .then(setView)
      .catch((caught: unknown) => setError(asLinkError(caught)));
  }, [token]);

  useEffect(load, [load]);
  useDocumentTitle(view ? t("networkView.title", { network: view.networkName }) : error ? t("networkView.errorTitle") : "");

  return (
    <PublicLayout brand={view?.organisationName} wide>
      {error ? <Problem error={error} onRetry={load} /> : view ? <View view={view} /> : <Loading />}
    </PublicLayout>
  );
}
