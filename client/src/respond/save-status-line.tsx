import { useI18n } from "../lib/i18n.ts";
import type { SaveStatus } from "./draft-saver.ts";

/**
 * Whether the answers are safe, in words, in a polite live region: respondents who work over
 * days need to trust that closing the tab loses nothing.
 */
export function SaveStatusLine({ status, submitting }: { status: SaveStatus; submitting: boolean }) {
  const { t } = useI18n();
  const text = submitting
    ? t("respond.submitting")
    : {
        idle: t("respond.autosaveHint"),
        saving: t("respond.saving"),
        saved: t("respond.saved"),
        offline: t("respond.offline"),
        retrying: t("respond.retrying"),
        conflict: t("respond.conflictStatus"),
      }[status];
  return (
    <p
      id="save-status"
      className={`save-line save-line-${submitting ? "submitting" : status}`}
      role="status"
      aria-live="polite"
      tabIndex={-1}
      data-testid="save-status"
    >
      {text}
    </p>
  );
}
