import { useI18n } from "../lib/i18n.ts";
import { FieldFigures } from "./field-figures.tsx";
import type { PanelResult } from "./result-types.ts";

/**
 * A repeatable list (e.g. the offers): how many entries from how many respondents, then each
 * field aggregated over all entries like a question of its own (n counts entries there).
 */
export function PanelFigures({ question }: { question: Pick<PanelResult, "name" | "n" | "entries" | "fields"> }) {
  const { t, pick } = useI18n();
  return (
    <>
      <p className="panel-entries" data-testid="panel-entries">
        {t("resultsView.entries", { entries: question.entries, n: question.n })}
      </p>
      <div className="result-parts">
        {question.fields.map((field) => (
          <div key={field.name} className="result-part" data-field={field.name}>
            <h4>{pick(field.title)}</h4>
            <p className="meta">{t("resultsView.entriesAnswered", { n: field.n })}</p>
            <FieldFigures question={field} path={[question.name, field.name]} heading="h5" />
          </div>
        ))}
      </div>
    </>
  );
}
