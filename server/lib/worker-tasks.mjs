// The entry of every worker thread of the pool (worker-pool.ts). Plain JavaScript, so it runs the
// same under `tsx`, under vitest and in production: it teaches the thread TypeScript first (tsx's
// loader, the one the app runs with), then runs the named task from worker-task-table.ts.
import { register } from "tsx/esm/api";

register();
const { workerTasks } = await import("./worker-task-table.ts");

/**
 * Runs the task. An error meant for the client (ApiError: status, code, German and English message)
 * comes back as a plain object, because structured cloning keeps only an error's message.
 *
 * @param {{ task: string, args: unknown[] }} job
 */
export default async function run({ task, args }) {
  const fn = workerTasks[task];
  if (!fn) throw new Error(`unknown worker task ${task}`);
  try {
    return { value: await fn(...args) };
  } catch (error) {
    if (error && typeof error === "object" && "status" in error && "code" in error && "messages" in error) {
      return { apiError: { status: error.status, code: error.code, messages: error.messages, details: error.details } };
    }
    throw error;
  }
}
