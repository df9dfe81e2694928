import nodemailer from "nodemailer";
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";

export interface MailToSend {
  organisationId: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Delivers one mail or throws; `permanent` errors (SMTP 5xx) are not retried. */
export interface MailTransport {
  send(mail: MailToSend): Promise<void>;
  close(): void;
}

export class MailDeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
  }
}

/** nodemailer over a pooled SMTP connection. */
export function smtpTransport(smtpUrl: string): MailTransport {
  const transporter = nodemailer.createTransport({ url: smtpUrl, pool: true, maxConnections: 5 });
  return {
    async send(mail) {
      try {
        await transporter.sendMail({ from: mail.from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html });
      } catch (error) {
        const responseCode = (error as { responseCode?: number }).responseCode;
        const message = (error as { response?: string }).response ?? (error as Error).message;
        throw new MailDeliveryError(message, typeof responseCode === "number" && responseCode >= 500);
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
