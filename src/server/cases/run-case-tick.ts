import "server-only";
import type { MailSettings } from "@/server/distribution/mail-settings";
import type { MailTransport } from "@/server/email/transport";
import { deliverCaseNotifications } from "./deliver-case-notifications";
import { escalateOverdueCases } from "./escalate-overdue-cases";

/** The worker's minute job for cases: escalate overdue cases, then send pending case alerts (new and escalated). */
export async function runCaseTick({ transport, settings, now }: { transport: MailTransport; settings: MailSettings; now: Date }) {
  const { escalated } = await escalateOverdueCases({ now });
  const { sent, failed } = await deliverCaseNotifications({ transport, settings, now });
  return { escalated, sent, failed };
}
