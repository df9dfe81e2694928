import { useEffect, useId, useState } from "react";
import { api } from "../lib/api.ts";
import { ErrorAlert } from "../lib/error-alert.tsx";
import { formatDateTime } from "../lib/format.ts";
import { isMessageKey, useI18n, type MessageKey } from "../lib/i18n.ts";
import { Loading } from "../lib/loading.tsx";
import { useSession } from "../lib/session.ts";
import { useDocumentTitle } from "../lib/use-document-title.ts";
import type { AuditEntry, AuditLogPage } from "./audit-types.ts";

const PAGE_SIZE = 50;

/** Labels of the settings fields an "organisation.settings_changed" entry names. */
const settingsFieldLabels: Record<string, MessageKey> = {
  name: "settings.name",
  privacyNotice: "settings.privacyDe",
  privacyNoticeEn: "settings.privacyEn",
  mailSenderName: "settings.senderName",
  mailReplyTo: "settings.replyTo",
  retentionMonths: "retention.heading",
};

/**
 * The audit log for admins (Protokoll): who opened, closed, exported or deleted what, and what the
 * retention period deleted; newest first, filtered by action, a page of 50 at a time.
 */
export function AuditLogPage() {
  const { t, lang } = useI18n();
  useDocumentTitle(t("audit.title"));
  const session = useSession();
  const isAdmin = session.status === "signed-in" && session.me.user.role === "admin";
  const id = useId();
  const [action, setAction] = useState("");
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<AuditLogPage | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (!isAdmin) return;
    const controller = new AbortController();
    const query = new URLSearchParams({ offset: String(offset), limit: String(PAGE_SIZE), ...(action ? { action } : {}) });
    setError(null);
    api
      .get<AuditLogPage>(`/audit-log?${query}`, { signal: controller.signal })
      .then(setPage)
      .catch((caught: unknown) => {
        if (!(caught instanceof DOMException && caught.name === "AbortError")) setError(caught);
      });
    return () => controller.abort();
  }, [isAdmin, action, offset]);

  const actionLabel = (value: string) => {
    const key = `audit.action.${value}`;
    return isMessageKey(key) ? t(key) : value;
  };

  function who(entry: AuditEntry) {
    if (!entry.userId && !entry.userName) return t("audit.system");
    if (!entry.userId) return t("audit.deletedUser", { name: entry.userName });
    return entry.userName;
  }

  function details(entry: AuditEntry): string {
    const parts: string[] = [];
    const value = entry.details as Record<string, unknown>;
    const number = (key: string) => (typeof value[key] === "number" ? (value[key] as number) : null);
    for (const [key, message] of [
      ["invitations", "audit.details.invitations"],
      ["responses", "audit.details.responses"],
      ["submissions", "audit.details.submissions"],
      ["mails", "audit.details.mails"],
      ["rows", "audit.details.rows"],
      ["removedValues", "audit.details.removedValues"],
      ["answers", "audit.details.answers"],
    ] as const) {
      const n = number(key);
      if (n !== null) parts.push(t(message, { n }));
    }
    if (typeof value.format === "string") parts.push(t("audit.details.format", { format: value.format }));
    if (Array.isArray(value.fields)) {
      const labels = value.fields.map((field) => {
        const key = settingsFieldLabels[String(field)];
        return key ? t(key) : String(field);
      });
      parts.push(t("audit.details.fields", { fields: labels.join(", ") }));
    }
    const retention = value.retentionMonths as { from?: number | null; to?: number | null } | undefined;
    if (retention && typeof retention === "object") {
      const months = (n: number | null | undefined) => (typeof n === "number" ? t("audit.details.months", { n }) : t("audit.details.retentionOff"));
      parts.push(t("audit.details.retention", { from: months(retention.from), to: months(retention.to) }));
    }
    return parts.join(" · ");
  }

  const options = page ? [...new Set([...page.actions, ...(action ? [action] : [])])].sort((a, b) => actionLabel(a).localeCompare(actionLabel(b), lang)) : [];

  return (
    <>
      <h1>{t("audit.title")}</h1>
      <p className="lead">{t("audit.intro")}</p>
      {session.status === "signed-in" && !isAdmin && <p className="alert alert-info">{t("audit.adminOnly")}</p>}
      {isAdmin && (
        <section className="card" aria-labelledby={`${id}-caption`}>
          <div className="toolbar">
            <div className="field">
              <label htmlFor={`${id}-action`}>{t("audit.filter")}</label>
              <select
                id={`${id}-action`}
                value={action}
                onChange={(event) => {
                  setAction(event.target.value);
                  setOffset(0);
                }}
              >
                <option value="">{t("audit.filterAll")}</option>
                {options.map((value) => (
                  <option key={value} value={value}>
                    {actionLabel(value)}
                  </option>
                ))}
              </select>
            </div>
            <p role="status" className="meta">
              {page && page.total > 0
                ? t("audit.range", { from: offset + 1, to: Math.min(page.total, offset + page.entries.length), total: page.total })
                : ""}
            </p>
          </div>
          <ErrorAlert error={error} />
          {!page && !error && <Loading />}
          {page && page.entries.length === 0 && <p className="empty">{action ? t("audit.emptyFiltered") : t("audit.empty")}</p>}
          {page && page.entries.length > 0 && (
            <div className="table-scroll">
              <table data-testid="audit-table">
                <caption id={`${id}-caption`} className="visually-hidden">
                  {t("audit.caption")}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{t("audit.col.time")}</th>
                    <th scope="col">{t("audit.col.who")}</th>
                    <th scope="col">{t("audit.col.what")}</th>
                    <th scope="col">{t("audit.col.target")}</th>
                    <th scope="col">{t("audit.col.details")}</th>
                  </tr>
                </thead>
                <tbody>
                  {page.entries.map((entry) => (
                    <tr key={entry.id}>
                      <td>
                        <time dateTime={entry.createdAt}>{formatDateTime(entry.createdAt, lang)}</time>
                      </td>
                      <td>{who(entry)}</td>
                      <td>{actionLabel(entry.action)}</td>
                      <td className="cell-break">{entry.targetLabel}</td>
                      <td className="meta">{details(entry)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {page && page.total > PAGE_SIZE && (
            <nav className="actions" aria-label={t("audit.paging")}>
              <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}>
                {t("audit.previous")}
              </button>
              <button type="button" disabled={offset + PAGE_SIZE >= page.total} onClick={() => setOffset(offset + PAGE_SIZE)}>
                {t("audit.next")}
              </button>
            </nav>
          )}
        </section>
      )}
    </>
  );
}
