import { api, ApiRequestError } from "../lib/api.ts";
import type { SaveResult } from "../lib/api-types.ts";

/**
 * Autosave for a respondent's answers, kept apart from React so its rules are easy to follow:
 *
 * - every change is copied to localStorage at once and saved ~800 ms after typing stops;
 *   a page change saves immediately; one request at a time, the latest answers win;
 * - saves are optimistic (baseRevision); on 409 `revision_conflict` the server's answers are
 *   merged under the local ones and saved again: local answers are never dropped;
 * - offline: the local copy stays and the save is retried when the browser is back `online`;
 *   other failures retry with a growing pause;
 * - when the page is hidden or unloaded, pending answers go out with `keepalive`.
 */
export type SaveStatus = "idle" | "saving" | "saved" | "offline" | "retrying";

export interface Snapshot {
  answers: Record<string, unknown>;
  page: number;
}

export interface DraftSaverOptions {
  token: string;
  revision: number;
  snapshot: () => Snapshot;
  /** Puts the server's answers under the local ones (a conflict); local answers win. */
  mergeServerAnswers: (serverAnswers: Record<string, unknown>) => void;
  onStatus: (status: SaveStatus) => void;
  /** The link cannot take answers any more (closed, revoked, already submitted). */
  onFatal: (error: ApiRequestError) => void;
}

interface LocalCopy extends Snapshot {
  revision: number;
  changedAt: string;
}

const DEBOUNCE_MS = 800;
const MAX_CONFLICT_ROUNDS = 3;
const fatalCodes = new Set(["survey_closed", "link_revoked", "link_unknown", "already_submitted"]);

export function localCopyKey(token: string): string {
  return `kanon.answers.${token}`;
}

/** The answers saved in this browser but maybe not on the server yet. */
export function readLocalCopy(token: string): LocalCopy | null {
  try {
    const raw = localStorage.getItem(localCopyKey(token));
    if (!raw) return null;
    const parsed = JSON.parse(raw) as LocalCopy;
    return parsed && typeof parsed.answers === "object" ? parsed : null;
  } catch {
    return null;
  }
}

export function clearLocalCopy(token: string): void {
  try {
    localStorage.removeItem(localCopyKey(token));
  } catch {
    // Storage blocked: nothing was kept either.
  }
}

function conflictDetails(error: unknown): { revision: number; answers: Record<string, unknown> } | null {
  if (!(error instanceof ApiRequestError) || error.status !== 409 || error.code !== "revision_conflict") return null;
  const details = error.details as { revision?: unknown; answers?: unknown } | undefined;
  return {
    revision: typeof details?.revision === "number" ? details.revision : 0,
    answers: details?.answers && typeof details.answers === "object" ? (details.answers as Record<string, unknown>) : {},
  };
}

export class DraftSaver {
  private revision: number;
  private dirty = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private retryDelay = 2000;
  private inFlight: Promise<void> | null = null;
  private waitingForOnline = false;
  private stopped = false;

  constructor(private readonly options: DraftSaverOptions) {
    this.revision = options.revision;
    window.addEventListener("online", this.handleOnline);
    document.addEventListener("visibilitychange", this.handleVisibility);
    window.addEventListener("pagehide", this.handlePageHide);
  }

