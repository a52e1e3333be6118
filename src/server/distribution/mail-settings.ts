import "server-only";
import { env } from "@/env";

/** What every distribution send needs besides the transport: the public base URL and the sender. */
export type MailSettings = { appUrl: string; from: string };

export function defaultMailSettings(): MailSettings {
  const port = process.env.PORT ?? "3000";
  return { appUrl: (env.APP_URL ?? `http://localhost:${port}`).replace(/\/+$/, ""), from: env.MAIL_FROM };
}

/** A stable Message-ID per invitation and send (0 = the invitation, 1–2 = reminders): a retried send reuses it. */
export function invitationMessageId(invitationId: string, send: number, settings: MailSettings): string {
  const domain = /@([A-Za-z0-9.-]+)>?\s*$/.exec(settings.from)?.[1] ?? "echo-nps.localhost";
  return `<invitation-${invitationId}-${send}@${domain}>`;
}
