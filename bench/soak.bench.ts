import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { sql } from "kysely";
import type { DatabaseHandle } from "../server/db/connection.ts";
import { insertInvitations } from "../server/recipients/invitation-links.ts";
import { percentile, type Figure } from "./bench-database.ts";
import { answerFor, surveyWithCanonQuestions, type FixtureQuestion } from "./survey-fixture.ts";

const RESPONDENTS = 200;
/** SOAK_SECONDS=30 for a quick run; 300 (five minutes) by default. */
const SECONDS = Number(process.env.SOAK_SECONDS ?? 300);
const SAVE_EVERY_MS: [number, number] = [1_000, 2_000];
/** One respondent's visit: this many autosaves, then the submission, then the next invitation. */
const SAVES_PER_VISIT: [number, number] = [15, 45];
const RSS_SAMPLE_MS = 2_000;

const root = fileURLToPath(new URL("../", import.meta.url));

/**
 * soak: the real server in a child process (so the load does not share its event loop) against
 * PostgreSQL, and 200 simulated respondents over real HTTP for SOAK_SECONDS: each answers a
 * 30-question canon survey, autosaving every 1–2 s (a few more questions each time, and changes
 * to earlier ones, naming what changed), submits after 15–45 saves and starts on the next
 * invitation. When the time is up, every respondent submits what it has.
 *
 * Reports errors (any answer but 200, or a failed request: must be 0), the 99th percentile of
 * the request latencies in the steady state (after the warm-up, the first fifth but at most a
 * minute, until the time is up) and of its first and last third (stable: the last not far above
 * the first), of the wind-down (all 200 submitting at once when the time is up), the server's resident memory
 * (VmRSS from /proc) at the end and its growth since the warm-up, and the saves and submissions
 * made. Every acknowledged submission is checked in the database afterwards. SOAK_DEBUG=1 also
 * prints, per second, the requests, their median and 99th percentile, and the memory samples.
 */
