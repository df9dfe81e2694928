import { useSyncExternalStore } from "react";
import type { MessageKey } from "../lib/i18n.ts";
import { useRespondentI18n } from "./respondent-address.tsx";
import type { SaveStatusStore } from "./save-status-store.ts";

type LineState = "idle" | "saving" | "saved" | "offline" | "retrying" | "conflict" | "submitting";

const textKeys: Record<LineState, MessageKey> = {
  idle: "respond.autosaveOn",
  saving: "respond.saving",
  saved: "respond.saved",
  offline: "respond.offline",
  retrying: "respond.retrying",
  conflict: "respond.conflictStatus",
  submitting: "respond.submitting",
};

/**
 * Whether the answers are safe, in words, in a polite live region: respondents who work over
 * days need to trust that closing the tab loses nothing. The line keeps one size whatever it
 * says (every wording sits in the same grid cell, only the current one visible), so a save that
 * starts or ends never moves the page: the browser's scroll anchoring would shift it, and
 * SurveyJS closes an open dropdown when the page scrolls.
 */
export function SaveStatusLine({ store }: { store: SaveStatusStore }) {
  const { t } = useRespondentI18n();
  const { status, submitting } = useSyncExternalStore(store.subscribe, store.get, store.get);
  const current: LineState = submitting ? "submitting" : status;
  return (
    <div className={`save-line save-line-${current}`}>
      <p id="save-status" className="save-line-text" role="status" aria-live="polite" tabIndex={-1} data-testid="save-status">
        {t(textKeys[current])}
      </p>
      {(Object.keys(textKeys) as LineState[])
        .filter((state) => state !== current)
        .map((state) => (
          <span key={state} className="save-line-text save-line-spacer" aria-hidden="true">
            {t(textKeys[state])}
          </span>
        ))}
    </div>
  );
}
