import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { simpleParser, type ParsedMail } from "mailparser";
import pg from "pg";
import { SMTPServer } from "smtp-server";
import { postgresUrl } from "../support/databases.ts";

/**
 * What the fault tests share: the real server as a child process (`node --import tsx
 * server/main.ts`, exactly what `npm start` runs), a fresh PostgreSQL database per test, an SMTP
 * server in the test process, a private PostgreSQL instance for restarts, and a planner client
 * over real HTTP.
 */
export const root = fileURLToPath(new URL("../../", import.meta.url));

/** Skips (with a message) without TEST_DATABASE_URL; fails in CI, where nothing may be skipped. */
export function requirePostgresOrExplain(suite: string): boolean {
  if (postgresUrl) return true;
  if (process.env.KANON_REQUIRE_ALL_SUITES) {
    throw new Error(`KANON_REQUIRE_ALL_SUITES is set (CI) but TEST_DATABASE_URL is not: the ${suite} must not be skipped.`);
  }
  console.warn(`[kanon] Skipping the ${suite}: it needs PostgreSQL (set TEST_DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/test).`);
  return false;
}

/** A new, empty database next to TEST_DATABASE_URL (or next to `baseUrl`); `drop()` removes it. */
export async function createDatabase(baseUrl = postgresUrl!): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `kanon_fault_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const dropper = new pg.Client({ connectionString: baseUrl });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}

export interface AppProcess {
  url: string;
  pid: number;
  child: ChildProcess;
  /** Everything the process wrote to stdout (JSON lines) and stderr. */
  output(): string;
  /** Sends the signal and resolves with the exit code (null when killed by a signal). */
  stop(signal: NodeJS.Signals): Promise<number | null>;
  exited: Promise<number | null>;
}

/** Starts `server/main.ts` in a child process on a free port; resolves once it logs that it listens. */
export async function startAppProcess(env: Record<string, string>, timeoutMs = 90_000): Promise<AppProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const check = () => {
      const line = output.split("\n").find((candidate) => candidate.includes('"Kanon is listening"'));
      if (!line) return;
      clearTimeout(timer);
      child.stdout!.off("data", check);
      resolve((JSON.parse(line) as { url: string }).url.replace("localhost", "127.0.0.1"));
    };
    child.stdout!.on("data", check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with ${code} before it listened:\n${output}`));
    });
  });
  return {
    url,
    pid: child.pid!,
    child,
    output: () => output,
    exited,
    async stop(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** A planner signed in over HTTP (session cookie + CSRF token), as the browser client is. */
export class HttpPlanner {
  constructor(
    public baseUrl: string,
    readonly cookie: string,
    readonly csrfToken: string,
  ) {}

  static async setUp(baseUrl: string): Promise<HttpPlanner> {
    const response = await fetch(`${baseUrl}/api/setup`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ organisationName: "Stadt Wuppertal", name: "Petra Planer", email: "planung@wuppertal.example", password: "ein-sicheres-passwort" }),
    });
    if (response.status !== 200) throw new Error(`setup failed: ${response.status} ${await response.text()}`);
    const cookie = (response.headers.get("set-cookie") ?? "").match(/kanon_session=[^;]+/)![0];
    return new HttpPlanner(baseUrl, cookie, ((await response.json()) as { csrfToken: string }).csrfToken);
  }

  request(method: string, apiPath: string, body?: unknown): Promise<Response> {
    return fetch(`${this.baseUrl}/api${apiPath}`, {
      method,
      headers: { "content-type": "application/json", cookie: this.cookie, "x-csrf-token": this.csrfToken },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  async json<T = any>(method: string, apiPath: string, body?: unknown): Promise<T> {
    const response = await this.request(method, apiPath, body);
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${apiPath}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  }

  /** An open survey of two optional questions (a text and a choice), ready for invitations. */
  async openSurvey(title = "Netzwerkanalyse 2026"): Promise<string> {
    const { id } = await this.json<{ id: string }>("POST", "/surveys", { title });
    await this.json("PATCH", `/surveys/${id}`, {
      items: [
        { itemId: "network.name", version: 1 },
        { itemId: "network.sphere", version: 1 },
      ],
      closingDate: "2099-12-31",
    });
    await this.json("POST", `/surveys/${id}/open`);
    return id;
  }
}

export interface ReceivedMail {
  to: string;
  messageId: string;
  text: string;
}

/** An SMTP server in the test process that keeps every accepted mail; `delayMs` slows each acceptance down. */
export async function startSmtpSink(options: { delayMs?: number } = {}) {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    disableReverseLookup: true,
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then(async (mail: ParsedMail) => {
          if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
          const to = mail.to && !Array.isArray(mail.to) ? mail.to.value[0]!.address! : "";
          received.push({ to, messageId: mail.messageId ?? "", text: mail.text ?? "" });
          callback();
        })
        .catch(callback);
    },
  });
  // A killed app process resets its SMTP connections; that is the point of the test, not an error.
  server.on("error", () => {});
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Waits until `condition` holds (polling), or fails with `what`. */
export async function waitFor<T>(what: string, condition: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 60_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

export function tokenIn(text: string): string {
  return text.match(/\/r\/([A-Za-z0-9_-]{20,})/)![1]!;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The PostgreSQL server binaries (initdb, pg_ctl) of the newest installed version, if any. */
export function postgresBinaries(): { initdb: string; pgCtl: string } | null {
  const fromEnv = process.env.PG_BIN_DIR;
  const installed = existsSync("/usr/lib/postgresql") ? readdirSync("/usr/lib/postgresql").sort((a, b) => Number(b) - Number(a)) : [];
  const directories = fromEnv ? [fromEnv] : installed.map((version) => `/usr/lib/postgresql/${version}/bin`);
  for (const directory of directories) {
    const initdb = path.join(directory, "initdb");
    const pgCtl = path.join(directory, "pg_ctl");
    if (existsSync(initdb) && existsSync(pgCtl)) return { initdb, pgCtl };
  }
  return null;
}

/**
 * A PostgreSQL instance of the test's own (initdb into a temporary directory, its own port and
 * socket directory), so it can be stopped and started without touching the shared server.
 * PostgreSQL refuses to run as root: as root, it runs as the `postgres` user.
 */
export class PrivatePostgres {
  private constructor(
    readonly directory: string,
    readonly port: number,
    private readonly binaries: { initdb: string; pgCtl: string },
    private readonly runAs: string | null,
  ) {}

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  /** Null (with the reason) when this machine cannot run one. */
  static async create(): Promise<PrivatePostgres | string> {
    const binaries = postgresBinaries();
    if (!binaries) return "no PostgreSQL server binaries found under /usr/lib/postgresql/*/bin (or PG_BIN_DIR)";
    const isRoot = process.getuid?.() === 0;
    const runAs = isRoot ? "postgres" : null;
    if (isRoot && spawnSync("id", ["-u", "postgres"]).status !== 0) return "running as root and there is no postgres user to run PostgreSQL as";
    const directory = mkdtempSync(path.join(tmpdir(), "kanon-pg-"));
    if (runAs) {
      const uid = Number(spawnSync("id", ["-u", runAs], { encoding: "utf8" }).stdout.trim());
      const gid = Number(spawnSync("id", ["-g", runAs], { encoding: "utf8" }).stdout.trim());
      chownSync(directory, uid, gid);
    }
    const instance = new PrivatePostgres(directory, await freePort(), binaries, runAs);
    const init = instance.run(binaries.initdb, ["-D", path.join(directory, "data"), "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C"]);
    if (init.status !== 0) {
      instance.remove();
      return `initdb failed: ${init.stderr}`;
    }
    return instance;
  }

  private run(binary: string, args: string[]) {
    const command = this.runAs ? ["runuser", ["-u", this.runAs, "--", binary, ...args]] : [binary, args];
    return spawnSync(command[0] as string, command[1] as string[], { encoding: "utf8", cwd: this.directory, timeout: 60_000 });
  }

  start(): void {
    const options = `-p ${this.port} -k ${this.directory} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50`;
    const result = this.run(this.binaries.pgCtl, ["-D", path.join(this.directory, "data"), "-o", options, "-l", path.join(this.directory, "log"), "-w", "-t", "60", "start"]);
    if (result.status !== 0) throw new Error(`pg_ctl start failed: ${result.stdout} ${result.stderr}`);
  }

  /** `fast`: what a restart by an administrator does (connections are terminated). */
  stop(mode: "fast" | "immediate" = "fast"): void {
    const result = this.run(this.binaries.pgCtl, ["-D", path.join(this.directory, "data"), "-m", mode, "-w", "-t", "60", "stop"]);
    if (result.status !== 0 && !/not running|No such file|does not exist/i.test(`${result.stdout} ${result.stderr}`)) {
      throw new Error(`pg_ctl stop failed: ${result.stdout} ${result.stderr}`);
    }
  }

  remove(): void {
    try {
      this.stop("immediate");
    } catch {
      // already stopped
    }
    rmSync(this.directory, { recursive: true, force: true });
  }
}
