import { OpenAPIHono, z } from "@hono/zod-openapi";
import { ApiError } from "./api-error.ts";
import type { AppEnv } from "./context.ts";

/**
 * A feature router whose request validation failures become 400 responses in the house error
 * format, naming the offending fields, instead of zod's raw output.
 */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const fields = result.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
        throw new ApiError(
          400,
          "invalid_request",
          {
            de: `Ungültige Eingabe: ${fields.map((field) => field.path || "Anfrage").join(", ")}`,
            en: `Invalid request: ${fields.map((field) => `${field.path || "body"} (${field.message})`).join(", ")}`,
          },
          fields,
        );
      }
    },
  });
}

export const errorSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      messageDe: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .openapi("Error");

/** `{ content: { "application/json": { schema } } }` for request bodies and responses. */
export function json<T extends z.ZodType>(schema: T, description = "OK") {
  return { description, content: { "application/json": { schema } } } as const;
}

export function jsonBody<T extends z.ZodType>(schema: T) {
  return { body: { required: true, content: { "application/json": { schema } } } } as const;
}

export const errorResponses = {
  400: json(errorSchema, "Invalid request"),
  401: json(errorSchema, "Not signed in"),
  404: json(errorSchema, "Not found"),
  409: json(errorSchema, "Conflict with the current state"),
} as const;

export const uuidParam = z.object({ id: z.uuid().openapi({ param: { name: "id", in: "path" } }) });
