import { useState } from "react";
import type { CanonItem } from "../lib/api-types.ts";
import { useI18n } from "../lib/i18n.ts";
import { CanonItemCard } from "./canon-item-card.tsx";
import type { CanonLabels } from "./canon-labels.ts";

interface CanonModuleGroupProps {
  moduleId: string;
  /** The items of the module that match the filters. */
  items: CanonItem[];
  /** All (visible) items of the module, from the facets. */
  moduleSize?: number;
  labels: CanonLabels;
  pickedIds?: ReadonlySet<string>;
  onAdd?: (item: CanonItem) => void;
  onAddModule?: (moduleId: string) => Promise<void>;
  manage: boolean;
  onChanged: () => void;
  onShowVersions?: (item: CanonItem) => void;
  /** Open at first: while searching or filtering; browsing the whole canon starts with the titles. */
  expanded: boolean;
}

/** The hits of one module under its title, with "Ganzes Modul hinzufügen" in the compose view. */
export function CanonModuleGroup(props: CanonModuleGroupProps) {
  const { moduleId, items, labels, pickedIds } = props;
  const { t, pick } = useI18n();
  const [adding, setAdding] = useState(false);
  const [open, setOpen] = useState(props.expanded);
  const [openedFor, setOpenedFor] = useState(props.expanded);
  // A new search or filter opens (or closes) every group again.
  if (openedFor !== props.expanded) {
    setOpenedFor(props.expanded);
    setOpen(props.expanded);
  }
  const [error, setError] = useState("");
  const first = items[0]!;
  const title = pick(first.moduleTitle);
  const headingId = `canon-module-${moduleId.replace(/[^A-Za-z0-9_-]/g, "-")}`;
  const pickedHere = items.filter((item) => pickedIds?.has(item.itemId)).length;
  const everythingPicked = pickedHere === items.length && (props.moduleSize === undefined || props.moduleSize <= items.length);

  async function addModule() {
    if (!props.onAddModule) return;
    setAdding(true);
    setError("");
    try {
      await props.onAddModule(moduleId);
    } catch {
      setError(t("canon.addModuleFailed"));
    } finally {
      setAdding(false);
    }
  }

  return (
    <div className="canon-module" role="group" aria-labelledby={headingId}>
      <div className="canon-module-head">
        <h3 id={headingId}>
          <button
            type="button"
            className="module-toggle"
            aria-expanded={open}
            aria-controls={`${headingId}-items`}
            onClick={() => setOpen((current) => !current)}
          >
            <span className="module-toggle-icon" aria-hidden="true">
              {open ? "▾" : "▸"}
            </span>
            {title} <span className="meta">· {labels.questionnaire(first.questionnaire)} · {t("canon.moduleCount", { n: items.length })}</span>
          </button>
        </h3>
        {props.onAddModule && (
          <button
            type="button"
            className="button-small"
            disabled={adding || everythingPicked}
            aria-label={everythingPicked ? `${t("canon.moduleAdded")}: ${title}` : t("canon.addModuleLabel", { module: title })}
            onClick={() => void addModule()}
          >
            {everythingPicked ? t("canon.moduleAdded") : t("canon.addModule")}
          </button>
        )}
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <ul className="canon-list" id={`${headingId}-items`} hidden={!open}>
        {items.map((item) => (
          <CanonItemCard
            key={item.itemId}
            item={item}
            labels={labels}
            picked={pickedIds?.has(item.itemId) ?? false}
            onAdd={props.onAdd}
            manage={props.manage}
            onChanged={props.onChanged}
            onShowVersions={props.onShowVersions}
          />
        ))}
      </ul>
    </div>
  );
}
