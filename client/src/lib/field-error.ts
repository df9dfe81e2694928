import { ApiRequestError } from "./api.ts";
import type { Language } from "./i18n.ts";

/**
 * The server's reason for one field of a refused form (`details: [{ path, message, messageDe }]`),
 * in the UI's language, or null. Validation errors name fields in English only; reasons the
 * server words itself (a weak password, a wrong current password) carry German too.
 *
 * @example
 * fieldError(error, "password", lang); // "Dies ist ein häufiges Passwort. …"
 */
export function fieldError(error: unknown, path: string, lang: Language): string | null {
  if (!(error instanceof ApiRequestError) || !Array.isArray(error.details)) return null;
  const detail = (error.details as { path?: unknown; message?: unknown; messageDe?: unknown }[]).find((entry) => entry?.path === path);
  if (!detail) return null;
  const german = typeof detail.messageDe === "string" ? detail.messageDe : null;
  const english = typeof detail.message === "string" ? detail.message : null;
  return lang === "de" ? (german ?? english) : (english ?? german);
}
