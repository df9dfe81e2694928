import { errorMessage } from "./api.ts";
import { useI18n } from "./i18n.ts";

/**
 * An error message in a role="alert" region, so screen readers announce it at once. Re-renders
 * with the language, because API errors carry both texts.
 */
export function ErrorAlert({ error }: { error: unknown }) {
  useI18n();
  if (!error) return null;
  return (
    <p className="alert alert-error" role="alert">
      {errorMessage(error)}
    </p>
  );
}
