import { randomBytes } from "node:crypto";
import pg from "pg";
import { migrateToLatest, openDatabase, type DatabaseHandle } from "../server/db/connection.ts";
import { loadCanon } from "../server/canon/load-canon.ts";

/**
 * A fresh PostgreSQL database for one benchmark run, created next to the one in
 * BENCH_DATABASE_URL and dropped afterwards, so runs never see each other's data.
 */
export async function openBenchDatabase(baseUrl: string): Promise<DatabaseHandle> {
  const name = `kanon_bench_${randomBytes(5).toString("hex")}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ databaseUrl: url.toString(), poolSize: 20 });
  await migrateToLatest(handle.db);
  await loadCanon(handle.db);
  return {
    ...handle,
    async close() {
      await handle.close();
      const dropper = new pg.Client({ connectionString: baseUrl });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}

/** Runs `task` for every index with at most `concurrency` in flight; returns each call's latency in ms. */
export async function runConcurrently(count: number, concurrency: number, task: (index: number) => Promise<void>): Promise<number[]> {
  const latencies: number[] = new Array(count);
  let next = 0;
  async function lane() {
    for (;;) {
      const index = next++;
      if (index >= count) return;
      const started = performance.now();
      await task(index);
      latencies[index] = performance.now() - started;
    }
  }
  await Promise.all(Array.from({ length: concurrency }, lane));
  return latencies;
}

export function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!;
}

export interface Figure {
  bench: string;
  value: number;
  unit: string;
  /** The same work done with plain SQL on the same database in the same run (same unit). */
  raw?: number;
  /** value / raw: what compares across runs on a shared, noisy machine. */
  ratio?: number;
}

/** A figure with its raw-PostgreSQL equivalent and the ratio, rounded for printing. */
export function againstRaw(bench: string, value: number, raw: number, unit: string): Figure {
  return { bench, value: Number(value.toFixed(3)), unit, raw: Number(raw.toFixed(3)), ratio: Number((value / raw).toFixed(2)) };
}
