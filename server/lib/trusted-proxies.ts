import { BlockList, isIP } from "node:net";

/** The reverse proxies whose X-Forwarded-For is believed (TRUSTED_PROXIES). */
export interface TrustedProxies {
  /** The configured entries, as written (for messages). */
  entries: string[];
  has(address: string): boolean;
}

/** `::ffff:10.0.0.1` (IPv4 seen on an IPv6 socket) → `10.0.0.1`. */
export function plainAddress(address: string): string {
  const trimmed = address.trim();
  return /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(trimmed) ? trimmed.slice(7) : trimmed;
}

/**
 * Parses TRUSTED_PROXIES: addresses and CIDR ranges separated by commas or spaces, e.g.
 * `127.0.0.1, ::1, 10.0.0.0/8`. `loopback` stands for 127.0.0.0/8 and ::1. Returns an Error
 * naming the first entry that is neither.
 */
export function parseTrustedProxies(text: string): TrustedProxies | Error {
  const entries = text.split(/[\s,]+/).filter((entry) => entry !== "");
  const list = new BlockList();
  for (const entry of entries) {
    if (entry === "loopback") {
      list.addSubnet("127.0.0.0", 8, "ipv4");
      list.addAddress("::1", "ipv6");
      continue;
    }
    const [address, prefix, extra] = entry.split("/");
    const family = isIP(address ?? "");
    const bits = prefix === undefined ? undefined : Number(prefix);
    const maxBits = family === 4 ? 32 : 128;
    if (family === 0 || extra !== undefined || (bits !== undefined && (!Number.isInteger(bits) || bits < 0 || bits > maxBits))) {
      return new Error(`"${entry}" is not an IP address or CIDR range (e.g. 10.0.0.1, 10.0.0.0/8, ::1, loopback)`);
    }
    const type = family === 4 ? "ipv4" : "ipv6";
    if (bits === undefined) list.addAddress(address!, type);
    else list.addSubnet(address!, bits, type);
  }
  return {
    entries,
    has(address: string) {
      const plain = plainAddress(address);
      const family = isIP(plain);
      return family !== 0 && list.check(plain, family === 4 ? "ipv4" : "ipv6");
    },
  };
}

/**
 * The client behind trusted proxies: X-Forwarded-For read from the right (each proxy appends the
 * address it received from), skipping trusted proxies; the first other address is the client.
 * Only when the direct peer is itself a trusted proxy; otherwise the peer is the client.
 */
export function clientBehindProxies(peer: string, forwardedFor: string | undefined, trusted: TrustedProxies): string {
  if (!forwardedFor || !trusted.has(peer)) return plainAddress(peer);
  const hops = forwardedFor
    .split(",")
    .map((hop) => plainAddress(hop))
    .filter((hop) => isIP(hop) !== 0);
  for (let index = hops.length - 1; index >= 0; index--) {
    if (!trusted.has(hops[index]!)) return hops[index]!;
  }
  return hops[0] ?? plainAddress(peer);
}
