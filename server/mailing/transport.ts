import nodemailer, { type SendMailOptions } from "nodemailer";
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";

export interface MailAddress {
  name: string;
  address: string;
}

export interface MailToSend {
  organisationId: string;
  from: string | MailAddress;
  to: string;
  subject: string;
  text: string;
  html: string;
  replyTo?: string;
  /** Stable per outbox row, so a mail repeated after a crash can be recognised by the receiver. */
  messageId?: string;
  /** Aborts a send that has not finished (graceful stop, or a claim another worker took over). */
  signal?: AbortSignal;
}

/** Delivers one mail or throws; `permanent` errors (SMTP 5xx) are not retried. */
export interface MailTransport {
  send(mail: MailToSend): Promise<void>;
  close(): void;
  /** How many sends the worker keeps in flight so the transport is never idle (default 10). */
  concurrency?: number;
}

export class MailDeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
  }
}

export interface SmtpTransportOptions {
  /** Pooled SMTP connections (MAIL_CONNECTIONS). The rate (MAIL_RATE) is applied by the mail worker. */
  connections?: number;
}

/**
 * SMTP reply codes after which a retry cannot help: 5xx, except 503 (bad sequence of commands,
 * a protocol hiccup rather than a verdict on the mail), as nodemailer itself judges them.
 */
export function isPermanentSmtpFailure(responseCode: number | undefined): boolean {
  return typeof responseCode === "number" && responseCode >= 500 && responseCode < 600 && responseCode !== 503;
}

/**
 * nodemailer over a pool of SMTP connections. A connection the server
 * drops while a mail is on it is replaced and the mail re-sent by the pool a few times; what still
 * fails comes back as a temporary error, which the outbox retries with backoff.
 */
export function smtpTransport(smtpUrl: string, options: SmtpTransportOptions = {}): MailTransport {
  const connections = options.connections ?? 5;
  const transporter = nodemailer.createTransport({ url: smtpUrl, pool: true, maxConnections: connections });
  return {
    // Two per connection: the pool always has the next mail at hand when a connection frees up.
    concurrency: connections * 2,
    async send(mail) {
      try {
        await transporter.sendMail({
          from: mail.from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
          ...(mail.messageId ? { messageId: mail.messageId } : {}),
          ...(mail.signal ? { signal: mail.signal } : {}),
        } as SendMailOptions);
      } catch (error) {
        const responseCode = (error as { responseCode?: number }).responseCode;
        const message = (error as { response?: string }).response ?? (error as Error).message;
        throw new MailDeliveryError(message, isPermanentSmtpFailure(responseCode));
      }
    },
    close: () => transporter.close(),
  };
}

/**
 * The built-in dev mailbox: mails are stored in a table and shown at /dev/mailbox, so the whole
 * loop can be walked without a mail server. Used when SMTP_URL is not set.
 */
export function devMailboxTransport(db: Kysely<Database>): MailTransport {
  return {
    async send(mail) {
      await db
        .insertInto("dev_mailbox")
        .values({
          organisation_id: mail.organisationId,
          to_address: mail.to,
          subject: mail.subject,
          text_body: mail.text,
          html_body: mail.html,
        })
        .execute();
    },
    close: () => {},
  };
}
