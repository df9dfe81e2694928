import { useCallback, useEffect, useState } from "react";
import { api } from "../lib/api.ts";
import type { DirectoryFacets, DirectorySearchResult, District } from "./directory-types.ts";

/** What the directory's filters and forms offer: counts, types in use, vocabulary, districts, networks. */
export interface DirectoryChoices {
  facets: DirectoryFacets;
  districts: District[];
  networks: { id: string; name: string }[];
}

/** Loads the choices once and again on `reload()` (after an edit, an import or a district change). */
export function useDirectoryChoices() {
  const [choices, setChoices] = useState<DirectoryChoices | null>(null);
  const [error, setError] = useState<unknown>(null);

  const reload = useCallback(() => {
    Promise.all([
      api.get<DirectoryFacets>("/directory/facets"),
      api.get<{ districts: District[] }>("/directory/districts"),
      api.post<DirectorySearchResult>("/directory/search", { filter: { kind: "network" }, limit: 500 }),
    ])
      .then(([facets, { districts }, networks]) => {
        setChoices({ facets, districts, networks: networks.entries.map((entry) => ({ id: entry.id, name: entry.name })) });
        setError(null);
      })
      .catch(setError);
  }, []);
  useEffect(reload, [reload]);

  return { choices, error, reload };
}
