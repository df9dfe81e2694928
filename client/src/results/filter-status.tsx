import { useI18n } from "../lib/i18n.ts";
import type { FilterPart } from "./filter-description.ts";
import type { ResultsView } from "./results-url.ts";

/**
 * Says plainly whether a filter is on and how many respondents it leaves ("8 von 20"), shows each
 * chosen value as a chip that removes itself, and offers a reset. The count is a live region, so
 * a screen reader hears the new number after every change.
 */
export function FilterStatus({
  parts,
  respondents,
  submitted,
  busy,
  onChange,
  onReset,
}: {
  parts: FilterPart[];
  respondents: number | null;
  submitted: number | null;
  busy: boolean;
  onChange: (next: ResultsView) => void;
  onReset: () => void;
}) {
  const { t } = useI18n();
  const filtered = parts.length > 0;
  const count =
    respondents === null || submitted === null
      ? ""
      : filtered
        ? t("resultsView.matching", { n: respondents, total: submitted })
        : t("resultsView.allRespondents", { n: respondents });
  return (
    <div className={filtered ? "filter-status filter-active" : "filter-status"} data-testid="filter-status">
      {filtered && (
        <div className="filter-status-head">
          <strong>{t("resultsView.filterActive")}</strong>
          <ul className="directory-chips no-print" aria-label={t("resultsView.activeFilters")}>
            {parts.map((part) => (
              <li key={part.key}>
                <button
                  type="button"
                  className="directory-chip"
                  aria-label={t("resultsView.removeFilter", { label: `${part.criterion}: ${part.value}` })}
                  onClick={() => onChange(part.without)}
                >
                  <span className="meta">{part.criterion}:</span> {part.value} <span aria-hidden="true">×</span>
                </button>
              </li>
            ))}
            <li>
              <button type="button" className="button-small" onClick={onReset}>
                {t("resultsView.reset")}
              </button>
            </li>
          </ul>
        </div>
      )}
      <p className="filter-count" role="status" aria-live="polite" aria-atomic="true" data-testid="respondent-count">
        {busy ? t("resultsView.updating") : count}
      </p>
    </div>
  );
}
