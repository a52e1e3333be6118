import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { AppError } from "@/lib/errors";
import { effectiveThrottleDays } from "@/lib/throttle";
import { triggerInvitationsSchema, type TriggerInvitationsInput } from "@/schemas/distribution";
import { ensureAttributeDefinitions } from "@/server/attributes/ensure-attribute-definitions";
import { upsertContact } from "@/server/contacts/upsert-contact";
import { db } from "@/server/db";
import { resolveOrgCodes } from "@/server/org/resolve-org-codes";
import type { Enqueuer } from "@/server/queue/queues";
import { getSurvey } from "@/server/surveys/get-survey";
import { insertInvitations, lockOrganizationInvitations, type SkipReasonName } from "./insert-invitations";

export type TriggerOutcome =
  | { email: string; contactId: string; status: "invited"; invitationId: string }
  | { email: string; contactId: string; status: "skipped"; reason: SkipReasonName };

export type TriggerOptions = {
  organizationId: string;
  surveyId: string;
  /** Unparsed request body: validated here. */
  input: TriggerInvitationsInput | unknown;
  enqueue: Enqueuer;
  now?: Date;
};

/**
 * The transactional trigger (POST /api/v1/surveys/{id}/invitations): upserts each contact by email, then
 * invites them under the same throttle rules as campaigns — all in one transaction, so bad input or a
 * failure leaves nothing half-written — and queues the emails after the optional delay.
 */
export async function triggerInvitations({ organizationId, surveyId, input, enqueue, now = new Date() }: TriggerOptions) {
  const survey = await getSurvey({ organizationId, surveyId });
  const data = triggerInvitationsSchema.parse(input);
  if (survey.status === "DRAFT") throw new AppError("conflict", "The survey is a draft: publish it before inviting contacts.");
  if (survey.status === "CLOSED") throw new AppError("conflict", "The survey is closed: it takes no new invitations.");
  const organization = await db.organization.findUniqueOrThrow({ where: { id: organizationId }, select: { throttleDays: true } });

  // One entry per email (the last one wins), in the order first seen.
  const byEmail = new Map<string, (typeof data.contacts)[number]>();
  for (const contact of data.contacts) {
    const seen = byEmail.get(contact.email);
    byEmail.set(contact.email, seen ? { ...seen, ...contact, attributes: { ...seen.attributes, ...contact.attributes } } : contact);
  }
  const contacts = [...byEmail.values()];
  const sendAfter = data.delaySeconds ? new Date(now.getTime() + data.delaySeconds * 1000) : null;
  // Unit / employee codes (per contact, else top level) → ids; unknown codes are a 422 before any write.
  const links = await resolveOrgCodes(
    organizationId,
    contacts.map((c) => ({ unitCode: c.unitCode ?? data.unitCode, employeeCode: c.employeeCode ?? data.employeeCode })),
  );
  const linkByEmail = new Map(contacts.map((c, i) => [c.email, links[i] ?? { unitId: null, employeeId: null }]));

  const attempt = () =>
    db.$transaction(
      async (tx) => {
        const saved: { email: string; contactId: string }[] = [];
        // New attribute keys judged on all of the call's values at once (one statement), before the contacts.
        await ensureAttributeDefinitions(tx, organizationId, contacts.map((contact) => contact.attributes ?? {}));
        for (const contact of contacts) {
          const row = await upsertContact(tx, {
            organizationId,
            input: { email: contact.email, name: contact.name, locale: contact.locale, attributes: contact.attributes },
          });
          if (contact.externalId) {
            // Only when no other contact of the organisation carries that external id (it is unique).
            await tx.$executeRaw`
              UPDATE "Contact" SET "externalId" = ${contact.externalId}, "updatedAt" = ${now}
              WHERE "organizationId" = ${organizationId}::uuid AND "id" = ${row.id}::uuid
                AND "externalId" IS DISTINCT FROM ${contact.externalId}
                AND NOT EXISTS (SELECT 1 FROM "Contact" o WHERE o."organizationId" = ${organizationId}::uuid
                                AND o."externalId" = ${contact.externalId} AND o."id" <> ${row.id}::uuid)`;
          }
          saved.push({ email: contact.email, contactId: row.id });
        }
        await lockOrganizationInvitations(tx, organizationId);
        const result = await insertInvitations(tx, {
          organizationId,
          surveyId: survey.id,
          campaignId: null,
          source: "api",
          channel: "API",
          audience: Prisma.sql`SELECT unnest(${saved.map((s) => s.contactId)}::uuid[]) AS "id"`,
          throttleDays: effectiveThrottleDays(organization.throttleDays, survey.throttleDays),
          now,
          sendAfter,
          context: (data.context ?? {}) as Prisma.InputJsonObject,
        });
        const emailByContact = new Map(saved.map((s) => [s.contactId, s.email]));
        const linked = result.invited.flatMap(({ invitationId, contactId }) => {
          const email = emailByContact.get(contactId);
          const link = email ? linkByEmail.get(email) : undefined;
          return link && (link.unitId || link.employeeId) ? [{ invitationId, ...link }] : [];
        });
        if (linked.length) {
          await tx.$executeRaw`
            UPDATE "Invitation" i SET "unitId" = l."unitId", "employeeId" = l."employeeId"
            FROM unnest(${linked.map((l) => l.invitationId)}::uuid[], ${linked.map((l) => l.unitId)}::uuid[],
                        ${linked.map((l) => l.employeeId)}::uuid[]) AS l("id", "unitId", "employeeId")
            WHERE i."organizationId" = ${organizationId}::uuid AND i."id" = l."id"`;
        }
        return { saved, result };
      },
      { maxWait: 10_000, timeout: 60_000 },
    );
  let outcome;
  try {
    outcome = await attempt();
  } catch (error) {
    // Two calls creating the same new contact at once: the retry finds the winner's contact.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") outcome = await attempt();
    else throw error;
  }
  const invited = new Map(outcome.result.invited.map((row) => [row.contactId, row.invitationId]));
  const skipped = new Map(outcome.result.skipped.map((row) => [row.contactId, row.reason]));
  await enqueue.send(organizationId, outcome.result.invited.map((row) => row.invitationId), sendAfter);
  const results: TriggerOutcome[] = outcome.saved.map(({ email, contactId }) => {
    const invitationId = invited.get(contactId);
    if (invitationId) return { email, contactId, status: "invited", invitationId };
    return { email, contactId, status: "skipped", reason: skipped.get(contactId) ?? "THROTTLED" };
  });
  return {
    surveyId: survey.id,
    sendAfter: sendAfter?.toISOString() ?? null,
    invited: results.filter((r) => r.status === "invited").length,
    skipped: results.filter((r) => r.status === "skipped").length,
    results,
  };
}
