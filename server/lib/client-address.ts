import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context } from "hono";
import type { AppEnv } from "./context.ts";
import { clientBehindProxies } from "./trusted-proxies.ts";

/**
 * The client's network address, for rate limits only (it is hashed before it is stored). Behind
 * a reverse proxy listed in TRUSTED_PROXIES it comes from X-Forwarded-For; otherwise (and for a
 * header sent by anyone else) it is the address of the connection.
 */
export function clientAddress(c: Context<AppEnv>): string {
  let peer: string;
  try {
    peer = getConnInfo(c).remote.address ?? "unknown";
  } catch {
    return "in-process";
  }
  return clientBehindProxies(peer, c.req.header("x-forwarded-for"), c.var.services.config.trustedProxies);
}
