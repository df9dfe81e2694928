import { useEffect, useRef, useState } from "react";
import { Link } from "wouter";
import type { CanonItem } from "../lib/api-types.ts";
import { useI18n } from "../lib/i18n.ts";
import { useDocumentTitle } from "../lib/use-document-title.ts";
import { ImportPanel } from "../questionnaire-import/import-panel.tsx";
import { CanonBrowser } from "./canon-browser.tsx";
import { takeCanonNotice } from "./canon-notice.ts";
import { reloadCanonFacets } from "./use-canon-facets.ts";
import { VersionHistoryDialog } from "./version-history-dialog.tsx";

/**
 * "Fragenkanon": the whole canon of the organisation, shipped and own items, with "Eigene Frage
 * anlegen", "Fragebogen importieren" (a new survey, its questions optionally into the canon), and per own item: edit (a new version), versions, retire.
 */
export function CanonPage() {
  const { t } = useI18n();
  useDocumentTitle(t("canonPage.title"));
  const [notice, setNotice] = useState("");
  const [importing, setImporting] = useState(false);
  const [reloadKey, setReloadKey] = useState(0);
  const [versionsOf, setVersionsOf] = useState<CanonItem | null>(null);
  const importButton = useRef<HTMLButtonElement>(null);

  // A message from the editor ("Die Frage wurde angelegt."): set after mounting, so the live
  // region announces it.
  useEffect(() => {
    const message = takeCanonNotice();
    if (message) requestAnimationFrame(() => setNotice(message));
  }, []);

  return (
    <>
      <h1>{t("canonPage.title")}</h1>
      <p className="lead">{t("canonPage.intro")}</p>
      <p className="alert alert-success notice-banner" role="status" hidden={!notice}>
        {notice}
      </p>
      <div className="actions">
        <Link href="/canon/new" className="button button-primary">
          {t("canonPage.create")}
        </Link>
        <button type="button" ref={importButton} aria-expanded={importing} onClick={() => setImporting((open) => !open)}>
          {t("canonPage.import")}
        </button>
      </div>
      {importing && (
        <ImportPanel
          onImported={() => {
            reloadCanonFacets();
            setReloadKey((key) => key + 1);
          }}
          onClose={() => {
            setImporting(false);
            requestAnimationFrame(() => importButton.current?.focus());
          }}
        />
      )}
      <CanonBrowser manage heading={t("canonPage.all")} reloadKey={reloadKey} onShowVersions={setVersionsOf} />
      <VersionHistoryDialog item={versionsOf} onClose={() => setVersionsOf(null)} />
    </>
  );
}