export async function soakBench(database: DatabaseHandle): Promise<Figure[]> {
  const { db } = database;
  const baseUrl = process.env.BENCH_DATABASE_URL!;
  const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(db);
  const databaseUrl = new URL(baseUrl);
  databaseUrl.pathname = `/${rows[0]!.name}`;

  const { surveyId, organisationId, questions } = await surveyWithCanonQuestions(db, 30);
  const visitsEach = Math.ceil((SECONDS * 1000) / (SAVES_PER_VISIT[0] * SAVE_EVERY_MS[0])) + 1;
  const invitations = await insertInvitations(
    db,
    Array.from({ length: RESPONDENTS * visitsEach }, (_, index) => ({
      organisationId,
      surveyId,
      email: `soak${index}@bench.example`,
      name: "",
      mailStatus: "sent" as const,
    })),
  );
  const tokens = invitations.map((invitation) => invitation.token);

  const server = await startServerProcess(databaseUrl.toString());
  const latencies: { at: number; ms: number }[] = [];
  const rss: { at: number; mb: number }[] = [];
  const problems = new Map<string, number>();
  let errors = 0;
  let saves = 0;
  let submits = 0;
  const submittedTokens: string[] = [];
  let nextToken = 0;

  const started = performance.now();
  const endsAt = started + SECONDS * 1000;
  const warmUpMs = Math.min(60_000, SECONDS * 200);
  const sampler = setInterval(() => rss.push({ at: performance.now() - started, mb: residentMegabytes(server.pid) }), RSS_SAMPLE_MS);
  rss.push({ at: 0, mb: residentMegabytes(server.pid) });

  const random = (range: [number, number]) => range[0] + Math.random() * (range[1] - range[0]);
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  async function send(method: string, path: string, body: unknown): Promise<{ revision: number } | null> {
    const begin = performance.now();
    try {
      const response = await fetch(`${server.url}${path}`, {
        method,
        headers: { "content-type": "application/json", "user-agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0" },
        body: JSON.stringify(body),
      });
      const text = await response.text();
      latencies.push({ at: begin - started, ms: performance.now() - begin });
      if (response.status !== 200) {
        errors++;
        const key = `${method} ${response.status} ${text.slice(0, 120)}`;
        problems.set(key, (problems.get(key) ?? 0) + 1);
        return null;
      }
      return JSON.parse(text) as { revision: number };
    } catch (error) {
      errors++;
      const key = `${method} ${error instanceof Error ? `${error.message} ${String((error as { cause?: unknown }).cause ?? "")}` : String(error)}`.slice(0, 160);
      problems.set(key, (problems.get(key) ?? 0) + 1);
      return null;
    }
  }

  async function respondent(index: number) {
    // Spread the first saves over the first two seconds.
    await sleep(Math.random() * SAVE_EVERY_MS[1]);
    while (performance.now() < endsAt) {
      const token = tokens[nextToken++];
      if (!token) throw new Error("ran out of invitations");
      const full = answerFor(questions, index * 100_000 + nextToken);
      const visitSaves = Math.round(random(SAVES_PER_VISIT));
      let revision = 0;
      let answers: Record<string, unknown> = {};
      for (let save = 1; save <= visitSaves && performance.now() < endsAt; save++) {
        const next = answersAt(questions, full, save);
        const changed = Object.keys(next).filter((name) => JSON.stringify(next[name]) !== JSON.stringify(answers[name]));
        answers = next;
        const saved = await send("PUT", `/api/r/${token}/draft`, { answers, page: 0, baseRevision: revision, changed });
        if (saved) {
          revision = saved.revision;
          saves++;
        }
        await sleep(random(SAVE_EVERY_MS));
      }
      const submitted = await send("POST", `/api/r/${token}/submit`, { answers, page: 0, baseRevision: revision, changed: [], locale: "de" });
      if (submitted) {
        submits++;
        submittedTokens.push(token);
      }
    }
  }

  try {
    await Promise.all(Array.from({ length: RESPONDENTS }, (_, index) => respondent(index)));
  } finally {
    clearInterval(sampler);
    rss.push({ at: performance.now() - started, mb: residentMegabytes(server.pid) });
    await server.stop();
  }

  const stored = await db
    .selectFrom("responses")
    .select(sql<number>`count(*)::int`.as("count"))
    .where("survey_id", "=", surveyId)
    .where("status", "=", "submitted")
    .executeTakeFirstOrThrow();
  if (Number(stored.count) !== submits) throw new Error(`soak: ${submits} submissions acknowledged, ${stored.count} stored`);
  if (process.env.SOAK_DEBUG) {
    const bySecond = new Map<number, number[]>();
    for (const entry of latencies) {
      const second = Math.floor(entry.at / 1000);
      bySecond.set(second, [...(bySecond.get(second) ?? []), entry.ms]);
    }
    for (const [second, values] of [...bySecond].sort((a, b) => a[0] - b[0])) {
      console.error(`soak second ${second}: ${values.length} requests, median ${Math.round(percentile(values, 0.5))} ms, p99 ${Math.round(percentile(values, 0.99))} ms`);
    }
    console.error(`soak RSS (s:MB): ${rss.map((sample) => `${Math.round(sample.at / 1000)}:${Math.round(sample.mb)}`).join(" ")}`);
  }
  if (problems.size > 0) console.error(`soak problems: ${JSON.stringify(Object.fromEntries(problems), null, 1)}`);

  // Steady state: after the warm-up and before the time is up. The wind-down (every respondent
  // submitting within a second or two when the time is up, 20 times the steady rate) on its own.
  const measured = latencies.filter((entry) => entry.at >= warmUpMs && entry.at < SECONDS * 1000);
  const windDown = latencies.filter((entry) => entry.at >= SECONDS * 1000).map((entry) => entry.ms);
  const span = SECONDS * 1000 - warmUpMs;
  const firstThird = measured.filter((entry) => entry.at < warmUpMs + span / 3).map((entry) => entry.ms);
  const lastThird = measured.filter((entry) => entry.at >= warmUpMs + (2 * span) / 3).map((entry) => entry.ms);
  const afterWarmUp = rss.find((sample) => sample.at >= warmUpMs) ?? rss[0]!;
  const atEnd = rss[rss.length - 1]!;
  const round = (value: number) => Number(value.toFixed(1));
  return [
    { bench: "soak.errors", value: errors, unit: "count" },
    { bench: "soak.p99", value: round(percentile(measured.map((entry) => entry.ms), 0.99)), unit: "ms" },
    { bench: "soak.p99.first-third", value: round(percentile(firstThird, 0.99)), unit: "ms" },
    { bench: "soak.p99.last-third", value: round(percentile(lastThird, 0.99)), unit: "ms" },
    { bench: "soak.wind-down.p99", value: round(percentile(windDown.length > 0 ? windDown : [0], 0.99)), unit: "ms" },
    { bench: "soak.rss.growth", value: round(atEnd.mb - afterWarmUp.mb), unit: "MB" },
    { bench: "soak.rss", value: round(atEnd.mb), unit: "MB" },
    { bench: "soak.saves", value: saves, unit: "count" },
    { bench: "soak.submits", value: submits, unit: "count" },
    { bench: "soak.seconds", value: SECONDS, unit: "s" },
  ];
}

/** The answers after `save` saves: two more questions each time, and now and then a changed text. */
function answersAt(questions: FixtureQuestion[], full: Record<string, unknown>, save: number): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  questions.slice(0, Math.min(questions.length, save * 2)).forEach((question) => {
    answers[question.name] = full[question.name];
  });
  const text = questions.find((question) => question.type === "comment" || question.type === "text");
  if (text && answers[text.name] !== undefined) answers[text.name] = `${String(full[text.name])} (Fassung ${save})`;
  return answers;
}

function residentMegabytes(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** `node --import tsx server/main.ts` on a free port; resolves once it listens. */
async function startServerProcess(databaseUrl: string) {
  const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "info", SMTP_URL: "", MAIL_POLL_MS: "2000" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const keep = (chunk: string) => {
    output = (output + chunk).slice(-20_000);
  };
  child.stdout.setEncoding("utf8").on("data", keep);
  child.stderr.setEncoding("utf8").on("data", keep);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`soak: the server did not start:\n${output}`)), 120_000);
    const check = () => {
      const line = output.split("\n").find((candidate) => candidate.includes('"Kanon is listening"'));
      if (!line) return;
      clearTimeout(timer);
      child.stdout.off("data", check);
      resolve((JSON.parse(line) as { url: string }).url.replace("localhost", "127.0.0.1"));
    };
    child.stdout.on("data", check);
    void exited.then((code) => reject(new Error(`soak: the server exited with ${code}:\n${output}`)));
  });
  return {
    url,
    pid: child.pid!,
    async stop() {
      child.kill("SIGTERM");
      const code = await exited;
      if (code !== 0) console.error(`soak: the server exited with ${code}:\n${output.slice(-3_000)}`);
    },
  };
}
