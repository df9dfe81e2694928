import { useEffect, useId, useState } from "react";
import { api } from "../lib/api.ts";
import { ConfirmDialog } from "../lib/confirm-dialog.tsx";
import { ErrorAlert } from "../lib/error-alert.tsx";
import { useI18n } from "../lib/i18n.ts";
import { Loading } from "../lib/loading.tsx";
import { useDebouncedValue } from "../lib/use-debounced-value.ts";
import { EntryDialog } from "./entry-dialog.tsx";
import { EntryFilters, emptyCriteria, type Criteria } from "./entry-filters.tsx";
import { MembersDialog } from "./members-dialog.tsx";
import type { DirectoryEntry, DirectoryKind, DirectorySearchRequest, DirectorySearchResult } from "./directory-types.ts";
import type { DirectoryChoices } from "./use-directory-choices.ts";

const PAGE_SIZE = 50;
type Sort = NonNullable<DirectorySearchRequest["sort"]>;

interface EntryListProps {
  kind: DirectoryKind;
  choices: DirectoryChoices;
  /** Something changed that the counts, types or network lists show. */
  onChanged: () => void;
  /** Bumped by the page after an import, so the list reloads. */
  version: number;
}

/** The institutions or the networks: search, filters, a sortable, paged table, and create/edit/delete. */
export function EntryList({ kind, choices, onChanged, version }: EntryListProps) {
  const { t, pick } = useI18n();
  const id = useId();
  const searchInputId = `${id}-search`;
  const [criteria, setCriteria] = useState<Criteria>(emptyCriteria);
  const search = useDebouncedValue(criteria.search, 250);
  const [sort, setSort] = useState<Sort>("name");
  const [offset, setOffset] = useState(0);
  const [result, setResult] = useState<DirectorySearchResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [reloads, setReloads] = useState(0);
  const [notice, setNotice] = useState("");
  const [editing, setEditing] = useState<{ entry: DirectoryEntry | null } | null>(null);
  const [dialogKey, setDialogKey] = useState(0);
  const [membersOf, setMembersOf] = useState<DirectoryEntry | null>(null);
  const [membersKey, setMembersKey] = useState(0);
  const [deleting, setDeleting] = useState<DirectoryEntry | null>(null);

  const filter = { ...criteria, search: search.trim() || undefined, kind };
  const filterKey = JSON.stringify(filter);

  useEffect(() => setOffset(0), [filterKey, sort]);

  useEffect(() => {
    const controller = new AbortController();
    api
      .post<DirectorySearchResult>(
        "/directory/search",
        { filter: JSON.parse(filterKey), offset, limit: PAGE_SIZE, sort, direction: sort === "updated" ? "desc" : "asc" },
        { signal: controller.signal },
      )
      .then((loaded) => {
        setResult(loaded);
        setError(null);
      })
      .catch((caught) => {
        if (!(caught instanceof DOMException && caught.name === "AbortError")) setError(caught);
      });
    return () => controller.abort();
  }, [filterKey, offset, sort, reloads, version]);

  const refresh = () => {
    setReloads((count) => count + 1);
    onChanged();
  };

  function openEditor(entry: DirectoryEntry | null) {
    setDialogKey((key) => key + 1);
    setEditing({ entry });
  }

  function openMembers(entry: DirectoryEntry) {
    setMembersKey((key) => key + 1);
    setMembersOf(entry);
  }

  async function confirmDelete() {
    const entry = deleting;
    setDeleting(null);
    if (!entry) return;
    try {
      await api.delete(`/directory/entries/${entry.id}`);
      setNotice(t("directory.deleted", { name: entry.name }));
      refresh();
      document.getElementById(searchInputId)?.focus();
    } catch (caught) {
      setError(caught);
    }
  }

  const filtered = JSON.stringify({ ...criteria, search: criteria.search.trim() }) !== JSON.stringify(emptyCriteria);
  const total = result?.total ?? 0;

  return (
    <section aria-labelledby={`${id}-heading`} className="directory-section">
      <div className="toolbar">
        <h2 id={`${id}-heading`}>{kind === "institution" ? t("directory.tab.institutions") : t("directory.tab.networks")}</h2>
        <button type="button" className="button-primary" onClick={() => openEditor(null)}>
          {kind === "institution" ? t("directory.newInstitution") : t("directory.newNetwork")}
        </button>
      </div>
      <EntryFilters kind={kind} criteria={criteria} onChange={setCriteria} choices={choices} searchInputId={searchInputId} />
      <div className="toolbar directory-list-head">
        <p role="status" className="directory-count">
          {result ? t(kind === "institution" ? "directory.countInstitutions" : "directory.countNetworks", { n: total }) : ""}
        </p>
        <div className="field directory-sort">
          <label htmlFor={`${id}-sort`}>{t("directory.sort")}</label>
          <select id={`${id}-sort`} value={sort} onChange={(event) => setSort(event.target.value as Sort)}>
            <option value="name">{t("directory.sort.name")}</option>
            <option value="type">{t("directory.sort.type")}</option>
            <option value="district">{t("directory.sort.district")}</option>
            <option value="updated">{t("directory.sort.updated")}</option>
          </select>
        </div>
      </div>
      <p role="status" className="notice">
        {notice}
      </p>
      <ErrorAlert error={error} />
      {!result && !error && <Loading />}
      {result && result.entries.length === 0 && (
        <p className="empty">{filtered ? t("directory.noMatches") : t(kind === "institution" ? "directory.emptyInstitutions" : "directory.emptyNetworks")}</p>
      )}
      {result && result.entries.length > 0 && (
        <div className="table-scroll">
          <table className="directory-table">
            <caption className="visually-hidden">
              {kind === "institution" ? t("directory.tab.institutions") : t("directory.tab.networks")}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t("directory.col.name")}</th>
                <th scope="col">{t("directory.col.type")}</th>
                <th scope="col">{t("directory.col.district")}</th>
                <th scope="col">{t("directory.col.email")}</th>
                <th scope="col">{t("directory.col.lifePhases")}</th>
                <th scope="col">{kind === "institution" ? t("directory.col.networks") : t("directory.col.members")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("directory.col.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {result.entries.map((entry) => (
                <tr key={entry.id}>
                  <th scope="row">
                    {entry.name}
                    {entry.contactPerson && <span className="meta directory-contact">{entry.contactPerson}</span>}
                  </th>
                  <td>{entry.type}</td>
                  <td>{entry.districtName ?? ""}</td>
                  <td className="cell-break">
                    {entry.emails[0] ?? <span className="meta">{t("directory.noEmail")}</span>}
                    {entry.emails.length > 1 && <span className="meta"> {t("directory.moreEmails", { n: entry.emails.length - 1 })}</span>}
                  </td>
                  <td>
                    {entry.lifePhases.length > 0 && (
                      <ul className="tags">
                        {entry.lifePhases.map((phase) => {
                          const label = choices.facets.lifePhases.find((candidate) => candidate.id === phase)?.label;
                          return (
                            <li key={phase} className="tag">
                              {label ? pick(label) : phase}
                            </li>
                          );
                        })}
                      </ul>
                    )}
                  </td>
                  <td>
                    {kind === "institution" ? (
                      entry.networks.map((network) => network.name).join(", ")
                    ) : (
                      <button
                        type="button"
                        className="button-small"
                        aria-label={t("directory.membersNamed", { name: entry.name, n: entry.memberCount })}
                        onClick={() => openMembers(entry)}
                      >
                        {t("directory.membersButton", { n: entry.memberCount })}
                      </button>
                    )}
                  </td>
                  <td className="directory-actions">
                    <button type="button" className="button-small" aria-label={t("directory.editNamed", { name: entry.name })} onClick={() => openEditor(entry)}>
                      {t("directory.edit")}
                    </button>
                    <a
                      className="button button-small"
                      href={`/api/directory/entries/${entry.id}/data-export`}
                      download
                      aria-label={t("recipientExport.label", { name: entry.name })}
                    >
                      {t("recipientExport.button")}
                    </a>
                    <button
                      type="button"
                      className="button-small button-quiet button-danger"
                      aria-label={t("directory.deleteNamed", { name: entry.name })}
                      onClick={() => setDeleting(entry)}
                    >
                      {t("directory.delete")}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {result && total > PAGE_SIZE && (
        <nav className="actions directory-paging" aria-label={t("directory.paging")}>
          <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}>
            {t("directory.previous")}
          </button>
          <span>{t("directory.pageRange", { from: offset + 1, to: Math.min(total, offset + PAGE_SIZE), total })}</span>
          <button type="button" disabled={offset + PAGE_SIZE >= total} onClick={() => setOffset(offset + PAGE_SIZE)}>
            {t("directory.next")}
          </button>
        </nav>
      )}

      <EntryDialog
        key={`entry-${dialogKey}`}
        open={editing !== null}
        kind={kind}
        entry={editing?.entry ?? null}
        choices={choices}
        onClose={() => setEditing(null)}
        onSaved={(saved, created) => {
          setEditing(null);
          setNotice(t("directory.saved", { name: saved.name }));
          refresh();
          if (created && saved.kind === "network") openMembers(saved);
        }}
      />
      <MembersDialog
        key={`members-${membersKey}`}
        open={membersOf !== null}
        network={membersOf}
        onClose={() => setMembersOf(null)}
        onSaved={(count) => {
          setNotice(t("directory.membersSaved", { name: membersOf?.name ?? "", n: count }));
          setMembersOf(null);
          refresh();
        }}
      />
      <ConfirmDialog
        open={deleting !== null}
        title={deleting ? t("directory.deleteTitle", { name: deleting.name }) : ""}
        text={
          deleting
            ? t(deleting.kind === "institution" ? "directory.deleteTextInstitution" : "directory.deleteTextNetwork", { n: deleting.memberCount })
            : ""
        }
        confirmLabel={t("directory.delete")}
        onConfirm={confirmDelete}
        onCancel={() => setDeleting(null)}
      />
    </section>
  );
}
