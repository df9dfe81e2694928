import type { SaveStatus } from "./draft-saver.ts";

export interface SaveState {
  status: SaveStatus;
  /** The final answers are on their way (the submit button was pressed). */
  submitting: boolean;
}

/**
 * The save state outside React's state: only the status line subscribes to it, so a save that
 * starts or ends re-renders that line and never the questionnaire (SurveyJS writes the model's
 * value back into an input when it re-renders, which would reset what is being typed).
 */
export class SaveStatusStore {
  private state: SaveState = { status: "idle", submitting: false };
  private readonly listeners = new Set<() => void>();

  readonly get = (): SaveState => this.state;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly setStatus = (status: SaveStatus): void => this.update({ ...this.state, status });

  readonly setSubmitting = (submitting: boolean): void => this.update({ ...this.state, submitting });

  private update(next: SaveState): void {
    if (next.status === this.state.status && next.submitting === this.state.submitting) return;
    this.state = next;
    for (const listener of this.listeners) listener();
  }
}
