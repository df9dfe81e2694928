import { sameAnswer } from "../../../server/lib/same-answer.ts";
import { api, ApiRequestError } from "../lib/api.ts";
import type { SaveResult } from "../lib/api-types.ts";

/**
 * Autosave for a respondent's answers, kept apart from React so its rules are easy to follow:
 *
 * - every change is copied to localStorage at once and saved ~800 ms after typing stops;
 *   a page change saves immediately; one request at a time, the latest answers win;
 * - each save names the questions changed since the revision it is based on, so the server can
 *   merge it with answers saved elsewhere (another tab, device or colleague) question by question;
 *   merged answers come back and are shown, except where the respondent typed on meanwhile
 *   (down to the field of a composite question, see merge-reply.ts);
 * - a question changed on both sides pauses saving until the respondent chose (`onConflict`);
 * - offline: the local copy stays and the save is retried when the browser is back `online`;
 *   other failures retry with a growing pause;
 * - when the page is hidden or unloaded, pending answers go out with `keepalive`.
 */
export type SaveStatus = "idle" | "saving" | "saved" | "offline" | "retrying" | "conflict";

export interface Snapshot {
  answers: Record<string, unknown>;
  page: number;
}

export interface AnswerConflict {
  question: string;
  yours: unknown;
  theirs: unknown;
}

export interface ConflictDetails {
  revision: number;
  answers: Record<string, unknown>;
  conflicts: AnswerConflict[];
  updatedAt: string | null;
  lastDevice: string;
}

export interface DraftSaverOptions {
  token: string;
  revision: number;
  snapshot: () => Snapshot;
  /**
   * Shows answers saved elsewhere: `sent` is what the request carried, so whatever changed in the
   * form since then stays; questions in `keepWhole` (changed here, refused) stay entirely.
   */
  applyServerAnswers: (serverAnswers: Record<string, unknown>, sent: Record<string, unknown>, keepWhole: ReadonlySet<string>) => void;
  onStatus: (status: SaveStatus) => void;
  /** Questions answered differently here and elsewhere: the respondent must choose. */
  onConflict: (details: ConflictDetails) => void;
  /** The link cannot take answers any more (closed, revoked, already submitted). */
  onFatal: (error: ApiRequestError) => void;
  /** Values the server left out because they do not fit their question (the rest was saved): show why at the question. */
  onRejected?: (rejected: NonNullable<SaveResult["rejected"]>) => void;
}

interface LocalCopy extends Snapshot {
  revision: number;
  changed: string[];
  changedAt: string;
}

const DEBOUNCE_MS = 800;
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
    return parsed && typeof parsed.answers === "object" ? { ...parsed, changed: parsed.changed ?? Object.keys(parsed.answers) } : null;
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

/** The details of a 409 `answer_conflict`, or null for any other error. */
export function conflictOf(error: unknown): ConflictDetails | null {
  if (!(error instanceof ApiRequestError) || error.status !== 409 || error.code !== "answer_conflict") return null;
  const details = error.details as Partial<ConflictDetails> | undefined;
  return {
    revision: typeof details?.revision === "number" ? details.revision : 0,
    answers: details?.answers && typeof details.answers === "object" ? details.answers : {},
    conflicts: Array.isArray(details?.conflicts) ? details.conflicts : [],
    updatedAt: details?.updatedAt ?? null,
    lastDevice: details?.lastDevice ?? "",
  };
}

export class DraftSaver {
  private revision: number;
  private dirty = false;
  /** Questions changed here since `revision`: what the server may not overwrite. */
  private readonly changedSinceBase = new Set<string>();
  private pendingConflict: ConflictDetails | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private retryDelay = 2000;
  private inFlight: Promise<void> | null = null;
  private waitingForOnline = false;
  private stopped = false;
  private status: SaveStatus = "idle";

  constructor(private readonly options: DraftSaverOptions) {
    this.revision = options.revision;
    window.addEventListener("online", this.handleOnline);
    document.addEventListener("visibilitychange", this.handleVisibility);
    window.addEventListener("pagehide", this.handlePageHide);
  }

