import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { log, maskTokensInPath, redirectLogs, scrub, setLogLevel } from "../server/lib/logger.ts";
import { newSecretToken } from "../server/lib/tokens.ts";
import { openTestDatabase } from "./support/databases.ts";
import { createApp } from "../server/app.ts";
import { loadConfig } from "../server/config.ts";
import { migrateToLatest, type DatabaseHandle } from "../server/db/connection.ts";

/**
 * Logs are JSON lines without personal data or secrets: request lines carry method, masked
 * path, status and time only (never bodies, query strings, tokens or e-mail addresses), and
 * every string field is scrubbed as a second line of defence.
 */
describe("structured logs", () => {
  let lines: string[] = [];
  let restore: () => void;

  beforeAll(() => {
    restore = redirectLogs((line) => lines.push(line));
  });
  afterAll(() => {
    restore();
    setLogLevel("silent");
  });
  afterEach(() => {
    lines = [];
  });

  it("writes one JSON object per line with time, level, message and pid", () => {
    setLogLevel("info");
    log("info", "mail batch done", { sent: 3 });
    log("debug", "not written at info");
    expect(lines).toHaveLength(1);
    expect(lines[0]!.endsWith("\n")).toBe(true);
    const entry = JSON.parse(lines[0]!);
    expect(entry).toMatchObject({ level: "info", message: "mail batch done", sent: 3, pid: process.pid });
    expect(new Date(entry.time).toISOString()).toBe(entry.time);
  });

  it("masks tokens in every kind of link path", () => {
    const token = newSecretToken();
    expect(maskTokensInPath(`/r/${token}`)).toBe("/r/***");
    expect(maskTokensInPath(`/api/r/${token}/draft`)).toBe("/api/r/***/draft");
    expect(maskTokensInPath(`/api/r/${token}/colleague-links/0e3b8c1a-1111-4222-8333-944445555666`)).toBe(
      "/api/r/***/colleague-links/0e3b8c1a-1111-4222-8333-944445555666",
    );
    expect(maskTokensInPath(`/invite/${token}`)).toBe("/invite/***");
    expect(maskTokensInPath(`/api/team/invitations/${token}/accept`)).toBe("/api/team/invitations/***/accept");
    expect(maskTokensInPath(`/reset-password/${token}`)).toBe("/reset-password/***");
    expect(maskTokensInPath(`/api/auth/password-reset/${token}`)).toBe("/api/auth/password-reset/***");
    expect(maskTokensInPath("/api/auth/password-reset")).toBe("/api/auth/password-reset");
    // A token route nobody told the logger about is still masked by its shape.
    expect(maskTokensInPath(`/api/network-views/${token}`)).toBe("/api/network-views/***");
    expect(maskTokensInPath("/api/directory/entries/mail@kita.de")).toBe("/api/directory/entries/***");
    // Ids stay readable: they are what makes a log line useful.
    expect(maskTokensInPath("/api/surveys/0e3b8c1a-1111-4222-8333-944445555666/invitations")).toBe(
      "/api/surveys/0e3b8c1a-1111-4222-8333-944445555666/invitations",
    );
  });

  it("scrubs e-mail addresses and secrets from every string field and error", () => {
    setLogLevel("info");
    const token = newSecretToken();
    log("error", "storing mail outcomes failed for anna.schmidt@kita-vohwinkel.de", {
      error: `550 5.1.1 <anna.schmidt@kita-vohwinkel.de>: Recipient address rejected; link /r/${token}`,
      nested: { reason: 'Key (email)=("b.meyer@wuppertal.de") already exists.', list: [`token=${token}`] },
      cause: new Error(`duplicate key c.d@example.org`),
    });
    const line = lines.join("");
    expect(line).not.toMatch(/@kita-vohwinkel|@wuppertal\.de|@example\.org/);
    expect(line).not.toContain(token);
    const entry = JSON.parse(line);
    expect(entry.message).toBe("storing mail outcomes failed for [email]");
    expect(entry.error).toContain("<[email]>: Recipient address rejected");
    expect(entry.nested.list[0]).toBe("token=[secret]");
    expect(entry.cause).toBe("Error: duplicate key [email]");
    expect(scrub("outbox 42, survey 0e3b8c1a-1111-4222-8333-944445555666")).toBe("outbox 42, survey 0e3b8c1a-1111-4222-8333-944445555666");
  });

  describe("request lines of the real app", () => {
    let database: DatabaseHandle;
    let app: ReturnType<typeof createApp>;

    beforeAll(async () => {
      database = await openTestDatabase("pglite");
      await migrateToLatest(database.db);
      app = createApp({ db: database.db, databaseKind: database.kind, config: loadConfig({}), devMailbox: true, wakeMailWorker: () => {} });
    });
    afterAll(() => database.close());

    it("hold method, masked path, status and time, and no token, address, query or body", async () => {
      setLogLevel("debug");
      const token = newSecretToken();
      const secretBody = JSON.stringify({ answers: { "network.name": "Geheimes Netzwerk, anna@kita.de" }, page: 0, baseRevision: 0 });
      await app.request(`http://kanon.test/api/r/${token}/draft?mail=anna@kita.de`, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: secretBody,
      });
      await app.request("http://kanon.test/api/auth/login", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: "anna@kita.de", password: "streng-geheim-123" }),
      });
      await app.request(`http://kanon.test/api/team/invitations/${token}`);
      setLogLevel("silent");
      const entries = lines.map((line) => JSON.parse(line));
      const requests = entries.filter((entry) => entry.message === "request");
      expect(requests.length).toBeGreaterThanOrEqual(3);
      for (const entry of requests) {
        expect(Object.keys(entry).sort()).toEqual(["level", "message", "method", "ms", "path", "pid", "status", "time"]);
      }
      expect(requests.map((entry) => entry.path)).toEqual(
        expect.arrayContaining(["/api/r/***/draft", "/api/auth/login", "/api/team/invitations/***"]),
      );
      const all = lines.join("");
      for (const secret of [token, "anna@kita.de", "anna", "Geheimes Netzwerk", "streng-geheim-123", "mail="]) expect(all).not.toContain(secret);
    });
  });
});
