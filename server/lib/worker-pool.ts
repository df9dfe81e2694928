import { availableParallelism } from "node:os";
import { Piscina } from "piscina";
import { ApiError } from "./api-error.ts";
import type { WorkerTasks } from "./worker-task-table.ts";

/**
 * A pool of worker threads (Piscina) for work that must not block the event loop: while one
 * request runs an expensive check, `/api/health` and every other request still answer. Threads
 * start on first use and end when idle, so a process that never needs them has none.
 *
 * @example
 * const verdict = await inWorker("passwordStrength", password, { email });
 */
let pool: Piscina | null = null;

function workers(): Piscina {
  pool ??= new Piscina({
    filename: new URL("./worker-tasks.mjs", import.meta.url).href,
    minThreads: 0,
    maxThreads: Math.max(1, availableParallelism() - 1),
    idleTimeout: 10_000,
  });
  return pool;
}

type Outcome<T> = { value: T } | { apiError: Pick<ApiError, "status" | "code" | "messages" | "details"> };

/** Runs the task in a worker thread; an ApiError thrown there is thrown here again, as itself. */
export async function inWorker<Task extends keyof WorkerTasks>(task: Task, ...args: Parameters<WorkerTasks[Task]>): Promise<Awaited<ReturnType<WorkerTasks[Task]>>> {
  const outcome = (await workers().run({ task, args })) as Outcome<Awaited<ReturnType<WorkerTasks[Task]>>>;
  if ("apiError" in outcome) {
    const { status, code, messages, details } = outcome.apiError;
    throw new ApiError(status, code, messages, details);
  }
  return outcome.value;
}

/** Ends the pool's threads (on shutdown). */
export async function closeWorkerPool(): Promise<void> {
  const closing = pool;
  pool = null;
  await closing?.destroy();
}
