import { useCallback, useEffect, useRef, useState } from "react";
import { api } from "../lib/api.ts";
import type { Mail } from "../lib/api-types.ts";
import { ErrorAlert } from "../lib/error-alert.tsx";
import { formatDateTime } from "../lib/format.ts";
import { useI18n } from "../lib/i18n.ts";
import { Loading } from "../lib/loading.tsx";
import { useDocumentTitle } from "../lib/use-document-title.ts";
import { useInterval } from "../lib/use-interval.ts";
import { LinkifiedText } from "./linkified-text.tsx";

const POLL_MS = 3000;

/**
 * The dev mailbox: while no SMTP server is configured, every mail lands here, so a planner can
 * try the whole loop (invite, open the link, answer) on one machine.
 */
export function MailboxPage() {
  const { t, lang } = useI18n();
  useDocumentTitle(t("mailbox.title"));
  const [mails, setMails] = useState<Mail[] | null>(null);
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(() => {
    api
      .get<{ mails: Mail[] }>("/dev/mailbox")
      .then((answer) => {
        setMails(answer.mails);
        setError(null);
      })
      .catch(setError);
  }, []);
  useEffect(load, [load]);
  useInterval(load, POLL_MS);

  const selected = mails?.find((mail) => mail.id === selectedId) ?? null;
  const mailHeading = useRef<HTMLHeadingElement>(null);

  // Reading a mail moves the focus to it, so keyboard and screen-reader users land on its text.
  useEffect(() => {
    if (selectedId !== null) mailHeading.current?.focus();
  }, [selectedId]);

  return (
    <>
      <div className="toolbar">
        <h1>{t("mailbox.title")}</h1>
        <button type="button" onClick={load}>
          {t("common.refresh")}
        </button>
      </div>
      <p className="hint">{t("mailbox.intro")}</p>
      <ErrorAlert error={error} />
      {!mails && !error && <Loading />}
      {mails && mails.length === 0 && <p className="empty">{t("mailbox.empty")}</p>}
      {mails && mails.length > 0 && (
        <div className="mailbox">
          <section aria-labelledby="mail-list-heading" className="mail-list">
            <h2 id="mail-list-heading" className="visually-hidden">
              {t("mailbox.list")}
            </h2>
            <ul>
              {mails.map((mail) => (
                <li key={mail.id}>
                  <button
                    type="button"
                    className="mail-entry"
                    aria-pressed={mail.id === selectedId}
                    onClick={() => setSelectedId(mail.id)}
                  >
                    <span className="mail-subject">{mail.subject}</span>
                    <span className="meta">
                      {t("mailbox.to")}: {mail.to}
                    </span>
                    <span className="meta">{formatDateTime(mail.createdAt, lang)}</span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
          <section className="card mail-view" aria-label={selected?.subject ?? t("mailbox.select")}>
            {selected ? (
              <article aria-labelledby="mail-heading">
                <h2 id="mail-heading" tabIndex={-1} ref={mailHeading}>
                  {selected.subject}
                </h2>
                <dl className="mail-head">
                  <dt>{t("mailbox.to")}</dt>
                  <dd>{selected.to}</dd>
                  <dt>{t("mailbox.time")}</dt>
                  <dd>{formatDateTime(selected.createdAt, lang)}</dd>
                </dl>
                <LinkifiedText text={selected.text} />
              </article>
            ) : (
              <p className="empty">{t("mailbox.select")}</p>
            )}
          </section>
        </div>
      )}
    </>
  );
}
