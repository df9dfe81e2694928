import { formatDate } from "../lib/format.ts";
import { useI18n } from "../lib/i18n.ts";

export interface ImportSourceInfo {
  format: "surveyjs" | "limesurvey" | "xlsform";
  fileName: string;
  importedAt: string;
  questionName?: string;
}

/**
 * Where an imported survey or canon item came from ("Importiert aus „jugend.json“ (SurveyJS) am
 * 7.12.2026"). Planners see it in the builder and the canon browser; respondents never do.
 */
export function ImportSourceNote({ source }: { source: ImportSourceInfo }) {
  const { t, lang } = useI18n();
  const values = { file: source.fileName, format: t(`import.format.${source.format}`), date: formatDate(source.importedAt.slice(0, 10), lang) };
  return (
    <span className="meta import-source" title={t("import.sourceHint")}>
      {source.questionName ? t("import.sourceQuestion", { ...values, name: source.questionName }) : t("import.source", values)}
    </span>
  );
}
