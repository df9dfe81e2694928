import { ApiRequestError, errorMessage } from "../lib/api.ts";
import { useI18n, type MessageKey } from "../lib/i18n.ts";

const titles: Record<string, MessageKey> = {
  link_unknown: "respond.unknownTitle",
  link_revoked: "respond.revokedTitle",
  survey_closed: "respond.closedTitle",
};

/**
 * A link that cannot be answered (unknown, withdrawn, survey ended) or could not be loaded:
 * a clear page in the respondent's language with the server's words and whom to ask.
 */
export function RespondentMessage({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useI18n();
  const code = error instanceof ApiRequestError ? error.code : "";
  const title = t(titles[code] ?? "respond.errorTitle");
  const known = code in titles;
  const organisation = organisationOf(error);
  return (
    <div className="card message-page" data-code={code || "error"}>
      <h1>{title}</h1>
      <p>{errorMessage(error)}</p>
      {organisation && <p className="meta">{t("respond.contact", { organisation })}</p>}
      {!known && (
        <button type="button" className="button-primary" onClick={onRetry}>
          {t("respond.retry")}
        </button>
      )}
    </div>
  );
}

/** The organisation behind the link, when the server named it. */
export function organisationOf(error: unknown): string | undefined {
  if (!(error instanceof ApiRequestError)) return undefined;
  const details = error.details as { organisationName?: unknown } | undefined;
  return typeof details?.organisationName === "string" ? details.organisationName : undefined;
}
