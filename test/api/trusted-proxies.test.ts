import { serve, type ServerType } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../server/app.ts";
import { ConfigError, loadConfig } from "../../server/config.ts";
import { LINK_LOOKUP_LIMIT } from "../../server/respond/look-up-link.ts";
import { clientBehindProxies, parseTrustedProxies, type TrustedProxies } from "../../server/lib/trusted-proxies.ts";
import { createTestApp, type TestApp } from "../support/test-app.ts";

/**
 * Behind a reverse proxy every request comes from the proxy's address. With the proxy listed in
 * TRUSTED_PROXIES, per-client limits (unknown survey links, logins, share links) apply to each
 * client named in X-Forwarded-For; without it the header is ignored, so a client cannot dodge a
 * limit by sending one.
 */

const trusted = (text: string) => parseTrustedProxies(text) as TrustedProxies;

describe("TRUSTED_PROXIES", () => {
  it("accepts addresses, CIDR ranges and 'loopback'; refuses anything else with the entry named", () => {
    expect(trusted("127.0.0.1, 10.0.0.0/8 ::1").entries).toEqual(["127.0.0.1", "10.0.0.0/8", "::1"]);
    expect(trusted("loopback").has("127.0.0.53")).toBe(true);
    expect(trusted("10.0.0.0/8").has("::ffff:10.1.2.3")).toBe(true);
    expect(trusted("10.0.0.0/8").has("11.0.0.1")).toBe(false);
    expect(() => loadConfig({ TRUSTED_PROXIES: "127.0.0.1, proxy.local" })).toThrow(ConfigError);
    expect(() => loadConfig({ TRUSTED_PROXIES: "10.0.0.0/33" })).toThrow(/10\.0\.0\.0\/33/);
  });

  it("takes the nearest address that is not a trusted proxy, and only from a trusted peer", () => {
    const proxies = trusted("10.0.0.0/8");
    expect(clientBehindProxies("10.0.0.2", "203.0.113.7", proxies)).toBe("203.0.113.7");
    // A client's own forged entry stands left of what the proxies appended: not believed.
    expect(clientBehindProxies("10.0.0.2", "198.51.100.1, 203.0.113.7, 10.0.0.3", proxies)).toBe("203.0.113.7");
    expect(clientBehindProxies("203.0.113.9", "198.51.100.1", proxies)).toBe("203.0.113.9");
    expect(clientBehindProxies("10.0.0.2", "not-an-address", proxies)).toBe("10.0.0.2");
    expect(clientBehindProxies("::ffff:10.0.0.2", undefined, proxies)).toBe("10.0.0.2");
  });
});

describe("per-client limits over real HTTP", () => {
  let testApp: TestApp;
  const servers: ServerType[] = [];

  /** The app on a real socket (127.0.0.1), with the given TRUSTED_PROXIES. */
  async function listen(trustedProxies: string): Promise<string> {
    const app = createApp({
      db: testApp.database.db,
      databaseKind: testApp.database.kind,
      config: loadConfig({ LOG_LEVEL: "silent", TRUSTED_PROXIES: trustedProxies }),
      devMailbox: true,
      wakeMailWorker: () => {},
    });
    const server = await new Promise<ServerType>((resolve) => {
      const instance = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(instance));
    });
    servers.push(server);
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  const unknownLink = (base: string, forwardedFor: string, attempt: number) =>
    fetch(`${base}/api/r/unbekannt-${forwardedFor}-${attempt}-${"x".repeat(30)}`, { headers: { "x-forwarded-for": forwardedFor } });

  beforeAll(async () => {
    testApp = await createTestApp("pglite");
  });
  afterAll(async () => {
    for (const server of servers) server.close();
    await testApp?.close();
  });

  it("behind a trusted proxy, one client trying unknown links is stopped, the others are not", async () => {
    const base = await listen("loopback");
    for (let attempt = 0; attempt < LINK_LOOKUP_LIMIT.failures; attempt++) {
      expect((await unknownLink(base, "203.0.113.7", attempt)).status).toBe(404);
    }
    const blocked = await unknownLink(base, "203.0.113.7", 99);
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get("retry-after")).toBe(String(LINK_LOOKUP_LIMIT.windowMinutes * 60));
    expect((await unknownLink(base, "203.0.113.8", 0)).status).toBe(404);
  });

  it("without TRUSTED_PROXIES the header is ignored: changing it does not dodge the limit", async () => {
    const base = await listen("");
    for (let attempt = 0; attempt < LINK_LOOKUP_LIMIT.failures; attempt++) {
      expect((await unknownLink(base, `198.51.100.${attempt}`, attempt)).status).toBe(404);
    }
    expect((await unknownLink(base, "198.51.100.250", 0)).status).toBe(429);
  });
});
