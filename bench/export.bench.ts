import { execFile } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { sql } from "kysely";
import { createApp, type App } from "../server/app.ts";
import { loadConfig } from "../server/config.ts";
import { openDatabase, type DatabaseHandle } from "../server/db/connection.ts";
import { setLogLevel } from "../server/lib/logger.ts";
import { hashToken, newSecretToken } from "../server/lib/tokens.ts";
import { percentile, type Figure } from "./bench-database.ts";
import { addExportDirectory, addExportResponses } from "./export-fixture.ts";
import { answerFor, surveyWithCanonQuestions } from "./survey-fixture.ts";

const SMALL = 10_000;
const LARGE = 100_000;
const POOL = 1_000;

/** A full garbage collection, so memory figures show what is really held, not garbage not yet collected. */
function collectGarbage(): void {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as (() => void) | undefined;
  gc?.();
}

interface Download {
  seconds: number;
  lineBreaks: number;
  totalRows: number;
  /** Peak RSS growth in MB (only when measured). */
  rssGrowthMb: number;
}

/**
 * Downloads one export through the app, reading every chunk. With `measureMemory`, garbage is
 * collected after every 1 MB received (XLSX arrives compressed, so that is ~10 MB of XML) and the
 * peak RSS recorded, so the figure is what the
 * export holds rather than garbage V8 has not collected yet.
 */
async function download(app: App, path: string, cookie: string, measureMemory = false): Promise<Download> {
  collectGarbage();
  const before = process.memoryUsage.rss();
  let peak = before;
  const started = performance.now();
  const response = await app.request(`http://bench.local${path}`, { headers: { cookie } });
  if (response.status !== 200) throw new Error(`export failed: ${response.status} ${await response.text()}`);
  const reader = response.body!.getReader();
  let lineBreaks = 0;
  let sinceCollection = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    for (let index = 0; index < value.length; index++) if (value[index] === 10) lineBreaks++;
    if (measureMemory) {
      peak = Math.max(peak, process.memoryUsage.rss());
      sinceCollection += value.length;
      if (sinceCollection > 1024 * 1024) {
        sinceCollection = 0;
        collectGarbage();
      }
    }
  }
  return {
    seconds: (performance.now() - started) / 1000,
    lineBreaks,
    totalRows: Number(response.headers.get("x-total-rows")),
    rssGrowthMb: Number(((peak - before) / 1024 / 1024).toFixed(1)),
  };
}

const thisFile = fileURLToPath(import.meta.url);

/**
 * The peak RSS growth of one export, measured in a fresh process (RSS never shrinks back after
 * a process's heap has grown, so earlier runs here would hide it).
 */
async function memoryInFreshProcess(database: DatabaseHandle, path: string, cookie: string): Promise<number> {
  const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(database.db);
  const url = new URL(process.env.BENCH_DATABASE_URL!);
  url.pathname = `/${rows[0]!.name}`;
  const { stdout } = await promisify(execFile)(process.execPath, ["--expose-gc", "--import", "tsx", thisFile, url.toString(), path, cookie], {
    env: process.env,
    maxBuffer: 1024 * 1024,
  });
  return (JSON.parse(stdout.trim().split("\n").pop()!) as { rssGrowthMb: number }).rssGrowthMb;
}

/**
 * export: the responses of a 30-question survey (identified, recipients joined from the
 * directory) downloaded through the real HTTP handler, the whole body consumed: CSV with labels
 * at 10,000 responses (median of 7 runs after a warm-up; XLSX median of 3) and once at 100,000.
 * Memory: the peak RSS growth during one download in a fresh process (see download()), at 10k
 * and at 100k, CSV and XLSX: streaming keeps it flat.
 */
