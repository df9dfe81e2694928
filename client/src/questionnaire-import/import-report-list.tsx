import { useI18n } from "../lib/i18n.ts";
import type { ImportReportEntry } from "../lib/api-types.ts";

/**
 * The import's report: per question (or for the survey as a whole) what was left out, not kept
 * or adjusted, and why, in the planner's language.
 */
export function ImportReportList({ entries, headingLevel }: { entries: ImportReportEntry[]; /** Without one, the list has no heading (e.g. inside a <details> whose summary names it). */ headingLevel?: 2 | 3 | 4 }) {
  const { t, pick } = useI18n();
  const Heading = `h${headingLevel ?? 3}` as "h2" | "h3" | "h4";
  return (
    <section className="import-report" aria-label={t("import.reportHeading")}>
      {headingLevel && (
        <Heading>
          {t("import.reportHeading")} ({t("import.reportCount", { n: entries.length })})
        </Heading>
      )}
      {entries.length === 0 ? (
        <p>{t("import.reportNone")}</p>
      ) : (
        <ul>
          {entries.map((entry, index) => (
            <li key={index}>
              <strong>{entry.question ? <code>{entry.question}</code> : t("import.reportSurvey")}</strong>
              {" – "}
              {t(`import.action.${entry.action}`)}
              {entry.property && (
                <>
                  {" "}
                  (<code>{entry.property}</code>)
                </>
              )}
              : {pick(entry.reason)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
