import { monitorEventLoopDelay } from "node:perf_hooks";

/**
 * The longest the event loop of this process (where the in-process test app serves requests) was
 * held up while `work` ran, in milliseconds: what every other request would have waited at most.
 * Sampled every 10 ms by Node's own histogram (perf_hooks.monitorEventLoopDelay).
 */
export async function longestEventLoopDelay<T>(work: () => Promise<T>): Promise<{ result: T; maxDelayMs: number }> {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  try {
    const result = await work();
    return { result, maxDelayMs: histogram.max / 1e6 };
  } finally {
    histogram.disable();
  }
}
