import { createHash, randomBytes } from "node:crypto";

/** A secret for a link: 256 random bits, URL-safe. Only its hash is ever stored. */
export function newSecretToken(): string {
  return randomBytes(32).toString("base64url");
}

/** SHA-256 hex of a secret; lookups compare hashes, so the secret itself never touches the database. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
