import "server-only";
import { AppError } from "@/lib/errors";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import { db } from "@/server/db";
import { assertContactAdmin, type ContactActor } from "./actor";

/**
 * A data-subject access request: everything we hold on one contact, as one JSON document — the contact, every
 * invitation (without its link token, a credential), every response with its answers, and the invitations
 * not sent to them (throttling, unsubscribe). ADMIN and OWNER only. Recorded in the audit log (who, when, from where).
 */
export async function exportContact({ actor, contactId, ip }: { actor: ContactActor; contactId: string; ip?: string | null }) {
  assertContactAdmin(actor);
  const { organizationId } = actor;
  const contact = await db.contact.findFirst({ where: { organizationId, id: contactId }, omit: { organizationId: true } });
  if (!contact) throw new AppError("not_found", "No such contact.");
  await recordAuditEvent({ organizationId, actorId: actor.userId, action: "contact.export", targetType: "Contact", targetId: contact.id, details: { format: "json" }, ip });
  const [invitations, responses, skips] = await Promise.all([
    db.invitation.findMany({
      where: { organizationId, contactId },
      orderBy: { createdAt: "asc" },
      omit: { token: true, organizationId: true, contactId: true },
      include: { survey: { select: { name: true } } },
    }),
    db.response.findMany({
      where: { organizationId, contactId },
      orderBy: { createdAt: "asc" },
      omit: { organizationId: true, contactId: true, submissionKey: true },
      include: {
        survey: { select: { name: true } },
        answers: { orderBy: { createdAt: "asc" }, select: { value: true, createdAt: true, question: { select: { key: true, type: true } } } },
      },
    }),
    db.invitationSkip.findMany({
      where: { organizationId, contactId },
      orderBy: { createdAt: "asc" },
      select: { surveyId: true, campaignId: true, reason: true, source: true, createdAt: true },
    }),
  ]);
  return {
    exportedAt: new Date().toISOString(),
    contact,
    invitations,
    responses: responses.map(({ answers, ...response }) => ({
      ...response,
      answers: answers.map((answer) => ({ question: answer.question.key, type: answer.question.type, value: answer.value, createdAt: answer.createdAt })),
    })),
    skippedInvitations: skips,
  };
}

export type ContactExport = Awaited<ReturnType<typeof exportContact>>;
