import { openBenchDatabase, type Figure } from "./bench-database.ts";
import { autosaveBench } from "./autosave.bench.ts";
import { erasureBench } from "./erasure.bench.ts";
import { exportBench } from "./export.bench.ts";
import { invitationsQueueBench } from "./invitations-queue.bench.ts";
import { mailDeliveryBench } from "./mail-delivery.bench.ts";
import { respondSubmitBench } from "./respond-submit.bench.ts";
import { resultsBench } from "./results.bench.ts";
import { soakBench } from "./soak.bench.ts";
import { setLogLevel } from "../server/lib/logger.ts";

/**
 * `npm run bench`: runs every benchmark against the PostgreSQL in BENCH_DATABASE_URL (each in
 * a fresh database) and prints one JSON line per figure.
 */
const baseUrl = process.env.BENCH_DATABASE_URL;
if (!baseUrl) {
  console.error("BENCH_DATABASE_URL is not set: the benchmarks run against PostgreSQL, e.g.\n  BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench");
  process.exit(2);
}
setLogLevel("silent");

const benchmarks: [string, (database: Awaited<ReturnType<typeof openBenchDatabase>>) => Promise<Figure[]>][] = [
  ["respond.submit", respondSubmitBench],
  ["autosave", autosaveBench],
  ["invitations.queue", invitationsQueueBench],
  ["mail.delivery", mailDeliveryBench],
  ["export", exportBench],
  ["results", resultsBench],
  ["erasure", erasureBench],
  // Last: five minutes of 200 respondents against the server in a child process (SOAK_SECONDS=30 for a quick run).
  ["soak", soakBench],
];

const only = process.argv[2];
for (const [name, run] of benchmarks) {
  if (only && !name.startsWith(only)) continue;
  const database = await openBenchDatabase(baseUrl);
  try {
    for (const figure of await run(database)) console.log(JSON.stringify(figure));
  } finally {
    await database.close();
  }
}
