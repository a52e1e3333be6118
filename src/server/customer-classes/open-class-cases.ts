import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { addDays, todayIn } from "@/lib/date-range";
import { AppError } from "@/lib/errors";
import { hasRole } from "@/lib/roles";
import { CLASS_CASES_MAX_DAYS_AHEAD, classCasesInputSchema } from "@/schemas/customer-classes";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import { invalidInput } from "@/server/cases/invalid-input";
import { db, TX_OPTIONS } from "@/server/db";
import { emitWebhookEvent } from "@/server/webhooks/emit-webhook-event";
import type { ClassActor } from "./class-actor";
import { classifiedContactsSql } from "./classify-contacts-sql";
import { getClassSettings } from "./get-class-settings";

const BATCH = 1000;

export type OpenClassCasesResult = {
  /** Contacts in the class now (in the actor's scope). */
  members: number;
  /** New follow-up cases, one per contact, on their latest answer. */
  created: number;
  /** Contacts with an open case already (OPEN or CONTACTED, on any of their answers): left alone. */
  alreadyOpen: number;
  /** Contacts whose latest answer has a case that was resolved or closed: a case belongs to one answer, so none is added. */
  answerFollowedUp: number;
  /** Contacts who never answered (e.g. lost customers classed by behaviour alone): a case needs an answer. */
  noAnswer: number;
};

type Candidate = { contactId: string; responseId: string | null; openCase: boolean; answerCase: boolean };

/**
 * "Follow up this class" (the class as a loop list): a follow-up case for every contact in the class now who has no open
 * case, on their latest answer, owned by `ownerId` (a member who works cases) and due at the end of `dueDate` in the
 * organisation's time zone — the case list, SLA escalation, replies and root causes then work as for any case. MANAGER+;
 * a unit-scoped manager reaches the class members of their subtree only.
 *
 * Idempotent: a second run finds those contacts with an open case and adds nothing; two runs at once cannot both add a
 * case for an answer (unique (organizationId, responseId), the insert skips duplicates). Each new case gets its OPENED
 * event (marked with the class) and a `case.created` webhook event; the run is one audit event with the counts.
 */
export async function openClassCases({ actor, input, now = new Date() }: { actor: ClassActor; input: unknown; now?: Date }): Promise<OpenClassCasesResult> {
  if (!hasRole(actor.role, "MANAGER")) throw new AppError("forbidden", "Opening follow-up cases needs the MANAGER role or higher.");
  const parsed = classCasesInputSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error);
  const { classKey, ownerId, dueDate } = parsed.data;
  const { organizationId } = actor;
  const settings = await getClassSettings(organizationId);
  if (!settings.classes.some((c) => c.key === classKey)) throw new AppError("not_found", "No such customer class.");
  const org = await db.organization.findUniqueOrThrow({ where: { id: organizationId }, select: { timeZone: true } });
  const today = todayIn(org.timeZone, now);
  if (dueDate < today || dueDate > addDays(today, CLASS_CASES_MAX_DAYS_AHEAD)) {
    throw new AppError("validation_failed", `dueDate: Choose a day from today to ${CLASS_CASES_MAX_DAYS_AHEAD} days ahead.`, { fields: ["dueDate"] });
  }
  const owner = await db.membership.findFirst({ where: { organizationId, userId: ownerId, role: { in: ["OWNER", "ADMIN", "MANAGER"] } }, select: { userId: true } });
  if (!owner) throw new AppError("validation_failed", "ownerId: Choose a member of the organisation who works cases.", { fields: ["ownerId"] });
  // The last moment of the due day in the organisation's zone.
  const [due] = await db.$queryRaw<{ at: Date }[]>`
    SELECT ((${dueDate}::date + 1)::timestamp AT TIME ZONE ${org.timeZone}) - interval '1 millisecond' AS "at"`;
  const dueAt = due?.at ?? now;
  const classified = classifiedContactsSql({ organizationId, rules: settings.rules.map((r) => r.rule), now, scopeUnitIds: actor.scopeUnitIds });

  return db.$transaction(async (tx) => {
    const candidates = await tx.$queryRaw<Candidate[]>(Prisma.sql`
      SELECT k."contactId"::text AS "contactId", k."responseId"::text AS "responseId",
        EXISTS (
          SELECT 1 FROM "Case" cs JOIN "Response" r ON r."organizationId" = cs."organizationId" AND r."id" = cs."responseId"
          WHERE cs."organizationId" = ${organizationId}::uuid AND r."contactId" = k."contactId" AND cs."status" IN ('OPEN', 'CONTACTED')
        ) AS "openCase",
        EXISTS (SELECT 1 FROM "Case" cs WHERE cs."organizationId" = ${organizationId}::uuid AND cs."responseId" = k."responseId") AS "answerCase"
      FROM (${classified}) k
      WHERE k."classKey" = ${classKey}
      ORDER BY k."contactId"`);
    const result: OpenClassCasesResult = { members: candidates.length, created: 0, alreadyOpen: 0, answerFollowedUp: 0, noAnswer: 0 };
    const toOpen: string[] = [];
    for (const c of candidates) {
      if (c.openCase) result.alreadyOpen += 1;
      else if (c.responseId === null) result.noAnswer += 1;
      else if (c.answerCase) result.answerFollowedUp += 1;
      else toOpen.push(c.responseId);
    }
    for (let i = 0; i < toOpen.length; i += BATCH) {
      const responses = await tx.response.findMany({
        where: { organizationId, id: { in: toOpen.slice(i, i + BATCH) } },
        select: { id: true, surveyId: true, unitId: true },
      });
      const created = await tx.case.createManyAndReturn({
        data: responses.map((r) => ({
          organizationId,
          responseId: r.id,
          surveyId: r.surveyId,
          unitId: r.unitId,
          ownerId,
          priority: "NORMAL" as const,
          status: "OPEN" as const,
          dueAt,
          createdAt: now,
        })),
        skipDuplicates: true,
        select: { id: true, responseId: true, surveyId: true, unitId: true },
      });
      result.created += created.length;
      // A concurrent run added the others meanwhile: they count as followed up on that answer.
      result.answerFollowedUp += responses.length - created.length;
      await tx.caseEvent.createMany({
        data: created.map((c) => ({
          organizationId,
          caseId: c.id,
          kind: "OPENED" as const,
          actorId: actor.userId,
          data: { ownerId, priority: "NORMAL", customerClass: classKey },
          createdAt: now,
        })),
      });
      for (const c of created) {
        await emitWebhookEvent(tx, { organizationId, type: "case.created", data: { caseId: c.id, responseId: c.responseId, surveyId: c.surveyId }, unitId: c.unitId, now });
      }
    }
    await recordAuditEvent(
      {
        organizationId,
        actorId: actor.userId,
        action: "cases.open_for_class",
        targetType: "Organization",
        targetId: organizationId,
        details: { customerClass: classKey, ownerId, dueDate, ...result },
      },
      tx,
    );
    return result;
  }, { ...TX_OPTIONS, timeout: 120_000 });
}
