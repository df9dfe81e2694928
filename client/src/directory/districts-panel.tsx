import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from "react";
import { api } from "../lib/api.ts";
import { ConfirmDialog } from "../lib/confirm-dialog.tsx";
import { ErrorAlert } from "../lib/error-alert.tsx";
import { useI18n } from "../lib/i18n.ts";
import { Loading } from "../lib/loading.tsx";
import type { District } from "./directory-types.ts";

interface DistrictsPanelProps {
  isAdmin: boolean;
  /** Districts changed: the filters and forms of the other tabs offer them. */
  onChanged: () => void;
}

/**
 * The organisation's districts (Sozialräume) in their order, with how many entries lie in each.
 * Admins add, rename, move and delete them; deleting keeps the entries, without a district.
 */
export function DistrictsPanel({ isAdmin, onChanged }: DistrictsPanelProps) {
  const { t } = useI18n();
  const id = useId();
  const addInput = useRef<HTMLInputElement>(null);
  const [districts, setDistricts] = useState<District[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState("");
  const [newName, setNewName] = useState("");
  const [renaming, setRenaming] = useState<{ id: string; name: string } | null>(null);
  const [deleting, setDeleting] = useState<District | null>(null);
  const [busy, setBusy] = useState(false);
  // The element to focus once the table shows the change (a moved row's arrow, the rename button).
  const [focusId, setFocusId] = useState<string | null>(null);

  useEffect(() => {
    if (!focusId) return;
    const element = document.getElementById(focusId);
    if (element) {
      element.focus();
      setFocusId(null);
    }
  });

  const load = useCallback(() => {
    api
      .get<{ districts: District[] }>("/directory/districts")
      .then(({ districts: loaded }) => setDistricts(loaded))
      .catch(setError);
  }, []);
  useEffect(load, [load]);

  async function run(action: () => Promise<void>, message: string) {
    setBusy(true);
    setError(null);
    try {
      await action();
      setNotice(message);
      onChanged();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  async function add(event: FormEvent) {
    event.preventDefault();
    const name = newName.trim();
    if (!name) return;
    await run(async () => {
      await api.post("/directory/districts", { name });
      setNewName("");
      load();
      addInput.current?.focus();
    }, t("directory.districts.added", { name }));
  }

  async function rename(event: FormEvent) {
    event.preventDefault();
    if (!renaming) return;
    const target = renaming;
    await run(async () => {
      await api.patch(`/directory/districts/${target.id}`, { name: target.name.trim() });
      setRenaming(null);
      load();
      setFocusId(`${id}-rename-${target.id}`);
    }, t("directory.districts.renamed", { name: target.name.trim() }));
  }

  async function move(index: number, direction: -1 | 1) {
    if (!districts) return;
    const order = districts.map((district) => district.id);
    const [moved] = order.splice(index, 1);
    order.splice(index + direction, 0, moved!);
    const district = districts[index]!;
    await run(async () => {
      const { districts: reordered } = await api.put<{ districts: District[] }>("/directory/districts/order", { ids: order });
      setDistricts(reordered);
      // Keep the focus on the same arrow, or on the other one once the district reached an end.
      const newIndex = index + direction;
      const atEnd = newIndex === 0 || newIndex === order.length - 1;
      const arrow = direction < 0 ? (atEnd ? "down" : "up") : atEnd ? "up" : "down";
      setFocusId(`${id}-${arrow}-${district.id}`);
    }, t("directory.districts.moved", { name: district.name, n: index + direction + 1 }));
  }

  async function confirmDelete() {
    const district = deleting;
    setDeleting(null);
    if (!district) return;
    await run(async () => {
      await api.delete(`/directory/districts/${district.id}`);
      load();
      addInput.current?.focus();
    }, t("directory.districts.deleted", { name: district.name }));
  }

  return (
    <section aria-labelledby={`${id}-heading`} className="directory-section">
      <h2 id={`${id}-heading`}>{t("directory.tab.districts")}</h2>
      <p className="hint">{t("directory.districts.intro")}</p>
      {!isAdmin && <p className="alert alert-info">{t("directory.districts.adminOnly")}</p>}
      <p role="status" className="notice">
        {notice}
      </p>
      <ErrorAlert error={error} />
      {!districts && !error && <Loading />}
      {districts && districts.length === 0 && <p className="empty">{t("directory.districts.empty")}</p>}
      {districts && districts.length > 0 && (
        <div className="table-scroll">
          <table className="directory-table">
            <caption className="visually-hidden">{t("directory.tab.districts")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("directory.col.position")}</th>
                <th scope="col">{t("directory.col.name")}</th>
                <th scope="col" className="number">
                  {t("directory.col.entries")}
                </th>
                {isAdmin && (
                  <th scope="col">
                    <span className="visually-hidden">{t("directory.col.actions")}</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {districts.map((district, index) => (
                <tr key={district.id}>
                  <td>{index + 1}</td>
                  <th scope="row">
                    {renaming?.id === district.id ? (
                      <form className="inline-add" onSubmit={rename}>
                        <div className="field">
                          <label htmlFor={`${id}-name-${district.id}`} className="visually-hidden">
                            {t("directory.districts.newNameFor", { name: district.name })}
                          </label>
                          <input
                            id={`${id}-name-${district.id}`}
                            type="text"
                            value={renaming.name}
                            maxLength={200}
                            autoFocus
                            onChange={(event) => setRenaming({ id: district.id, name: event.target.value })}
                            onKeyDown={(event) => {
                              if (event.key === "Escape") {
                                setRenaming(null);
                                setFocusId(`${id}-rename-${district.id}`);
                              }
                            }}
                          />
                        </div>
                        <button type="submit" className="button-small button-primary" disabled={busy || !renaming.name.trim()}>
                          {t("common.save")}
                        </button>
                        <button
                          type="button"
                          className="button-small"
                          onClick={() => {
                            setRenaming(null);
                            setFocusId(`${id}-rename-${district.id}`);
                          }}
                        >
                          {t("common.cancel")}
                        </button>
                      </form>
                    ) : (
                      district.name
                    )}
                  </th>
                  <td className="number">{district.entryCount}</td>
                  {isAdmin && (
                    <td className="directory-actions">
                      <button
                        type="button"
                        id={`${id}-up-${district.id}`}
                        className="button-small"
                        disabled={index === 0}
                        aria-label={t("directory.districts.moveUp", { name: district.name })}
                        onClick={() => move(index, -1)}
                      >
                        <span aria-hidden="true">↑</span>
                      </button>
                      <button
                        type="button"
                        id={`${id}-down-${district.id}`}
                        className="button-small"
                        disabled={index === districts.length - 1}
                        aria-label={t("directory.districts.moveDown", { name: district.name })}
                        onClick={() => move(index, 1)}
                      >
                        <span aria-hidden="true">↓</span>
                      </button>
                      <button
                        type="button"
                        id={`${id}-rename-${district.id}`}
                        className="button-small"
                        aria-label={t("directory.districts.renameNamed", { name: district.name })}
                        onClick={() => setRenaming({ id: district.id, name: district.name })}
                      >
                        {t("directory.districts.rename")}
                      </button>
                      <button
                        type="button"
                        className="button-small button-quiet button-danger"
                        aria-label={t("directory.deleteNamed", { name: district.name })}
                        onClick={() => setDeleting(district)}
                      >
                        {t("directory.delete")}
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {isAdmin && (
        <form className="inline-add" onSubmit={add}>
          <div className="field">
            <label htmlFor={`${id}-new`}>{t("directory.districts.name")}</label>
            <input ref={addInput} id={`${id}-new`} type="text" value={newName} maxLength={200} onChange={(event) => setNewName(event.target.value)} />
          </div>
          <button type="submit" className="button-primary" disabled={busy || !newName.trim()}>
            {t("directory.districts.add")}
          </button>
        </form>
      )}
      <ConfirmDialog
        open={deleting !== null}
        title={deleting ? t("directory.districts.deleteTitle", { name: deleting.name }) : ""}
        text={deleting ? t("directory.districts.deleteText", { n: deleting.entryCount }) : ""}
        confirmLabel={t("directory.delete")}
        onConfirm={confirmDelete}
        onCancel={() => setDeleting(null)}
      />
    </section>
  );
}
