import { ApiError } from "../lib/api-error.ts";
import type { PasswordContext } from "../lib/password-strength.ts";
import { inWorker } from "../lib/worker-pool.ts";

/**
 * Refuses a weak password with 400 `weak_password`, the reason at the field: `details` is
 * `[{ path, message, messageDe }]` like a validation error's, with the problem and zxcvbn's
 * suggestions in both languages, so the form shows it under the password it is about.
 * Everywhere a password is set (setup, invitation, change, reset) goes through here.
 *
 * @example
 * await requireStrongPassword(body.newPassword, { name, email, organisationName }, "newPassword");
 */
export async function requireStrongPassword(password: string, context: PasswordContext, field = "password"): Promise<void> {
  // zxcvbn can take a few hundred milliseconds on a crafted password: off the event loop.
  const verdict = await inWorker("passwordStrength", password, context);
  if (verdict.acceptable) return;
  const reason = [verdict.problem, ...verdict.suggestions].filter((text) => text !== null);
  throw new ApiError(
    400,
    "weak_password",
    {
      de: `Das Passwort ist zu leicht zu erraten. ${reason.map((text) => text.de).join(" ")}`,
      en: `The password is too easy to guess. ${reason.map((text) => text.en).join(" ")}`,
    },
    [{ path: field, message: reason.map((text) => text.en).join(" "), messageDe: reason.map((text) => text.de).join(" ") }],
  );
}
