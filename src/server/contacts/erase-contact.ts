import "server-only";
import { AppError } from "@/lib/errors";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import { auditIpOrNull } from "@/server/audit/request-context";
import { db } from "@/server/db";
import { forgetCommentReadings } from "@/server/text/theme-aggregates";
import { clearFollowUpAmounts } from "@/server/outcomes/follow-ups";
import { assertContactAdmin, type ContactActor } from "./actor";

export type EraseContactResult = { responsesKept: number; commentsRemoved: number; answersRemoved: number };

/**
 * Erases a contact's personal data on request, in one transaction (ADMIN and OWNER only):
 * - the contact's email, name, phone, external id and attributes are removed and `erasedAt` is set;
 * - responses stay, with their scores and the segment snapshot (Response.attributes: region, tier … — no
 *   personal fields), so NPS figures do not change; their free-text comments and open-text answers are removed,
 *   since a customer may have written anything there;
 * - delivery errors on their invitations (which may quote the address) are cleared.
 */
export async function eraseContact({ actor, contactId }: { actor: ContactActor; contactId: string }): Promise<EraseContactResult> {
  assertContactAdmin(actor);
  const { organizationId } = actor;
  const ip = await auditIpOrNull();
  return db.$transaction(async (tx) => {
    const contact = await tx.contact.findFirst({ where: { organizationId, id: contactId }, select: { id: true, erasedAt: true } });
    if (!contact) throw new AppError("not_found", "No such contact.");
    await tx.contact.update({
      where: { organizationId_id: { organizationId, id: contact.id } },
      data: { email: null, name: null, phone: null, externalId: null, attributes: {}, erasedAt: contact.erasedAt ?? new Date() },
    });
    // The comments' readings (themes, tokens) go with them, uncounted from the theme pre-aggregate (docs/decisions/0031).
    const withComments = await tx.response.findMany({ where: { organizationId, contactId, comment: { not: null } }, select: { id: true } });
    await forgetCommentReadings(tx, organizationId, withComments.map((r) => r.id));
    const comments = await tx.response.updateMany({ where: { organizationId, contactId, comment: { not: null } }, data: { comment: null } });
    const answers = await tx.answer.deleteMany({
      where: { organizationId, response: { organizationId, contactId }, question: { type: "OPEN_TEXT" } },
    });
    await tx.invitation.updateMany({ where: { organizationId, contactId, lastError: { not: null } }, data: { lastError: null } });
    // Behaviour events stay in the outcome rates (like scores in NPS); their amounts are the customer's financial data.
    await tx.outcomeEvent.updateMany({ where: { organizationId, contactId, amount: { not: null } }, data: { amount: null, currency: null } });
    await clearFollowUpAmounts(tx, organizationId, contactId);
    const responsesKept = await tx.response.count({ where: { organizationId, contactId } });
    await recordAuditEvent(
      {
        organizationId,
        actorId: actor.userId,
        action: "contact.erase",
        targetType: "Contact",
        targetId: contact.id,
        details: { responsesKept, commentsRemoved: comments.count, answersRemoved: answers.count, alreadyErased: contact.erasedAt !== null },
        ip,
      },
      tx,
    );
    return { responsesKept, commentsRemoved: comments.count, answersRemoved: answers.count };
  });
}
