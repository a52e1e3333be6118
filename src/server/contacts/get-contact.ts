import "server-only";
import { AppError } from "@/lib/errors";
import { db } from "@/server/db";

/** How many invitations and responses the contact page shows (newest first). */
export const CONTACT_HISTORY_LIMIT = 200;

/** Everything the contact page shows: the contact, their invitations and responses over time. */
export async function getContact({ organizationId, contactId }: { organizationId: string; contactId: string }) {
  const contact = await db.contact.findFirst({ where: { organizationId, id: contactId } });
  if (!contact) throw new AppError("not_found", "No such contact.");
  const [invitations, responses, invitationCount, responseCount] = await Promise.all([
    db.invitation.findMany({
      where: { organizationId, contactId },
      orderBy: { createdAt: "desc" },
      take: CONTACT_HISTORY_LIMIT,
      select: {
        id: true,
        channel: true,
        createdAt: true,
        sentAt: true,
        failedAt: true,
        openedAt: true,
        clickedAt: true,
        respondedAt: true,
        unsubscribedAt: true,
        remindersSent: true,
        survey: { select: { id: true, name: true } },
      },
    }),
    db.response.findMany({
      where: { organizationId, contactId },
      orderBy: { createdAt: "desc" },
      take: CONTACT_HISTORY_LIMIT,
      select: {
        id: true,
        score: true,
        category: true,
        comment: true,
        channel: true,
        touchpoint: true,
        completed: true,
        excluded: true,
        createdAt: true,
        survey: { select: { id: true, name: true } },
      },
    }),
    db.invitation.count({ where: { organizationId, contactId } }),
    db.response.count({ where: { organizationId, contactId } }),
  ]);
  return {
    contact: { ...contact, attributes: (contact.attributes ?? {}) as Record<string, unknown> },
    invitations,
    responses,
    invitationCount,
    responseCount,
  };
}

export type ContactDetail = Awaited<ReturnType<typeof getContact>>;
