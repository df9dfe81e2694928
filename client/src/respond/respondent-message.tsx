import { ApiRequestError } from "../lib/api.ts";
import type { MessageKey } from "../lib/i18n.ts";
import { respondentErrorMessage, useRespondentI18n } from "./respondent-address.tsx";

const titles: Record<string, MessageKey> = {
  link_unknown: "respond.unknownTitle",
  link_revoked: "respond.revokedTitle",
  survey_closed: "respond.closedTitle",
  too_many_unknown_links: "respond.tooManyTitle",
  network_error: "respond.networkTitle",
};

/** Codes where trying again right away cannot help. */
const final = new Set(["link_unknown", "link_revoked", "survey_closed", "too_many_unknown_links"]);

/** The heading (and tab title) for a link that cannot be used. */
export function messageTitleKey(error: unknown): MessageKey {
  const code = error instanceof ApiRequestError ? error.code : "";
  return titles[code] ?? "respond.errorTitle";
}

interface RespondentMessageProps {
  error: unknown;
  onRetry: () => void;
  /** Answers are kept in this browser (worth saying when the server cannot be reached). */
  answersKeptHere?: boolean;
}

/**
 * A link that cannot be answered (unknown, withdrawn, survey ended, too many unknown links from
 * this device) or could not be loaded (no connection, server trouble): a clear page in the
 * respondent's language with the server's words, whom to ask, and a retry where it may help.
 */
export function RespondentMessage({ error, onRetry, answersKeptHere = false }: RespondentMessageProps) {
  const { t } = useRespondentI18n();
  const code = error instanceof ApiRequestError ? error.code : "";
  const organisation = organisationOf(error);
  const message = respondentErrorMessage(error, t);
  return (
    <div className="card message-page" data-code={code || "error"}>
      <h1>{t(messageTitleKey(error))}</h1>
      <p>{message}</p>
      {code === "too_many_unknown_links" && <p>{t("respond.tooManyHint")}</p>}
      {answersKeptHere && !final.has(code) && <p>{t("respond.answersKeptHere")}</p>}
      {organisation && !message.includes(organisation) && <p className="meta">{t("respond.contact", { organisation })}</p>}
      {!final.has(code) && (
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
