import "server-only";
import nodemailer from "nodemailer";
import { env } from "@/env";

/** One outgoing message as the distribution services hand it over. */
export type OutgoingMail = {
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
  /** Our own Message-ID (`<…@host>`): stable per invitation and send, so a retried send can be recognised. */
  messageId: string;
};

/** Sends mail; the distribution services depend on this, tests and benchmarks pass their own. */
export type MailTransport = {
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
  close(): void;
};

/** Where mail goes: SMTP_URL, else the local catcher that `npm run dev` / the e2e server start. */
export function resolveSmtpUrl(): string {
  return env.SMTP_URL ?? `smtp://127.0.0.1:${env.MAIL_CATCHER_PORT}`;
}

/** A pooled nodemailer SMTP transport. The URL may hold credentials: it is never logged. */
export function createSmtpTransport(url: string = resolveSmtpUrl(), options: { maxConnections?: number } = {}): MailTransport {
  const transporter = nodemailer.createTransport({
    url,
    pool: true,
    maxConnections: options.maxConnections ?? 5,
    maxMessages: 500,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
    // A local catcher or sink on 127.0.0.1 speaks plain SMTP.
    ignoreTLS: /^smtp:\/\/(127\.0\.0\.1|localhost)[:/]/.test(url),
  });
  return {
    async send(mail) {
      const info = await transporter.sendMail({
        from: mail.from,
        to: mail.to,
        subject: mail.subject,
        html: mail.html,
        text: mail.text,
        headers: mail.headers,
        messageId: mail.messageId,
      });
      return { messageId: typeof info.messageId === "string" && info.messageId ? info.messageId : mail.messageId };
    },
    close() {
      transporter.close();
    },
  };
}

/** SMTP 5xx replies (bad recipient, rejected message) will not succeed on retry; 4xx and network errors might. */
export function isPermanentMailError(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const code = (error as { responseCode?: unknown }).responseCode;
  return typeof code === "number" && code >= 500 && code < 600;
}

/** A short, secret-free description of a send failure for Invitation.lastError. */
export function describeMailError(error: unknown): string {
  const raw = error instanceof Error ? `${(error as { code?: unknown }).code ?? error.name}: ${error.message}` : String(error);
  // Connection URLs in messages could carry credentials.
  return raw.replace(/\/\/[^@\s/]+@/g, "//***@").slice(0, 500);
}
