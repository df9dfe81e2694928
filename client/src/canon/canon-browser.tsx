import { useCallback, useEffect, useMemo, useState, type ReactNode } from "react";
import { api } from "../lib/api.ts";
import type { CanonItem } from "../lib/api-types.ts";
import { ErrorAlert } from "../lib/error-alert.tsx";
import { useI18n } from "../lib/i18n.ts";
import { useDebouncedValue } from "../lib/use-debounced-value.ts";
import { CanonFilters, emptyFilter, type CanonFilter } from "./canon-filters.tsx";
import { canonLabels } from "./canon-labels.ts";
import { CanonModuleGroup } from "./canon-module-group.tsx";
import { useCanonFacets } from "./use-canon-facets.ts";

export interface CanonBrowserProps {
  /** Items already in the survey (their "Hinzufügen" reads "Hinzugefügt"). */
  pickedIds?: ReadonlySet<string>;
  /** Given in the compose view: "Hinzufügen". */
  onAdd?: (item: CanonItem) => void;
  /** Given in the compose view: "Ganzes Modul hinzufügen". */
  onAddMany?: (items: CanonItem[]) => void;
  /** Shown above the filters (the compose view: which page new questions go to). */
  addTarget?: ReactNode;
  searchInputId?: string;
  /** The organisation canon page: editing, versions and retiring own items, showing retired ones. */
  manage?: boolean;
  /** Changes when items were created or changed elsewhere on the page, to load them again. */
  reloadKey?: number;
  /** Opens the version history of an item (canon page). */
  onShowVersions?: (item: CanonItem) => void;
  heading?: string;
}

const SEARCH_DEBOUNCE_MS = 300;

function queryOf(filter: CanonFilter, q: string): string {
  const parameters = new URLSearchParams();
  if (q) parameters.set("q", q);
  for (const key of ["questionnaire", "module", "lifePhase", "fieldOfAction", "topic"] as const) {
    if (filter[key]) parameters.set(key, filter[key]);
  }
  if (!filter.includeGeneral && (filter.lifePhase || filter.fieldOfAction)) parameters.set("includeGeneral", "false");
  if (filter.includeRetired) parameters.set("includeRetired", "true");
  return parameters.toString();
}

/**
 * How many of the found items are general: found under the chosen life phase or field of action
 * only because they are tagged "all". Null when neither filter is set.
 */
function generalCountOf(items: CanonItem[], filter: CanonFilter): number | null {
  if (!filter.lifePhase && !filter.fieldOfAction) return null;
  const specific = (item: CanonItem) =>
    (!filter.lifePhase || (item.tags.lifePhases !== "all" && item.tags.lifePhases.includes(filter.lifePhase))) &&
    (!filter.fieldOfAction || (item.tags.fieldsOfAction !== "all" && item.tags.fieldsOfAction.includes(filter.fieldOfAction)));
  return items.filter((item) => !specific(item)).length;
}

/**
 * The canon browser, in the compose view and on the organisation canon page: filters for
 * questionnaire, module, life phase, field of action and topic, a search box (German-aware on
 * the server, sent once typing pauses), and the matching items grouped by module. The number of
 * hits is announced politely, so screen-reader users know the list changed while they type.
 */
export function CanonBrowser(props: CanonBrowserProps) {
  const { pickedIds, onAdd, onAddMany, manage = false, reloadKey = 0 } = props;
  const i18n = useI18n();
  const { t } = i18n;
  const { facets, error: facetsError, reload: reloadFacets } = useCanonFacets();
  const labels = useMemo(() => canonLabels(facets, { t: i18n.t, pick: i18n.pick }), [facets, i18n.t, i18n.pick]);
  const [filter, setFilter] = useState<CanonFilter>(emptyFilter);
  const [items, setItems] = useState<CanonItem[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [ownReload, setOwnReload] = useState(0);
  const debouncedQuery = useDebouncedValue(filter.q.trim(), SEARCH_DEBOUNCE_MS);
  const query = queryOf(filter, debouncedQuery);
  const filtering = query.replace(/(^|&)includeRetired=true/, "") !== "";
  const generalCount = items ? generalCountOf(items, filter) : null;

  useEffect(() => {
    const controller = new AbortController();
    api
      .get<{ items: CanonItem[] }>(`/canon/items?${query}`, { signal: controller.signal })
      .then((answer) => {
        setItems(answer.items);
        setError(null);
      })
      .catch((caught: unknown) => {
        if (!(caught instanceof DOMException && caught.name === "AbortError")) setError(caught);
      });
    return () => controller.abort();
  }, [query, reloadKey, ownReload]);

  const changed = useCallback(() => {
    setOwnReload((count) => count + 1);
    reloadFacets();
  }, [reloadFacets]);

  const groups = useMemo(() => {
    const byModule = new Map<string, CanonItem[]>();
    for (const item of items ?? []) {
      const group = byModule.get(item.module);
      if (group) group.push(item);
      else byModule.set(item.module, [item]);
    }
    return [...byModule.entries()];
  }, [items]);

  const addModule = useCallback(
    async (moduleId: string) => {
      if (!onAddMany) return;
      const answer = await api.get<{ items: CanonItem[] }>(`/canon/items?${new URLSearchParams({ module: moduleId })}`);
      onAddMany(answer.items.filter((item) => !item.retired && !pickedIds?.has(item.itemId)));
    },
    [onAddMany, pickedIds],
  );

  return (
    <section className="card canon" aria-labelledby="canon-heading" id="canon-browser">
      <h2 id="canon-heading">{props.heading ?? t("canon.title")}</h2>
      {props.addTarget}
      <CanonFilters
        filter={filter}
        onChange={setFilter}
        facets={facets}
        labels={labels}
        searchInputId={props.searchInputId}
        showRetiredToggle={manage}
      />
      <ErrorAlert error={error ?? facetsError} />
      <p role="status" aria-live="polite" className="meta canon-count">
        {items &&
          (items.length === 0
            ? !filter.includeGeneral && (filter.lifePhase || filter.fieldOfAction)
              ? t("canon.noneSpecific")
              : t("canon.none")
            : generalCount
              ? t("canon.foundWithGeneral", { n: items.length, general: generalCount })
              : t("canon.found", { n: items.length }))}
      </p>
      {groups.map(([moduleId, moduleItems]) => (
        <CanonModuleGroup
          key={moduleId}
          moduleId={moduleId}
          items={moduleItems}
          moduleSize={facets?.modules.find((module) => module.id === moduleId)?.itemCount}
          labels={labels}
          pickedIds={pickedIds}
          onAdd={onAdd}
          onAddModule={onAddMany ? addModule : undefined}
          manage={manage}
          onChanged={changed}
          onShowVersions={props.onShowVersions}
          expanded={filtering || groups.length === 1}
        />
      ))}
    </section>
  );
}