export async function exportBench(database: DatabaseHandle): Promise<Figure[]> {
  const { db } = database;
  const { surveyId, organisationId, questions } = await surveyWithCanonQuestions(db, 30);
  const user = await db.selectFrom("users").select("id").where("organisation_id", "=", organisationId).executeTakeFirstOrThrow();
  await addExportDirectory(db, organisationId);
  const pool = Array.from({ length: POOL }, (_, index) => answerFor(questions, index));

  const sessionId = newSecretToken();
  await db
    .insertInto("sessions")
    .values({ id_hash: hashToken(sessionId), user_id: user.id, organisation_id: organisationId, csrf_token: newSecretToken(), expires_at: new Date(Date.now() + 86_400_000) })
    .execute();
  const app = createApp({ db, databaseKind: database.kind, config: loadConfig({ LOG_LEVEL: "silent" }), devMailbox: true, wakeMailWorker: () => {} });
  const cookie = `kanon_session=${sessionId}`;
  const csvLabels = `/api/surveys/${surveyId}/export/responses?format=csv&values=labels`;
  const xlsxLabels = `/api/surveys/${surveyId}/export/responses?format=xlsx&values=labels`;
  const medianSeconds = async (runs: number, path: string) => {
    await download(app, path, cookie);
    const times: number[] = [];
    for (let run = 0; run < runs; run++) times.push((await download(app, path, cookie)).seconds);
    return Number(percentile(times, 0.5).toFixed(3));
  };
  const checkRows = (result: Download, expected: number) => {
    // Answers with line breaks would add lines; the fixture's answers have none.
    if (result.totalRows !== expected || result.lineBreaks !== expected + 1) {
      throw new Error(`expected ${expected} rows, got ${result.totalRows} (${result.lineBreaks - 1} lines)`);
    }
  };

  await addExportResponses(db, { organisationId, surveyId, from: 0, to: SMALL, pool });
  checkRows(await download(app, csvLabels, cookie), SMALL);
  const figures: Figure[] = [
    { bench: "export.csv.10k", value: await medianSeconds(7, csvLabels), unit: "s" },
    { bench: "export.xlsx.10k", value: await medianSeconds(3, xlsxLabels), unit: "s" },
    { bench: "export.csv.10k.rss", value: await memoryInFreshProcess(database, csvLabels, cookie), unit: "MB" },
    { bench: "export.xlsx.10k.rss", value: await memoryInFreshProcess(database, xlsxLabels, cookie), unit: "MB" },
  ];

  await addExportResponses(db, { organisationId, surveyId, from: SMALL, to: LARGE, pool });
  const large = await download(app, csvLabels, cookie);
  checkRows(large, LARGE);
  figures.push(
    { bench: "export.csv.100k", value: Number(large.seconds.toFixed(3)), unit: "s" },
    { bench: "export.csv.100k.rss", value: await memoryInFreshProcess(database, csvLabels, cookie), unit: "MB" },
    { bench: "export.xlsx.100k.rss", value: await memoryInFreshProcess(database, xlsxLabels, cookie), unit: "MB" },
  );
  return figures;
}

/** As a child process (memoryInFreshProcess): `<database url> <path> <cookie>`, prints the export's memory figure. */
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  setLogLevel("silent");
  const [databaseUrl, path, cookie] = process.argv.slice(2) as [string, string, string];
  const database = await openDatabase({ databaseUrl, poolSize: 4 });
  const app = createApp({ db: database.db, databaseKind: database.kind, config: loadConfig({ LOG_LEVEL: "silent" }), devMailbox: true, wakeMailWorker: () => {} });
  // Warm up without exporting (an export would grow the heap first): the export routes, and exceljs loaded.
  const info = await app.request(`http://bench.local${path.replace(/\/responses\?.*$/, "/info")}`, { headers: { cookie } });
  if (info.status !== 200) throw new Error(`export info failed: ${info.status}`);
  await import("exceljs");
  const measured = await download(app, path, cookie, true);
  console.log(JSON.stringify({ rssGrowthMb: measured.rssGrowthMb, seconds: measured.seconds }));
  await database.close();
}
