import { useEffect, useId, useState } from "react";
import { api } from "../lib/api.ts";
import { ErrorAlert } from "../lib/error-alert.tsx";
import { useI18n } from "../lib/i18n.ts";
import { useDebouncedValue } from "../lib/use-debounced-value.ts";
import { useReport } from "./report-context.ts";
import type { QueryResults, TextResult, TopQuestion } from "./result-types.ts";
import { TextAnswers } from "./text-answers.tsx";

/** Most texts fetched per search. */
const SEARCH_LIMIT = 200;

/**
 * The text result at a path of names from a top-level question: the question itself, an item of
 * a multiple-text question, or a field of a repeatable list (and an item inside it).
 */
export function findText(question: TopQuestion | undefined, path: string[]): TextResult | undefined {
  let current: { kind: string; name: string; items?: unknown; fields?: unknown } | undefined = question;
  for (const name of path.slice(1)) {
    const children = (current?.kind === "multipletext" ? current.items : current?.kind === "paneldynamic" ? current.fields : []) as { kind: string; name: string }[];
    current = children.find((child) => child.name === name);
  }
  return current?.kind === "text" ? (current as TextResult) : undefined;
}

/**
 * Free-text answers, newest first, with a search box: a search asks the server (`q`) under the
 * page's filter, so it finds every matching text, not only the ones already loaded.
 */
export function TextFigures({ question, title, path }: { question: TextResult; title: string; path: string[] }) {
  const { t } = useI18n();
  const { surveyId, filter } = useReport();
  const id = useId();
  const [search, setSearch] = useState("");
  const query = useDebouncedValue(search.trim(), 300);
  const [found, setFound] = useState<{ query: string; result: TextResult } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!query) {
      setFound(null);
      setError(null);
      return;
    }
    const controller = new AbortController();
    setBusy(true);
    api
      .post<QueryResults>(`/surveys/${surveyId}/results/query`, { filter, questions: [path[0]], q: query, textLimit: SEARCH_LIMIT }, { signal: controller.signal })
      .then((answer) => {
        const result = findText(answer.questions[0], path);
        if (result) setFound({ query, result });
        setError(null);
      })
      .catch((caught: unknown) => {
        if (!controller.signal.aborted) setError(caught);
      })
      .finally(() => {
        if (!controller.signal.aborted) setBusy(false);
      });
    return () => controller.abort();
    // The path is fixed for a question; its array identity is not.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [query, surveyId, filter, path.join("\u0000")]);

  const shown = found && found.query === query ? found.result : question;
  return (
    <div className="text-result">
      {question.total > 0 && (
        <div className="field text-search no-print">
          <label htmlFor={`${id}-search`}>{t("resultsView.textSearch")}</label>
          <input
            id={`${id}-search`}
            type="search"
            value={search}
            autoComplete="off"
            aria-describedby={`${id}-count`}
            onChange={(event) => setSearch(event.target.value)}
          />
        </div>
      )}
      <p className="meta" id={`${id}-count`} role="status" aria-busy={busy}>
        {query && found?.query === query
          ? t("resultsView.textsFound", { shown: shown.texts.length, total: shown.total, query })
          : shown.texts.length < shown.total
            ? t("resultsView.textsShown", { shown: shown.texts.length, total: shown.total })
            : t("resultsView.textsCount", { n: shown.total })}
      </p>
      <ErrorAlert error={error} />
      <TextAnswers texts={shown.texts} label={t("resultsView.textsOf", { title })} />
    </div>
  );
}
