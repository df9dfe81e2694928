import { useI18n } from "./i18n.ts";

/** A quiet "loading" line, announced politely (a page never stays blank while it waits). */
export function Loading() {
  const { t } = useI18n();
  return (
    <p className="loading" role="status">
      {t("common.loading")}
    </p>
  );
}
