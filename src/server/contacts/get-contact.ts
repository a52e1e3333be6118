import "server-only";
import { AppError } from "@/lib/errors";
import { maskAttributes, maskContactDetails, type PersonalDataView } from "@/lib/personal-data";
import { db } from "@/server/db";
import { attributeRolesFor } from "./attribute-roles";

/** How many invitations and responses the contact page shows (newest first). */
export const CONTACT_HISTORY_LIMIT = 200;

/**
 * Everything the contact page shows: the contact, their invitations and responses over time. `personalData`
 * "masked" masks the contact's details and personal attributes (src/lib/personal-data.ts); the page goes through
 * viewContact, which also records the view.
 */
export async function getContact({
  organizationId,
  contactId,
  personalData = "full",
}: {
  organizationId: string;
  contactId: string;
  personalData?: PersonalDataView;
}) {
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
  const attributes = (contact.attributes ?? {}) as Record<string, unknown>;
  const roles = await attributeRolesFor(organizationId, personalData);
  return {
    contact: { ...maskContactDetails(contact, personalData), attributes: maskAttributes(attributes, personalData, roles) },
    personalData,
    invitations,
    responses,
    invitationCount,
    responseCount,
  };
}

export type ContactDetail = Awaited<ReturnType<typeof getContact>>;
