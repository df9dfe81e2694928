import { log } from "./logger.ts";

export interface PeriodicJob<T> {
  /** Runs a round now, or joins the round under way. */
  runOnce(): Promise<T>;
  /** No further rounds; waits for the one under way. */
  stop(): Promise<void>;
}

/**
 * Runs `round` every `intervalMs` in the background (the timer never keeps the process alive).
 * Rounds never overlap: a call during a round joins it. A failed round is logged under `name` and
 * yields `fallback`; the next round tries again.
 *
 * @example
 * const sweeper = startPeriodicJob({ name: "retention sweep", intervalMs: 3_600_000, fallback: 0, round: () => sweep(db) });
 */
export function startPeriodicJob<T>(options: { name: string; intervalMs: number; fallback: T; round: () => Promise<T> }): PeriodicJob<T> {
  let running: Promise<T> | undefined;
  let stopped = false;
  const runOnce = () => {
    running ??= options
      .round()
      .catch((error: unknown) => {
        log("error", `${options.name} failed`, { error: error instanceof Error ? error.message : String(error) });
        return options.fallback;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const timer = setInterval(() => {
    if (!stopped) void runOnce();
  }, options.intervalMs);
  timer.unref();
  return {
    runOnce,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
