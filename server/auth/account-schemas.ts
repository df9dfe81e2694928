import { z } from "@hono/zod-openapi";
import { MAX_PASSWORD_LENGTH } from "../lib/password-strength.ts";

/**
 * The request and answer shapes the account routes share. A new password is only bounded here;
 * its strength (length, guessability, the person's own data) is judged by requireStrongPassword,
 * which knows who sets it and answers in both languages at the field.
 */
export const emailField = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: "Not a valid e-mail address" }))
  .openapi({ example: "planung@wuppertal.de" });

export const newPasswordField = z.string().min(1).max(MAX_PASSWORD_LENGTH).openapi({ example: "fahrrad-gelb-fenster-abend" });

export const personNameField = z.string().trim().min(1).max(200);

export const okSchema = z.object({ ok: z.literal(true) });

export const tokenParam = z.object({ token: z.string().min(20).max(100).openapi({ param: { name: "token", in: "path" } }) });
