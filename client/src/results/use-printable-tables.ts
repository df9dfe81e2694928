import { useEffect } from "react";

const SELECTOR = ".results-report details.data-table";

/**
 * Opens the closed data tables of the report while it prints (and closes them again after), so
 * paper shows each chart's numbers; the print stylesheet does the same where the browser can
 * style `::details-content`, this covers the others.
 */
export function usePrintableTables(): void {
  useEffect(() => {
    const opened: HTMLDetailsElement[] = [];
    const before = () => {
      for (const details of document.querySelectorAll<HTMLDetailsElement>(SELECTOR)) {
        if (!details.open) {
          details.open = true;
          opened.push(details);
        }
      }
    };
    const after = () => {
      for (const details of opened.splice(0)) details.open = false;
    };
    window.addEventListener("beforeprint", before);
    window.addEventListener("afterprint", after);
    return () => {
      window.removeEventListener("beforeprint", before);
      window.removeEventListener("afterprint", after);
    };
  }, []);
}
