/**
 * Demo data for the closed loop: root causes, reply templates, a default rule and a case for each of the
 * demo organisation's detractor responses of the last 60 days — some contacted, some resolved with a root
 * cause, some overdue (and escalated). Called by prisma/seed.ts inside its transaction; pure Prisma, no
 * server-only imports, deterministic for a given `now`.
 */
import type { Prisma } from "../src/generated/prisma/client.ts";
import { DEFAULT_REPLY_TEMPLATES, DEFAULT_ROOT_CAUSES, dueDate } from "../src/lib/case-rules.ts";

const DAY = 86_400_000;
const HOUR = 3_600_000;

export type SeedClosedLoopOptions = { organizationId: string; ownerId: string; now: Date };

export async function seedClosedLoop(tx: Prisma.TransactionClient, { organizationId, ownerId, now }: SeedClosedLoopOptions) {
  await tx.rootCause.createMany({
    data: DEFAULT_ROOT_CAUSES.map((cause) => ({ organizationId, key: cause.key, label: cause.label })),
    skipDuplicates: true,
  });
  if ((await tx.replyTemplate.count({ where: { organizationId } })) === 0) {
    await tx.replyTemplate.createMany({ data: DEFAULT_REPLY_TEMPLATES.map((template) => ({ organizationId, ...template })) });
  }
  if ((await tx.caseRule.count({ where: { organizationId } })) === 0) {
    await tx.caseRule.create({
      data: { organizationId, name: "贬损者 0–3 分：紧急 / Detractors 0–3: urgent", position: 1, match: { categories: ["DETRACTOR"], maxScore: 3 }, priority: "HIGH" },
    });
  }
  const organization = await tx.organization.findUniqueOrThrow({ where: { id: organizationId }, select: { caseSlaHours: true, fallbackCaseOwnerId: true } });
  if (!organization.fallbackCaseOwnerId) await tx.organization.update({ where: { id: organizationId }, data: { fallbackCaseOwnerId: ownerId } });
  const rule = await tx.caseRule.findFirst({ where: { organizationId }, orderBy: { position: "asc" }, select: { id: true } });
  const causes = await tx.rootCause.findMany({ where: { organizationId }, orderBy: { createdAt: "asc" }, select: { id: true, key: true } });

  const responses = await tx.response.findMany({
    where: { organizationId, category: "DETRACTOR", excluded: false, createdAt: { gte: new Date(now.getTime() - 60 * DAY), lte: now }, case: null },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      surveyId: true,
      unitId: true,
      score: true,
      createdAt: true,
      // team → branch → region: the nearest manager owns the case, as openCaseForResponse decides.
      unit: { select: { managerId: true, parent: { select: { managerId: true, parent: { select: { managerId: true } } } } } },
    },
  });
  let created = 0;
  for (const [index, response] of responses.entries()) {
    const priority = (response.score ?? 6) <= 3 ? ("HIGH" as const) : ("NORMAL" as const);
    const createdAt = response.createdAt;
    const due = dueDate(createdAt, priority, organization.caseSlaHours);
    const caseOwner = response.unit?.managerId ?? response.unit?.parent?.managerId ?? response.unit?.parent?.parent?.managerId ?? ownerId;
    // A deterministic mix: most older cases resolved, some contacted, the rest open (overdue when past due).
    const bucket = index % 5;
    const old = now.getTime() - createdAt.getTime() > 7 * DAY;
    const status = old ? (bucket <= 2 ? "RESOLVED" : bucket === 3 ? "CLOSED" : "OPEN") : bucket === 0 ? "CONTACTED" : "OPEN";
    const firstContactAt = status === "OPEN" ? null : new Date(createdAt.getTime() + (4 + (index % 7) * 6) * HOUR);
    const resolvedAt = status === "RESOLVED" || status === "CLOSED" ? new Date(createdAt.getTime() + (30 + (index % 9) * 12) * HOUR) : null;
    const cause = resolvedAt ? causes[(index * 7) % Math.max(1, causes.length)] : undefined;
    const overdue = (status === "OPEN" || status === "CONTACTED") && due.getTime() < now.getTime();
    const c = await tx.case.create({
      data: {
        organizationId,
        responseId: response.id,
        surveyId: response.surveyId,
        unitId: response.unitId,
        ruleId: priority === "HIGH" ? (rule?.id ?? null) : null,
        ownerId: caseOwner,
        priority,
        status,
        dueAt: due,
        firstContactAt,
        resolvedAt,
        closedAt: status === "CLOSED" && resolvedAt ? new Date(resolvedAt.getTime() + DAY) : null,
        rootCauseId: cause?.id ?? null,
        escalatedAt: overdue ? new Date(due.getTime() + HOUR) : null,
        escalatedToId: overdue ? ownerId : null,
        createdAt,
      },
    });
    const events: Prisma.CaseEventCreateManyInput[] = [
      { organizationId, caseId: c.id, kind: "OPENED", data: { ownerId: caseOwner, priority, notifyUserId: caseOwner, notifiedAt: createdAt.toISOString() }, createdAt },
    ];
    if (firstContactAt) events.push({ organizationId, caseId: c.id, kind: "STATUS", actorId: caseOwner, data: { from: "OPEN", to: "CONTACTED" }, createdAt: firstContactAt });
    if (cause && resolvedAt) {
      events.push({ organizationId, caseId: c.id, kind: "ROOT_CAUSE", actorId: caseOwner, data: { from: null, to: cause.id, key: cause.key }, createdAt: resolvedAt });
      events.push({ organizationId, caseId: c.id, kind: "STATUS", actorId: caseOwner, data: { from: "CONTACTED", to: "RESOLVED" }, createdAt: resolvedAt });
    }
    if (status === "CLOSED" && resolvedAt) {
      events.push({ organizationId, caseId: c.id, kind: "STATUS", actorId: caseOwner, data: { from: "RESOLVED", to: "CLOSED" }, createdAt: new Date(resolvedAt.getTime() + DAY) });
    }
    if (overdue) {
      const at = new Date(due.getTime() + HOUR);
      events.push({ organizationId, caseId: c.id, kind: "ESCALATED", data: { escalatedToId: ownerId, notifyUserId: ownerId, notifiedAt: at.toISOString() }, createdAt: at });
    }
    await tx.caseEvent.createMany({ data: events });
    created += 1;
  }
  return { cases: created };
}
