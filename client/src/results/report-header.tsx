import { formatDateTime } from "../lib/format.ts";
import { useI18n } from "../lib/i18n.ts";

/**
 * The printed report's title block (hidden on screen): the survey, when the figures were taken,
 * how many responses they rest on, and the filter and grouping they are under.
 */
export function ReportHeader({
  surveyTitle,
  takenAt,
  respondents,
  submitted,
  filterText,
  groupText,
}: {
  surveyTitle: string;
  takenAt: Date | null;
  respondents: number;
  submitted: number;
  filterText: string | null;
  groupText: string | null;
}) {
  const { t, lang } = useI18n();
  return (
    <header className="report-header print-only" data-testid="report-header">
      <p className="report-kicker">{t("resultsView.report")}</p>
      <p className="report-title">{surveyTitle}</p>
      <dl className="report-facts">
        <div>
          <dt>{t("resultsView.reportDate")}</dt>
          <dd>{takenAt ? formatDateTime(takenAt.toISOString(), lang) : "–"}</dd>
        </div>
        <div>
          <dt>{t("resultsView.reportRespondents")}</dt>
          <dd>{filterText ? t("resultsView.matching", { n: respondents, total: submitted }) : t("resultsView.allRespondents", { n: respondents })}</dd>
        </div>
        <div>
          <dt>{t("resultsView.reportFilter")}</dt>
          <dd>{filterText ?? t("resultsView.reportNoFilter")}</dd>
        </div>
        {groupText && (
          <div>
            <dt>{t("resultsView.groupBy")}</dt>
            <dd>{groupText}</dd>
          </div>
        )}
      </dl>
    </header>
  );
}
