import "server-only";
import { describeMailError, createSmtpTransport, type MailTransport } from "@/server/email/transport";
import type { MailSettings } from "@/server/distribution/mail-settings";

/**
 * Sends one account email (invitation, password reset) right away through the mail transport (SMTP_URL, else the
 * local catcher). Returns false when it could not be sent (the caller says so; the link can be sent again).
 */
export async function sendAccountMail(options: {
  to: string;
  mail: { subject: string; html: string; text: string };
  messageKey: string;
  settings: MailSettings;
  transport?: MailTransport;
}): Promise<boolean> {
  const domain = /@([A-Za-z0-9.-]+)>?\s*$/.exec(options.settings.from)?.[1] ?? "echo-nps.localhost";
  const transport = options.transport ?? createSmtpTransport(undefined, { maxConnections: 1 });
  try {
    await transport.send({
      from: options.settings.from,
      to: options.to,
      subject: options.mail.subject,
      html: options.mail.html,
      text: options.mail.text,
      headers: { "Auto-Submitted": "auto-generated" },
      messageId: `<${options.messageKey}@${domain}>`,
    });
    return true;
  } catch (error) {
    console.warn(`account email not sent: ${describeMailError(error)}`);
    return false;
  } finally {
    if (!options.transport) transport.close();
  }
}
