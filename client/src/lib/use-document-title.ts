import { useEffect } from "react";

/** Sets the tab title per page: screen-reader users hear it first after navigating. */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} – Kanon` : "Kanon";
  }, [title]);
}
