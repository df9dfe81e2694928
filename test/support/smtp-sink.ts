import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

/** A mail as the sink received it: the envelope's recipient and the parsed parts. */
export interface ReceivedMail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface SmtpSink {
  url: string;
  received: ReceivedMail[];
  /** Mails received for one address, oldest first. */
  mailsTo(address: string): ReceivedMail[];
  close(): Promise<void>;
}

/**
 * A real SMTP server inside the test process that accepts every mail and keeps it parsed: with
 * it as the transport, Kanon's dev mailbox is off (as in production), so what an admin can read
 * through the API is exactly what the API answers, and mails reach only their addressee.
 */
export function startSmtpSink(): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    disableReverseLookup: true,
    logger: false,
    onData(stream, session, callback) {
      const to = session.envelope.rcptTo[0]?.address ?? "";
      simpleParser(stream)
        .then((mail: ParsedMail) => {
          received.push({ to, subject: mail.subject ?? "", text: mail.text ?? "", html: typeof mail.html === "string" ? mail.html : "" });
          callback();
        })
        .catch(callback);
    },
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.server.address() as AddressInfo;
      resolve({
        url: `smtp://127.0.0.1:${port}`,
        received,
        mailsTo: (address) => received.filter((mail) => mail.to === address),
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}
