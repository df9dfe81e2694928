import { useEffect, useMemo, useState } from "react";
import { useSearchParams } from "wouter";
import { useDirectoryChoices } from "../directory/use-directory-choices.ts";
import { GapMatrix } from "../gaps/gap-matrix.tsx";
import type { SurveyDetail } from "../lib/api-types.ts";
import { ErrorAlert } from "../lib/error-alert.tsx";
import { formatTime } from "../lib/format.ts";
import { useI18n } from "../lib/i18n.ts";
import { Loading } from "../lib/loading.tsx";
import { NetworkSharePanel } from "../sharing/network-share-panel.tsx";
import { TrendPanel } from "../waves/trend-panel.tsx";
import { CountTiles } from "./count-tiles.tsx";
import { CrossTablePanel } from "./cross-table-panel.tsx";
import { ExportPanel } from "./export-panel.tsx";
import { filterParts, filterSentence } from "./filter-description.ts";
import { FilterStatus } from "./filter-status.tsx";
import { groupingText } from "./group-by-select.tsx";
import { GroupsOverview } from "./groups-overview.tsx";
import { catalogueOf, type CatalogueQuestion } from "./question-catalogue.ts";
import { oneGroupAtATime } from "./one-group-at-a-time.ts";
import { ProtectedResultsView } from "./protected-results-view.tsx";
import { QuestionResult } from "./question-result.tsx";
import { ReportContext } from "./report-context.ts";
import { ReportHeader } from "./report-header.tsx";
import { ResultsControls } from "./results-controls.tsx";
import { filterOfView, isFiltered, paramsOfView, viewFromParams, withoutFilter, type ResultsView } from "./results-url.ts";
import { useResults } from "./use-results.ts";
import { usePrintableTables } from "./use-printable-tables.ts";
import "./results.css";
import "./results-print.css";

/**
 * "Ergebnisse": the response funnel, the filter bar (recipients' directory entries, the answer to
 * another question, a grouping), every question aggregated on the server with a chart fitting
 * its kind, a cross-table of two questions, exports and the printable report. What is filtered,
 * grouped and cross-tabulated lives in the address, so a view can be bookmarked or shared.
 */
export function ResultsPanel({ survey }: { survey: SurveyDetail }) {
  const i18n = useI18n();
  const { t, pick, lang } = i18n;
  const [searchParams, setSearchParams] = useSearchParams();
  const search = searchParams.toString();
  const view = useMemo(() => viewFromParams(new URLSearchParams(search)), [search]);
  const setView = (next: ResultsView) => setSearchParams(paramsOfView(next, new URLSearchParams(search)), { replace: true });

  const { results: loaded, takenAt, loading, stale, error, reload } = useResults(survey.id, view);
  // Pseudonymous and anonymous surveys come protected: aggregates only, small cells withheld.
  const protectedResults = loaded && "protection" in loaded ? loaded : null;
  const results = loaded && !("protection" in loaded) ? loaded : null;
  const { choices, error: choicesError } = useDirectoryChoices();
  const [catalogue, setCatalogue] = useState<CatalogueQuestion[]>([]);
  useEffect(() => {
    if (loaded) setCatalogue((previous) => catalogueOf(loaded.questions, previous));
  }, [loaded]);
  usePrintableTables();

  const filter = useMemo(() => filterOfView(view), [view]);
  const parts = filterParts(view, choices, catalogue, i18n);
  const filterText = isFiltered(view) ? filterSentence(parts) : null;
  const groupText = view.groupBy ? groupingText(view.groupBy, catalogue, t, pick) : null;
  const report = useMemo(
    () => ({ surveyId: survey.id, surveyTitle: survey.title, filter, filterText, takenAt }),
    [survey.id, survey.title, filter, filterText, takenAt],
  );
  const busy = loading && (stale || !loaded);

  return (
    <ReportContext.Provider value={report}>
      <div className="results results-report" aria-busy={busy}>
        <div className="toolbar">
          <h2>{t("results.title")}</h2>
          <button type="button" onClick={reload}>
            {t("common.refresh")}
          </button>
          <button type="button" onClick={() => window.print()} disabled={!results}>
            {t("resultsView.print")}
          </button>
          <p className="meta">{takenAt ? t("results.updated", { time: formatTime(takenAt, lang) }) : ""}</p>
        </div>
        {results && (
          <ReportHeader
            surveyTitle={survey.title}
            takenAt={takenAt}
            respondents={results.respondents}
            submitted={results.counts.submitted}
            filterText={filterText}
            groupText={groupText}
          />
        )}
        {loaded && <CountTiles counts={loaded.counts} />}
        {loaded?.pendingRelease && (
          <p className="alert alert-info" data-testid="pending-release">
            {t("results.pendingRelease", { n: loaded.pendingRelease.answers, batch: loaded.pendingRelease.batchSize })}
          </p>
        )}
        <ResultsControls
          view={view}
          choices={choices}
          choicesError={choicesError}
          catalogue={catalogue}
          onChange={(next) => setView(survey.privacyMode === "identified" ? next : oneGroupAtATime(view, next))}
        />
        <FilterStatus
          parts={isFiltered(view) ? parts : []}
          respondents={loaded?.respondents ?? null}
          submitted={loaded?.counts.submitted ?? null}
          busy={busy}
          onChange={setView}
          onReset={() => setView(withoutFilter(view))}
        />
        <ErrorAlert error={error} />
        {!loaded && !error && <Loading />}
        {protectedResults && (
          <div className={stale ? "results-body is-stale" : "results-body"}>
            <ExportPanel surveyId={survey.id} filter={null} matching={null} />
            <h2 className="results-questions-heading">{t("resultsView.questions")}</h2>
            <ProtectedResultsView results={protectedResults} />
            <GapMatrix surveyId={survey.id} />
            <TrendPanel surveyId={survey.id} />
            <div className="no-print">
              <NetworkSharePanel surveyId={survey.id} />
            </div>
          </div>
        )}
        {results && (
          <div className={stale ? "results-body is-stale" : "results-body"}>
            <ExportPanel surveyId={survey.id} filter={isFiltered(view) ? filter : null} matching={isFiltered(view) ? results.respondents : null} />
            <h2 className="results-questions-heading">{t("resultsView.questions")}</h2>
            {results.questions.length === 0 && <p className="empty">{t("results.noQuestions")}</p>}
            {results.questions.length > 0 && results.counts.submitted === 0 && (
              <p className="empty" data-testid="no-responses">
                {t("results.noneYet")}
              </p>
            )}
            {results.counts.submitted > 0 && results.respondents === 0 && (
              <p className="empty" data-testid="no-matches">
                {t("resultsView.noMatches")}
              </p>
            )}
            {results.groups && groupText && <GroupsOverview groups={results.groups} groupText={groupText} respondents={results.respondents} />}
            {results.respondents > 0 &&
              results.questions.map((question, index) => <QuestionResult key={question.name} question={question} position={index} groups={results.groups} />)}
            <CrossTablePanel surveyId={survey.id} cross={view.cross} filter={filter} catalogue={catalogue} onChange={(cross) => setView({ ...view, cross })} />
            <GapMatrix surveyId={survey.id} />
            <TrendPanel surveyId={survey.id} />
            <div className="no-print">
              <NetworkSharePanel surveyId={survey.id} />
            </div>
          </div>
        )}
      </div>
    </ReportContext.Provider>
  );
}
