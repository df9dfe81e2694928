import type { SurveyDetail } from "../lib/api-types.ts";
import { useI18n } from "../lib/i18n.ts";
import { ImportReportList } from "./import-report-list.tsx";
import { ImportSourceNote } from "./import-source.tsx";

/**
 * In the builder of an imported survey: where it came from and, folded, the import's report,
 * so a planner can look up later what was not kept. Planners only.
 */
export function SurveyImportNote({ source }: { source: NonNullable<SurveyDetail["importSource"]> }) {
  const { t } = useI18n();
  const report = source.report ?? [];
  return (
    <div className="survey-import-note">
      <p>
        <ImportSourceNote source={source} /> · <span className="hint">{t("import.sourceHint")}</span>
      </p>
      {report.length > 0 && (
        <details>
          <summary>
            {t("import.reportHeading")} ({t("import.reportCount", { n: report.length })})
          </summary>
          <ImportReportList entries={report} />
        </details>
      )}
    </div>
  );
}
