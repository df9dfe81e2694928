import { currentLanguage, translate } from "./i18n.ts";

/**
 * A small typed fetch wrapper for the Kanon API: JSON in and out, the session cookie of the same
 * origin, the CSRF token on changing requests, and one error type the pages can show as it is.
 */

/** An error answer of the API (`{error:{code,message,messageDe,details}}`) or a network failure. */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly messages: { de: string; en: string },
    readonly details?: unknown,
  ) {
    super(currentLanguage() === "en" ? messages.en : messages.de);
    this.name = "ApiRequestError";
  }

  /** The message in the language the user sees right now (it may have changed since). */
  get localizedMessage(): string {
    return currentLanguage() === "en" ? this.messages.en : this.messages.de;
  }

  /** True when the request never reached the server (offline, server down). */
  get isNetworkError(): boolean {
    return this.status === 0;
  }
}

let csrfToken = "";

/** Remembers the session's CSRF token (from /api/auth/me, login, setup or invitation accept). */
export function setCsrfToken(token: string): void {
  csrfToken = token;
}

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface RequestOptions {
  /** Keeps the request alive while the page unloads (respondent autosave on pagehide). */
  keepalive?: boolean;
  signal?: AbortSignal;
}

/** Turns a non-2xx response into an ApiRequestError, whatever its body looks like. */
async function errorFrom(response: Response): Promise<ApiRequestError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON (a proxy's error page, say): fall back to a generic message below.
  }
  const error = (body as { error?: { code?: string; message?: string; messageDe?: string; details?: unknown } } | null)
    ?.error;
  if (error && typeof error.code === "string") {
    return new ApiRequestError(
      response.status,
      error.code,
      { de: error.messageDe ?? error.message ?? error.code, en: error.message ?? error.messageDe ?? error.code },
      error.details,
    );
  }
  return new ApiRequestError(response.status, "http_error", {
    de: translate("de", "error.http", { status: response.status }),
    en: translate("en", "error.http", { status: response.status }),
  });
}

/** Sends one request to `/api${path}` and returns the parsed JSON answer. */
export async function apiRequest<T>(method: Method, path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET" && csrfToken) headers["X-CSRF-Token"] = csrfToken;
  let response: Response;
  try {
    response = await fetch(`/api${path}`, {
      method,
      headers,
      credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body),
      keepalive: options.keepalive,
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === "AbortError") throw cause;
    throw new ApiRequestError(0, "network_error", {
      de: translate("de", "error.network"),
      en: translate("en", "error.network"),
    });
  }
  if (!response.ok) throw await errorFrom(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export const api = {
  get: <T>(path: string, options?: RequestOptions) => apiRequest<T>("GET", path, undefined, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) => apiRequest<T>("POST", path, body ?? {}, options),
  put: <T>(path: string, body: unknown, options?: RequestOptions) => apiRequest<T>("PUT", path, body, options),
  patch: <T>(path: string, body: unknown, options?: RequestOptions) => apiRequest<T>("PATCH", path, body, options),
  delete: <T>(path: string, options?: RequestOptions) => apiRequest<T>("DELETE", path, undefined, options),
};

/** The message to show for anything a request may throw. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiRequestError) return error.localizedMessage;
  return translate(currentLanguage(), "error.unexpected");
}
