import { errorMessage } from "./api.ts";
import { fieldError } from "./field-error.ts";
import { useI18n } from "./i18n.ts";

/**
 * An error message in a role="alert" region, so screen readers announce it at once. Re-renders
 * with the language, because API errors carry both texts. When the reason stands at one of the
 * form's `fields` (a weak password, a wrong current password), the alert only points there
 * instead of saying it twice.
 */
export function ErrorAlert({ error, fields = [] }: { error: unknown; fields?: string[] }) {
  const { t, lang } = useI18n();
  if (!error) return null;
  const atField = fields.some((field) => fieldError(error, field, lang) !== null);
  return (
    <p className="alert alert-error" role="alert">
      {atField ? t("error.atField") : errorMessage(error)}
    </p>
  );
}
