/**
 * Files the browser saves: a name made from German text, and the download itself. Used by the
 * respondent's own copy of the answers, the results page's chart PNGs and the export panel.
 */

/** Text as a file-name part ("" when nothing is left): the server's slug, so downloads and exports are named alike. */
export { slug as fileNamePart } from "../../../server/lib/slug.ts";

/** Lets the browser save a Blob under a file name (through a hidden download link). */
export function saveFile(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
