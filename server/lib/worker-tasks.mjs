// The entry of every worker thread of the pool (worker-pool.ts). Plain JavaScript, so it runs the
// same under `tsx`, under vitest and in production: it teaches the thread TypeScript first (tsx's
// loader, the one the app runs with), then runs the named task from worker-task-table.ts.
import { register } from "tsx/esm/api";

register();
const { workerTasks } = await import("./worker-task-table.ts");

/** @param {{ task: string, args: unknown[] }} job */
export default async function run({ task, args }) {
  const fn = workerTasks[task];
  if (!fn) throw new Error(`unknown worker task ${task}`);
  return fn(...args);
}
