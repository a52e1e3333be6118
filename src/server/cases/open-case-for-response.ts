import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { decideCase, dueDate, resolveOwner, type CasePriorityName } from "@/lib/case-rules";
import { unitManagerChain } from "@/server/org/unit-scope";

type Tx = Prisma.TransactionClient;

export type OpenCaseResult = { caseId: string; created: boolean } | null;

/**
 * Opens the follow-up case a response calls for, inside the caller's transaction (the respondent's step 1):
 * the first matching rule decides priority and owner; without one a detractor opens a NORMAL case.
 * Owner: the rule's user, the nearest manager of the rule's unit (the unit's own, else the one above it …), the
 * nearest manager of the response's unit (a team without one goes to its branch's, then its region's), the
 * organisation's fallback owner, its first OWNER. Due: created + the organisation's SLA hours.
 * Exactly one case per response: the insert skips a duplicate on (organizationId, responseId) without
 * aborting the transaction, so a repeat returns the existing case. An OPENED event carries the owner to
 * alert; the alert email goes out after commit (deliverCaseNotifications, run by the worker).
 */
export async function openCaseForResponse(tx: Tx, organizationId: string, responseId: string): Promise<OpenCaseResult> {
  const response = await tx.response.findUnique({
    where: { organizationId_id: { organizationId, id: responseId } },
    select: {
      id: true,
      organizationId: true,
      surveyId: true,
      score: true,
      category: true,
      touchpoint: true,
      attributes: true,
      unitId: true,
      createdAt: true,
      excluded: true,
      unit: { select: { code: true } },
      case: { select: { id: true } },
    },
  });
  if (!response || response.excluded) return null;
  if (response.case) return { caseId: response.case.id, created: false };

  const rules = await tx.caseRule.findMany({
    where: { organizationId, active: true },
    orderBy: [{ position: "asc" }, { id: "asc" }],
    select: { id: true, position: true, active: true, match: true, priority: true, ownerId: true, ownerUnitId: true },
  });
  const decision = decideCase(rules, {
    score: response.score,
    category: response.category,
    touchpoint: response.touchpoint,
    surveyId: response.surveyId,
    attributes: response.attributes,
    unitCode: response.unit?.code ?? null,
  });
  if (!decision.open) return null;

  const organization = await tx.organization.findUniqueOrThrow({
    where: { id: organizationId },
    select: { caseSlaHours: true, fallbackCaseOwnerId: true },
  });
  const nearestManager = async (unitId: string | null) =>
    unitId ? ((await unitManagerChain(organizationId, unitId, tx)).find((id) => id !== null) ?? null) : null;
  const firstOwner = await tx.membership.findFirst({
    where: { organizationId, role: "OWNER" },
    orderBy: { createdAt: "asc" },
    select: { userId: true },
  });
  const ownerId = resolveOwner({
    ruleOwnerId: decision.ownerId,
    ruleUnitManagerId: await nearestManager(decision.ownerUnitId),
    responseUnitManagerId: await nearestManager(response.unitId),
    fallbackOwnerId: organization.fallbackCaseOwnerId,
    firstOrgOwnerId: firstOwner?.userId ?? null,
  });
  const priority: CasePriorityName = decision.priority;
  const createdAt = response.createdAt;

  const inserted = await tx.case.createManyAndReturn({
    data: [
      {
        organizationId,
        responseId: response.id,
        surveyId: response.surveyId,
        unitId: response.unitId,
        ruleId: decision.ruleId,
        ownerId,
        priority,
        status: "OPEN",
        dueAt: dueDate(createdAt, priority, organization.caseSlaHours),
        createdAt,
      },
    ],
    skipDuplicates: true,
    select: { id: true },
  });
  const created = inserted[0];
  if (!created) {
    const existing = await tx.case.findUniqueOrThrow({
      where: { organizationId_responseId: { organizationId, responseId: response.id } },
      select: { id: true },
    });
    return { caseId: existing.id, created: false };
  }
  await tx.caseEvent.create({
    data: {
      organizationId,
      caseId: created.id,
      kind: "OPENED",
      actorId: null,
      data: { ownerId, ruleId: decision.ruleId, priority, notifyUserId: ownerId },
      createdAt,
    },
  });
  return { caseId: created.id, created: true };
}
