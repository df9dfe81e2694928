import { useState } from "react";
import { Link } from "wouter";
import { ErrorAlert } from "../lib/error-alert.tsx";
import { useI18n, type MessageKey } from "../lib/i18n.ts";
import { Loading } from "../lib/loading.tsx";
import { NotFoundPage } from "../lib/not-found-page.tsx";
import { useSession } from "../lib/session.ts";
import { useDocumentTitle } from "../lib/use-document-title.ts";
import { DistrictsPanel } from "./districts-panel.tsx";
import { EntryList } from "./entry-list.tsx";
import { ImportWizard } from "./import-wizard.tsx";
import { useDirectoryChoices } from "./use-directory-choices.ts";

type DirectoryTab = "institutions" | "networks" | "districts";

const tabs: { tab: DirectoryTab; path: string; label: MessageKey }[] = [
  { tab: "institutions", path: "/directory", label: "directory.tab.institutions" },
  { tab: "networks", path: "/directory/networks", label: "directory.tab.networks" },
  { tab: "districts", path: "/directory/districts", label: "directory.tab.districts" },
];

function tabOf(value: string | undefined): DirectoryTab | null {
  if (value === undefined) return "institutions";
  return value === "networks" || value === "districts" ? value : null;
}

/**
 * Verzeichnis: the institutions and networks the organisation surveys, and its districts, each
 * section at its own address; import from CSV/Excel and export for Excel.
 */
export function DirectoryPage({ tab: tabParam }: { tab?: string }) {
  const { t } = useI18n();
  const tab = tabOf(tabParam);
  const current = tabs.find((entry) => entry.tab === tab) ?? tabs[0]!;
  useDocumentTitle(`${t(current.label)} · ${t("directory.title")}`);
  const session = useSession();
  const isAdmin = session.status === "signed-in" && session.me.user.role === "admin";
  const { choices, error, reload } = useDirectoryChoices();
  const [importOpen, setImportOpen] = useState(false);
  const [importKey, setImportKey] = useState(0);
  const [version, setVersion] = useState(0);

  if (!tab) return <NotFoundPage />;

  const countOf = (entry: (typeof tabs)[number]) => {
    if (!choices) return null;
    if (entry.tab === "institutions") return choices.facets.counts.institution;
    if (entry.tab === "networks") return choices.facets.counts.network;
    return choices.districts.length;
  };

  return (
    <>
      <div className="toolbar directory-head">
        <h1>{t("directory.title")}</h1>
        <div className="actions">
          <button
            type="button"
            onClick={() => {
              setImportKey((key) => key + 1);
              setImportOpen(true);
            }}
          >
            {t("directory.importButton")}
          </button>
          <a className="button" href="/api/directory/export?format=csv" download>
            {t("directory.exportCsv")}
          </a>
          <a className="button" href="/api/directory/export?format=xlsx" download>
            {t("directory.exportXlsx")}
          </a>
        </div>
      </div>
      <p className="lead">{t("directory.intro")}</p>
      <nav aria-label={t("directory.tabs")} className="tabs">
        <ul>
          {tabs.map((entry) => {
            const count = countOf(entry);
            return (
              <li key={entry.tab}>
                <Link href={entry.path} aria-current={entry.tab === tab ? "page" : undefined}>
                  {t(entry.label)}
                  {count !== null && <span className="meta"> ({count})</span>}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
      <ErrorAlert error={error} />
      {!choices && !error && <Loading />}
      {choices && tab === "institutions" && <EntryList key="institution" kind="institution" choices={choices} onChanged={reload} version={version} />}
      {choices && tab === "networks" && <EntryList key="network" kind="network" choices={choices} onChanged={reload} version={version} />}
      {tab === "districts" && <DistrictsPanel isAdmin={isAdmin} onChanged={reload} />}
      <ImportWizard
        key={importKey}
        open={importOpen}
        onClose={() => setImportOpen(false)}
        onImported={() => {
          reload();
          setVersion((value) => value + 1);
        }}
      />
    </>
  );
}
