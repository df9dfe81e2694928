import { Link } from "wouter";
import { useI18n } from "./i18n.ts";
import { useDocumentTitle } from "./use-document-title.ts";

/** Any address the app does not know: say so, and offer the way back. */
export function NotFoundPage() {
  const { t } = useI18n();
  useDocumentTitle(t("error.notFoundTitle"));
  return (
    <div className="card message-page">
      <h1>{t("error.notFoundTitle")}</h1>
      <p>{t("error.notFoundText")}</p>
      <p>
        <Link href="/">{t("error.toStart")}</Link>
      </p>
    </div>
  );
}
