import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context } from "hono";

/** The client's network address, for rate limits only (it is hashed before it is stored). */
export function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? "unknown";
  } catch {
    return "in-process";
  }
}
