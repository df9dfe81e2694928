import type { ContentfulStatusCode } from "hono/utils/http-status";

/**
 * An error the client is meant to see: a stable `code`, a German and an English message and
 * the HTTP status. Everything else that escapes a handler becomes a generic 500 without details.
 */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    readonly messages: { de: string; en: string },
    readonly details?: unknown,
  ) {
    super(messages.en);
  }

  toJSON() {
    return {
      error: {
        code: this.code,
        message: this.messages.en,
        messageDe: this.messages.de,
        ...(this.details === undefined ? {} : { details: this.details }),
      },
    };
  }
}

export const notFound = (what = "Resource") =>
  new ApiError(404, "not_found", { de: "Nicht gefunden.", en: `${what} not found.` });
