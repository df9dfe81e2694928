import { useCallback, useEffect, useSyncExternalStore } from "react";
import { api } from "../lib/api.ts";
import type { CanonFacets } from "../lib/api-types.ts";

/**
 * The canon's facets (questionnaires, modules, topics, life phases, fields of action with their
 * labels and counts), loaded once and shared by the browser, the editor and the import; reloaded
 * after the organisation's canon changed.
 */
type FacetsState = { facets: CanonFacets | null; error: unknown };

let state: FacetsState = { facets: null, error: null };
let loading: Promise<void> | null = null;
const listeners = new Set<() => void>();

function publish(next: FacetsState) {
  state = next;
  for (const listener of listeners) listener();
}

function load(): Promise<void> {
  loading = api
    .get<CanonFacets>("/canon/facets")
    .then((facets) => publish({ facets, error: null }))
    .catch((error: unknown) => publish({ facets: state.facets, error }));
  return loading;
}

/** Marks the facets as stale (after creating, changing, retiring or importing items). */
export function reloadCanonFacets(): void {
  void load();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useCanonFacets(): FacetsState & { reload: () => void } {
  const current = useSyncExternalStore(subscribe, () => state, () => state);
  useEffect(() => {
    if (!loading) void load();
  }, []);
  const reload = useCallback(() => void load(), []);
  return { ...current, reload };
}