  /** Call on every answer change: keeps a local copy now and saves after a short pause. */
  changed(question?: string): void {
    if (this.stopped) return;
    if (question) this.changedSinceBase.add(question.replace(/-Comment$/, ""));
    this.dirty = true;
    this.writeLocalCopy();
    // Not "saved" any more from the first key on (offline, retrying and conflict say more).
    if (this.status === "idle" || this.status === "saved") this.setStatus("saving");
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), DEBOUNCE_MS);
  }

  /** Saves right away (page change), waiting for a running save first. */
  saveNow(): Promise<void> {
    clearTimeout(this.timer);
    return this.flush();
  }

  /** Answers restored from the local copy are not on the server yet: save them (as changes made here). */
  restoreUnsaved(changed: string[], revision: number): void {
    for (const question of changed) this.changedSinceBase.add(question);
    this.revision = Math.min(this.revision, revision);
    this.dirty = true;
    void this.saveNow();
  }

  /** The respondent chose for every conflicting question (the page holds the chosen values). */
  conflictResolved(): void {
    const conflict = this.pendingConflict;
    if (!conflict) return;
    this.pendingConflict = null;
    for (const entry of conflict.conflicts) this.changedSinceBase.add(entry.question);
    this.dirty = true;
    void this.saveNow();
  }

  /** Questions answered differently elsewhere wait for the respondent's choice. */
  get conflictPending(): boolean {
    return this.pendingConflict !== null;
  }

  /** Submits the final answers; throws the server's reason (validation, conflict, closed …). */
  async submit(locale: "de" | "en"): Promise<SaveResult> {
    clearTimeout(this.timer);
    clearTimeout(this.retryTimer);
    while (this.inFlight) await this.inFlight;
    if (this.pendingConflict) throw new Error("conflict pending");
    const { answers, page } = this.options.snapshot();
    try {
      const result = await api.post<SaveResult>(`/r/${encodeURIComponent(this.options.token)}/submit`, {
        answers,
        page,
        baseRevision: this.revision,
        changed: [...this.changedSinceBase],
        locale,
      });
      this.revision = result.revision;
      this.dirty = false;
      this.changedSinceBase.clear();
      clearLocalCopy(this.options.token);
      this.stop();
      return result;
    } catch (error) {
      const conflict = conflictOf(error);
      if (conflict) this.holdForConflict(conflict, answers);
      throw error;
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
    if (!this.dirty || this.stopped || this.pendingConflict) return;
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
    this.dirty = false;
    const { answers, page } = this.options.snapshot();
    const sentChanged = [...this.changedSinceBase];
    this.setStatus("saving");
    try {
      const result = await api.put<SaveResult>(
        `/r/${encodeURIComponent(this.options.token)}/draft`,
        { answers, page, baseRevision: this.revision, changed: sentChanged },
        { keepalive },
      );
      this.revision = result.revision;
      this.retryDelay = 2000;
      // What was sent is on the server now, unless it was changed again while the request ran.
      const current = this.options.snapshot().answers;
      for (const question of sentChanged) {
        if (sameAnswer(current[question], answers[question])) this.changedSinceBase.delete(question);
      }
      if (result.mergedAnswers) this.options.applyServerAnswers(result.mergedAnswers, answers, new Set());
      if (result.rejected && result.rejected.length > 0) this.options.onRejected?.(result.rejected);
      if (this.dirty) {
        this.writeLocalCopy();
      } else {
        clearLocalCopy(this.options.token);
        this.setStatus("saved");
      }
    } catch (error) {
      this.dirty = true;
      const conflict = conflictOf(error);
      if (conflict) {
        this.holdForConflict(conflict, answers);
        return;
      }
      if (error instanceof ApiRequestError && fatalCodes.has(error.code)) {
        this.stop();
        this.options.onFatal(error);
        return;
      }
      if ((error instanceof ApiRequestError && error.isNetworkError) || !navigator.onLine) {
        this.setStatus("offline");
        this.waitingForOnline = true;
        // Also try again after a while: `online` does not fire when only the server was away.
        this.scheduleRetry();
        return;
      }
      this.setStatus("retrying");
      this.scheduleRetry();
    }
  }

  /**
   * Takes over what was saved elsewhere for the questions not in conflict, rebases on the stored
   * revision, and waits for the respondent's choice on the rest.
   */
  private holdForConflict(conflict: ConflictDetails, sent: Record<string, unknown>): void {
    const keep = new Set([...this.changedSinceBase, ...conflict.conflicts.map((entry) => entry.question)]);
    this.options.applyServerAnswers(conflict.answers, sent, keep);
    this.revision = conflict.revision;
    this.pendingConflict = conflict;
    this.dirty = true;
    this.writeLocalCopy();
    this.setStatus("conflict");
    this.options.onConflict(conflict);
  }

  private setStatus(status: SaveStatus): void {
    this.status = status;
    this.options.onStatus(status);
  }

  private scheduleRetry(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.flush(), this.retryDelay);
    this.retryDelay = Math.min(this.retryDelay * 2, 30_000);
  }

  private writeLocalCopy(): void {
    const copy: LocalCopy = {
      ...this.options.snapshot(),
      revision: this.revision,
      changed: [...this.changedSinceBase],
      changedAt: new Date().toISOString(),
    };
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
    if (!this.dirty || this.inFlight || this.stopped || this.pendingConflict) return;
    clearTimeout(this.timer);
    void this.flush(true);
  }
}
