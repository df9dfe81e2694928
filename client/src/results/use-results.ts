import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { api } from "../lib/api.ts";
import { useInterval } from "../lib/use-interval.ts";
import type { AnyResults, ResultsQuery } from "./result-types.ts";
import { filterOfView, type ResultsView } from "./results-url.ts";

const POLL_MS = 10_000;

export interface ResultsState {
  /** The latest figures; while a new view loads, still the previous view's (see `stale`). */
  results: AnyResults | null;
  /** When `results` were taken. */
  takenAt: Date | null;
  /** A request for the current view is under way. */
  loading: boolean;
  /** `results` belong to an earlier view (a filter just changed). */
  stale: boolean;
  error: unknown;
  reload: () => void;
}

/**
 * The results of a view (filter and grouping) from POST …/results/query, loaded again when the
 * view changes, on demand, when the window regains focus and every 10 seconds while visible.
 * Answers that arrive out of order are dropped, so a slow earlier filter never wins.
 */
export function useResults(surveyId: string, view: ResultsView): ResultsState {
  const body: ResultsQuery = useMemo(() => {
    const filter = filterOfView(view);
    return { filter, ...(view.groupBy ? { groupBy: view.groupBy } : {}) };
  }, [view]);
  const key = JSON.stringify(body);
  const [loaded, setLoaded] = useState<{ key: string; results: AnyResults; takenAt: Date } | null>(null);
  const [error, setError] = useState<{ key: string; error: unknown } | null>(null);
  const [loading, setLoading] = useState(true);
  const latest = useRef(0);

  const load = useCallback(() => {
    const request = ++latest.current;
    setLoading(true);
    api
      .post<AnyResults>(`/surveys/${surveyId}/results/query`, JSON.parse(key) as ResultsQuery)
      .then((results) => {
        if (request !== latest.current) return;
        setLoaded({ key, results, takenAt: new Date() });
        setError(null);
      })
      .catch((caught: unknown) => {
        if (request === latest.current) setError({ key, error: caught });
      })
      .finally(() => {
        if (request === latest.current) setLoading(false);
      });
  }, [surveyId, key]);

  useEffect(load, [load]);
  useEffect(() => {
    window.addEventListener("focus", load);
    return () => window.removeEventListener("focus", load);
  }, [load]);
  useInterval(() => {
    if (document.visibilityState === "visible") load();
  }, POLL_MS);

  const failedNow = error !== null && error.key === key;
  // A view the server refused (say, a bookmarked question that no longer exists) shows no figures.
  const results = loaded && (loaded.key === key || !failedNow) ? loaded.results : null;
  return {
    results,
    takenAt: results ? loaded!.takenAt : null,
    loading,
    stale: results !== null && loaded!.key !== key,
    error: error?.error ?? null,
    reload: load,
  };
}