  /** Call on every answer change: keeps a local copy now and saves after a short pause. */
  changed(): void {
    if (this.stopped) return;
    this.dirty = true;
    this.writeLocalCopy();
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), DEBOUNCE_MS);
  }

  /** Saves right away (page change), waiting for a running save first. */
  saveNow(): Promise<void> {
    clearTimeout(this.timer);
    return this.flush();
  }

  /** Marks restored answers (from the local copy) as not yet on the server and saves them. */
  restoreUnsaved(): void {
    this.dirty = true;
    void this.saveNow();
  }

  /** Submits the final answers; merges and retries on a revision conflict. */
  async submit(): Promise<SaveResult> {
    clearTimeout(this.timer);
    clearTimeout(this.retryTimer);
    while (this.inFlight) await this.inFlight.catch(() => undefined);
    for (let round = 0; ; round += 1) {
      const { answers, page } = this.options.snapshot();
      try {
        const result = await api.post<SaveResult>(`/r/${encodeURIComponent(this.options.token)}/submit`, {
          answers,
          page,
          baseRevision: this.revision,
        });
        this.revision = result.revision;
        this.dirty = false;
        clearLocalCopy(this.options.token);
        this.stop();
        return result;
      } catch (error) {
        const conflict = conflictDetails(error);
        if (!conflict || round >= MAX_CONFLICT_ROUNDS) throw error;
        this.options.mergeServerAnswers(conflict.answers);
        this.revision = conflict.revision;
      }
    }
  }

  /** Stops listening and saving (after submit, or when the page goes away). */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    clearTimeout(this.retryTimer);
    window.removeEventListener("online", this.handleOnline);
    document.removeEventListener("visibilitychange", this.handleVisibility);
    window.removeEventListener("pagehide", this.handlePageHide);
  }

  private async flush(keepalive = false): Promise<void> {
    while (this.inFlight) await this.inFlight;
    if (!this.dirty || this.stopped) return;
    const run = this.send(keepalive);
    this.inFlight = run;
    try {
      await run;
    } finally {
      this.inFlight = null;
    }
  }

  private async send(keepalive: boolean): Promise<void> {
    clearTimeout(this.retryTimer);
    for (let round = 0; round <= MAX_CONFLICT_ROUNDS; round += 1) {
      this.dirty = false;
      const { answers, page } = this.options.snapshot();
      this.options.onStatus("saving");
      try {
        const result = await api.put<SaveResult>(
          `/r/${encodeURIComponent(this.options.token)}/draft`,
          { answers, page, baseRevision: this.revision },
          { keepalive },
        );
        this.revision = result.revision;
        this.retryDelay = 2000;
        if (this.dirty) {
          this.writeLocalCopy();
        } else {
          clearLocalCopy(this.options.token);
          this.options.onStatus("saved");
        }
        return;
      } catch (error) {
        this.dirty = true;
        const conflict = conflictDetails(error);
        if (conflict) {
          this.options.mergeServerAnswers(conflict.answers);
          this.revision = conflict.revision;
          this.writeLocalCopy();
          continue;
        }
        if (error instanceof ApiRequestError && fatalCodes.has(error.code)) {
          this.stop();
          this.options.onFatal(error);
          return;
        }
        if ((error instanceof ApiRequestError && error.isNetworkError) || !navigator.onLine) {
          this.options.onStatus("offline");
          this.waitingForOnline = true;
          // Also try again after a while: `online` does not fire when only the server was away.
          this.scheduleRetry();
          return;
        }
        this.options.onStatus("retrying");
        this.scheduleRetry();
        return;
      }
    }
    this.options.onStatus("retrying");
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.flush(), this.retryDelay);
    this.retryDelay = Math.min(this.retryDelay * 2, 30_000);
  }

  private writeLocalCopy(): void {
    const copy: LocalCopy = { ...this.options.snapshot(), revision: this.revision, changedAt: new Date().toISOString() };
    try {
      localStorage.setItem(localCopyKey(this.options.token), JSON.stringify(copy));
    } catch {
      // Storage full or blocked: the server save still runs.
    }
  }

  private readonly handleOnline = () => {
    if (!this.waitingForOnline) return;
    this.waitingForOnline = false;
    this.retryDelay = 2000;
    void this.flush();
  };

  private readonly handleVisibility = () => {
    if (document.visibilityState === "hidden") this.saveOnLeave();
  };

  private readonly handlePageHide = () => this.saveOnLeave();

  private saveOnLeave(): void {
    if (!this.dirty || this.inFlight || this.stopped) return;
    clearTimeout(this.timer);
    void this.flush(true);
  }
}
