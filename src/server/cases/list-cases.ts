import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { isOverdue, type CasePriorityName, type CaseStatusName } from "@/lib/case-rules";
import { AppError } from "@/lib/errors";
import { hasRole } from "@/lib/roles";
import type { CaseListQuery } from "@/schemas/case";
import { db } from "@/server/db";
import { visibleCasesWhere, type CaseActor } from "./case-actor";

export type CaseListRow = {
  id: string;
  status: CaseStatusName;
  priority: CasePriorityName;
  score: number | null;
  comment: string | null;
  surveyName: string;
  unitName: string | null;
  ownerId: string | null;
  ownerName: string | null;
  createdAt: Date;
  dueAt: Date;
  overdue: boolean;
  escalated: boolean;
};

/**
 * "My cases" (owned by the actor) for everyone; "all cases" within the actor's scope for MANAGER+, filtered by
 * status, overdue and owner. Newest due first for open work.
 */
export async function listCases({ actor, query, now = new Date(), take = 200 }: { actor: CaseActor; query: CaseListQuery; now?: Date; take?: number }) {
  if (query.view === "all" && !hasRole(actor.role, "MANAGER")) throw new AppError("forbidden", "Only CX managers and above see all cases.");
  const filters: Prisma.CaseWhereInput[] = [visibleCasesWhere(actor)];
  if (query.view === "mine") filters.push({ ownerId: actor.userId });
  if (query.status) filters.push({ status: query.status });
  if (query.overdue) filters.push({ status: { in: ["OPEN", "CONTACTED"] }, dueAt: { lt: now } });
  if (query.owner && query.view === "all") filters.push({ ownerId: query.owner });
  const rows = await db.case.findMany({
    where: { AND: filters },
    orderBy: [{ dueAt: "asc" }, { id: "asc" }],
    take,
    select: {
      id: true,
      status: true,
      priority: true,
      createdAt: true,
      dueAt: true,
      ownerId: true,
      escalatedAt: true,
      owner: { select: { name: true } },
      unit: { select: { name: true } },
      response: { select: { score: true, comment: true, survey: { select: { name: true } } } },
    },
  });
  return rows.map(
    (row): CaseListRow => ({
      id: row.id,
      status: row.status,
      priority: row.priority,
      score: row.response.score,
      comment: row.response.comment,
      surveyName: row.response.survey.name,
      unitName: row.unit?.name ?? null,
      ownerId: row.ownerId,
      ownerName: row.owner?.name ?? null,
      createdAt: row.createdAt,
      dueAt: row.dueAt,
      overdue: isOverdue(row, now),
      escalated: row.escalatedAt !== null,
    }),
  );
}

/** Members who own cases the actor may see: the owner filter's options. */
export async function listCaseOwners(actor: CaseActor): Promise<{ id: string; name: string }[]> {
  const rows = await db.case.findMany({
    where: { AND: [visibleCasesWhere(actor), { ownerId: { not: null } }] },
    distinct: ["ownerId"],
    select: { owner: { select: { id: true, name: true } } },
  });
  return rows.flatMap((row) => (row.owner ? [row.owner] : [])).sort((a, b) => a.name.localeCompare(b.name));
}
