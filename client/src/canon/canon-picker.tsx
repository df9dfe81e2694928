import { useEffect, useId, useState } from "react";
import { api } from "../lib/api.ts";
import type { CanonItem } from "../lib/api-types.ts";
import { ErrorAlert } from "../lib/error-alert.tsx";
import { isMessageKey, useI18n } from "../lib/i18n.ts";
import { useDebouncedValue } from "../lib/use-debounced-value.ts";

interface CanonPickerProps {
  pickedIds: ReadonlySet<string>;
  onAdd: (item: CanonItem) => void;
}

const SEARCH_DEBOUNCE_MS = 300;
const knownQuestionnaires = ["network", "actor", "municipal", "standards"];

/**
 * The searchable canon: a search box (German-aware search on the server), a questionnaire
 * filter and the matching questions with "Hinzufügen". The number of hits is announced politely,
 * so screen-reader users know the list changed while they type.
 */
export function CanonPicker({ pickedIds, onAdd }: CanonPickerProps) {
  const { t, pick } = useI18n();
  const searchId = useId();
  const hintId = useId();
  const filterId = useId();
  const [query, setQuery] = useState("");
  const [questionnaire, setQuestionnaire] = useState("");
  const [items, setItems] = useState<CanonItem[] | null>(null);
  const [questionnaires, setQuestionnaires] = useState<string[]>(knownQuestionnaires);
  const [error, setError] = useState<unknown>(null);
  const debouncedQuery = useDebouncedValue(query.trim(), SEARCH_DEBOUNCE_MS);

  useEffect(() => {
    const controller = new AbortController();
    const parameters = new URLSearchParams();
    if (debouncedQuery) parameters.set("q", debouncedQuery);
    if (questionnaire) parameters.set("questionnaire", questionnaire);
    api
      .get<{ items: CanonItem[] }>(`/canon/items?${parameters}`, { signal: controller.signal })
      .then((answer) => {
        setItems(answer.items);
        setError(null);
        if (!questionnaire) {
          setQuestionnaires((known) => [...new Set([...known, ...answer.items.map((item) => item.questionnaire)])]);
        }
      })
      .catch((caught: unknown) => {
        if (!(caught instanceof DOMException && caught.name === "AbortError")) setError(caught);
      });
    return () => controller.abort();
  }, [debouncedQuery, questionnaire]);

  const questionnaireLabel = (code: string) => {
    const key = `canon.q.${code}`;
    return isMessageKey(key) ? t(key) : code;
  };

  return (
    <section className="card canon" aria-labelledby="canon-heading">
      <h2 id="canon-heading">{t("canon.title")}</h2>
      <div className="canon-filters">
        <div className="field">
          <label htmlFor={searchId}>{t("canon.search")}</label>
          <p className="hint" id={hintId}>
            {t("canon.searchHint")}
          </p>
          <input
            id={searchId}
            type="search"
            aria-describedby={hintId}
            value={query}
            autoComplete="off"
            onChange={(event) => setQuery(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={filterId}>{t("canon.questionnaire")}</label>
          <select id={filterId} value={questionnaire} onChange={(event) => setQuestionnaire(event.target.value)}>
            <option value="">{t("canon.allQuestionnaires")}</option>
            {questionnaires.map((code) => (
              <option key={code} value={code}>
                {questionnaireLabel(code)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <ErrorAlert error={error} />
      <p role="status" aria-live="polite" className="meta">
        {items && (items.length === 0 ? t("canon.none") : t("canon.found", { n: items.length }))}
      </p>
      {items && items.length > 0 && (
        <ul className="canon-list">
          {items.map((item) => {
            const title = pick(item.title);
            const picked = pickedIds.has(item.itemId);
            const typeKey = `type.${item.type}`;
            return (
              <li key={item.itemId} className="canon-item">
                <div className="canon-text">
                  <span className="canon-title">{title}</span>
                  <span className="meta">
                    {questionnaireLabel(item.questionnaire)} · {pick(item.moduleTitle)} · {isMessageKey(typeKey) ? t(typeKey) : item.type}
                  </span>
                </div>
                <button
                  type="button"
                  className={picked ? "button-quiet" : undefined}
                  disabled={picked}
                  aria-label={picked ? `${t("canon.added")}: ${title}` : t("canon.addLabel", { title })}
                  onClick={() => onAdd(item)}
                >
                  {picked ? t("canon.added") : t("canon.add")}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
