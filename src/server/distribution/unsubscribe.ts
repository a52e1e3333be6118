import "server-only";
import { emitWebhookEventSafely } from "@/server/webhooks/emit-webhook-event";
import { tokenSchema } from "@/schemas/response";
import { brandIn } from "@/lib/brand";
import { db } from "@/server/db";

export type UnsubscribeTarget = { brand: string; email: string | null; locale: string | null; defaultLocale: string; unsubscribedAt: Date | null };

/** What the unsubscribe page shows for a token, or null for an unknown / malformed one. */
export async function getUnsubscribeTarget(token: string): Promise<UnsubscribeTarget | null> {
  const parsed = tokenSchema.safeParse(token);
  if (!parsed.success) return null;
  const invitation = await db.invitation.findFirst({
    where: { token: parsed.data },
    select: {
      locale: true,
      unsubscribedAt: true,
      contact: { select: { email: true, locale: true, unsubscribedAt: true } },
      survey: { select: { brandName: true, brandNames: true, defaultLocale: true } },
    },
  });
  if (!invitation) return null;
  return {
    brand: brandIn(invitation.survey, invitation.locale ?? invitation.contact.locale ?? invitation.survey.defaultLocale),
    email: invitation.contact.email,
    locale: invitation.locale ?? invitation.contact.locale,
    defaultLocale: invitation.survey.defaultLocale,
    unsubscribedAt: invitation.contact.unsubscribedAt ?? invitation.unsubscribedAt,
  };
}

/**
 * One-click unsubscribe (RFC 8058): the contact and this invitation are marked, in one transaction; a
 * second call changes nothing. Every later send and reminder checks Contact.unsubscribedAt.
 */
export async function unsubscribeByToken({ token, now = new Date() }: { token: string; now?: Date }): Promise<UnsubscribeTarget | null> {
  const parsed = tokenSchema.safeParse(token);
  if (!parsed.success) return null;
  const invitation = await db.invitation.findFirst({ where: { token: parsed.data }, select: { id: true, organizationId: true, contactId: true } });
  if (!invitation) return null;
  const [, contactMarked] = await db.$transaction([
    db.invitation.updateMany({ where: { organizationId: invitation.organizationId, id: invitation.id, unsubscribedAt: null }, data: { unsubscribedAt: now } }),
    db.contact.updateMany({
      where: { organizationId: invitation.organizationId, id: invitation.contactId, unsubscribedAt: null },
      data: { unsubscribedAt: now },
    }),
  ]);
  if (contactMarked.count > 0) {
    await emitWebhookEventSafely({ organizationId: invitation.organizationId, type: "contact.unsubscribed", data: { contactId: invitation.contactId }, now });
  }
  return getUnsubscribeTarget(parsed.data);
}

/** The tracking pixel: the first open is recorded; anything odd is ignored (a pixel never fails). */
export async function recordOpen({ token, now = new Date() }: { token: string; now?: Date }): Promise<void> {
  const parsed = tokenSchema.safeParse(token);
  if (!parsed.success) return;
  try {
    await db.invitation.updateMany({ where: { token: parsed.data, openedAt: null }, data: { openedAt: now } });
  } catch (error) {
    console.error("could not record an email open:", error instanceof Error ? error.message : String(error));
  }
}
