import { useEffect, useId, useMemo, useRef, useState } from "react";
import { api } from "../lib/api.ts";
import { ErrorAlert } from "../lib/error-alert.tsx";
import { useI18n } from "../lib/i18n.ts";
import { Loading } from "../lib/loading.tsx";
import { ModalDialog } from "../lib/modal-dialog.tsx";
import type { DirectoryEntry, DirectorySearchResult, NetworkMember } from "./directory-types.ts";

const PAGE = 500;

/** Every institution of the organisation, page by page (a directory has hundreds, not millions). */
async function allInstitutions(): Promise<DirectoryEntry[]> {
  const entries: DirectoryEntry[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await api.post<DirectorySearchResult>("/directory/search", { filter: { kind: "institution" }, offset, limit: PAGE });
    entries.push(...page.entries);
    if (entries.length >= page.total || page.entries.length === 0) return entries;
  }
}

interface MembersDialogProps {
  open: boolean;
  network: DirectoryEntry | null;
  onClose: () => void;
  onSaved: (count: number) => void;
}

/** A network's members: search the institutions and tick those that take part. */
export function MembersDialog({ open, network, onClose, onSaved }: MembersDialogProps) {
  const { t } = useI18n();
  const id = useId();
  const searchInput = useRef<HTMLInputElement>(null);
  const [institutions, setInstitutions] = useState<DirectoryEntry[] | null>(null);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [query, setQuery] = useState("");
  const [onlyChosen, setOnlyChosen] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!network) return;
    Promise.all([allInstitutions(), api.get<{ members: NetworkMember[] }>(`/directory/entries/${network.id}/members`)])
      .then(([all, { members }]) => {
        setInstitutions(all);
        setChosen(new Set(members.map((member) => member.id)));
      })
      .catch(setError);
  }, [network]);

  const visible = useMemo(() => {
    const needle = query.trim().toLowerCase();
    return (institutions ?? []).filter(
      (institution) =>
        (!onlyChosen || chosen.has(institution.id)) &&
        (!needle || [institution.name, institution.type, institution.districtName ?? ""].some((text) => text.toLowerCase().includes(needle))),
    );
  }, [institutions, query, onlyChosen, chosen]);

  async function save() {
    if (!network) return;
    setBusy(true);
    setError(null);
    try {
      const { members } = await api.put<{ members: NetworkMember[] }>(`/directory/entries/${network.id}/members`, { memberIds: [...chosen] });
      onSaved(members.length);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  const toggle = (memberId: string, on: boolean) =>
    setChosen((current) => {
      const next = new Set(current);
      if (on) next.add(memberId);
      else next.delete(memberId);
      return next;
    });

  return (
    <ModalDialog open={open} title={network ? t("directory.membersTitle", { name: network.name }) : ""} onClose={onClose} wide initialFocus={searchInput}>
      <div className="field-row members-tools">
        <div className="field">
          <label htmlFor={`${id}-search`}>{t("directory.membersSearch")}</label>
          <input ref={searchInput} id={`${id}-search`} type="search" value={query} autoComplete="off" onChange={(event) => setQuery(event.target.value)} />
        </div>
        <label className="check">
          <input type="checkbox" checked={onlyChosen} onChange={(event) => setOnlyChosen(event.target.checked)} />
          {t("directory.membersOnlyChosen")}
        </label>
      </div>
      <p role="status" className="meta">
        {t("directory.membersChosen", { n: chosen.size })}
        {institutions && query.trim() ? ` · ${t("directory.found", { n: visible.length })}` : ""}
      </p>
      {!institutions && !error && <Loading />}
      {institutions && (
        <fieldset className="members-list">
          <legend className="visually-hidden">{t("directory.membersLegend")}</legend>
          {institutions.length === 0 && <p className="hint">{t("directory.membersNoInstitutions")}</p>}
          {institutions.length > 0 && visible.length === 0 && <p className="hint">{t("directory.membersNone")}</p>}
          {visible.map((institution) => (
            <label key={institution.id} className="check">
              <input type="checkbox" checked={chosen.has(institution.id)} onChange={(event) => toggle(institution.id, event.target.checked)} />
              <span>
                {institution.name}
                {(institution.type || institution.districtName) && (
                  <span className="meta"> · {[institution.type, institution.districtName].filter(Boolean).join(" · ")}</span>
                )}
              </span>
            </label>
          ))}
        </fieldset>
      )}
      <ErrorAlert error={error} />
      <div className="actions">
        <button type="button" className="button-primary" onClick={save} disabled={busy || !institutions}>
          {busy ? t("directory.saving") : t("common.save")}
        </button>
        <button type="button" onClick={onClose}>
          {t("common.cancel")}
        </button>
      </div>
    </ModalDialog>
  );
}
