import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { isOverdue, type CasePriorityName, type CaseStatusName } from "@/lib/case-rules";
import { caseRef, parseCaseRef } from "@/lib/case-ref";
import { localizedLabel } from "@/lib/localized-label";
import { hasRole } from "@/lib/roles";
import { CASE_PAGE_SIZE, type CaseListFilters, type CaseSort } from "@/schemas/case-list";
import { db } from "@/server/db";
import { visibleCasesWhere, type CaseActor } from "./case-actor";

export type CaseListRow = {
  id: string;
  /** "#1A2B3C4D" (src/lib/case-ref.ts). */
  ref: string;
  status: CaseStatusName;
  priority: CasePriorityName;
  score: number | null;
  comment: string | null;
  surveyName: string;
  unitName: string | null;
  /** The customer's name (null for anonymous answers, and for roles that do not see contact details). */
  customerName: string | null;
  ownerId: string | null;
  ownerName: string | null;
  createdAt: Date;
  dueAt: Date;
  overdue: boolean;
  escalated: boolean;
};

export type CaseListPage = { rows: CaseListRow[]; total: number; page: number; pageCount: number; pageSize: number };

/** Who sees customers' names and may search by them: the roles that work cases with customers (MANAGER+). */
export function seesCustomers(actor: CaseActor): boolean {
  return hasRole(actor.role, "MANAGER");
}

/**
 * The cases matching the list's filters among those the actor may see (visibleCasesWhere: the organisation, or
 * a scoped member's subtree and own cases): "mine" = owned by the actor, "all" = every case in scope (also for
 * viewers, read-only). `q` matches the comment, the case number and — for MANAGER+ — the customer's name or email.
 */
async function caseListWhere(actor: CaseActor, query: CaseListFilters, now: Date): Promise<Prisma.CaseWhereInput> {
  const filters: Prisma.CaseWhereInput[] = [visibleCasesWhere(actor)];
  if (query.view === "mine") filters.push({ ownerId: actor.userId });
  if (query.status) filters.push({ status: query.status });
  if (query.overdue) filters.push({ status: { in: ["OPEN", "CONTACTED"] }, dueAt: { lt: now } });
  if (query.owner && query.view === "all") filters.push({ ownerId: query.owner });
  if (query.q) {
    const text = { contains: query.q, mode: "insensitive" as const };
    const any: Prisma.CaseWhereInput[] = [{ response: { comment: text } }];
    if (seesCustomers(actor)) {
      any.push({ response: { contact: { is: { name: text } } } }, { response: { contact: { is: { email: text } } } });
    }
    const ref = parseCaseRef(query.q);
    if (ref) {
      // The number is the id's last 8 hex digits. Not indexed: a scan of the organisation's cases (by its leading
      // organizationId index), bounded by their count — thousands, not the responses' millions.
      const ids = await db.$queryRaw<{ id: string }[]>`
        SELECT "id"::text AS "id" FROM "Case"
        WHERE "organizationId" = ${actor.organizationId}::uuid AND right(replace("id"::text, '-', ''), 8) = ${ref}
        LIMIT 50`;
      if (ids.length) any.push({ id: { in: ids.map((row) => row.id) } });
    }
    filters.push({ OR: any });
  }
  return { AND: filters };
}

const DEFAULT_DIR: Record<CaseSort, "asc" | "desc"> = { due: "asc", created: "desc", score: "asc", priority: "desc" };

function caseOrder(sort: CaseSort = "due", dir: "asc" | "desc" = DEFAULT_DIR[sort]): Prisma.CaseOrderByWithRelationInput[] {
  const tie: Prisma.CaseOrderByWithRelationInput[] = [{ id: dir }];
  if (sort === "created") return [{ createdAt: dir }, ...tie];
  if (sort === "score") return [{ response: { score: { sort: dir, nulls: "last" } } }, { dueAt: "asc" }, ...tie];
  if (sort === "priority") return [{ priority: dir }, { dueAt: "asc" }, ...tie];
  return [{ dueAt: dir }, ...tie];
}

const ROW_SELECT = {
  id: true,
  status: true,
  priority: true,
  createdAt: true,
  dueAt: true,
  ownerId: true,
  escalatedAt: true,
  owner: { select: { name: true } },
  unit: { select: { name: true } },
  response: { select: { score: true, comment: true, survey: { select: { name: true } }, contact: { select: { name: true } } } },
} as const satisfies Prisma.CaseSelect;

function toRow(row: Prisma.CaseGetPayload<{ select: typeof ROW_SELECT }>, now: Date, customers: boolean): CaseListRow {
  return {
    id: row.id,
    ref: caseRef(row.id),
    status: row.status,
    priority: row.priority,
    score: row.response.score,
    comment: row.response.comment,
    surveyName: row.response.survey.name,
    unitName: row.unit?.name ?? null,
    customerName: customers ? (row.response.contact?.name ?? null) : null,
    ownerId: row.ownerId,
    ownerName: row.owner?.name ?? null,
    createdAt: row.createdAt,
    dueAt: row.dueAt,
    overdue: isOverdue(row, now),
    escalated: row.escalatedAt !== null,
  };
}

/**
 * One page of the cases list with the total and the number of pages (a page past the end shows the last one).
 * Default order: due date, soonest first.
 */
export async function listCasePage({
  actor,
  query,
  page = 1,
  pageSize = CASE_PAGE_SIZE,
  now = new Date(),
}: {
  actor: CaseActor;
  query: CaseListFilters;
  page?: number;
  pageSize?: number;
  now?: Date;
}): Promise<CaseListPage> {
  const where = await caseListWhere(actor, query, now);
  const total = await db.case.count({ where });
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const current = Math.min(Math.max(1, Math.trunc(page)), pageCount);
  const rows = await db.case.findMany({ where, orderBy: caseOrder(query.sort, query.dir), skip: (current - 1) * pageSize, take: pageSize, select: ROW_SELECT });
  const customers = seesCustomers(actor);
  return { rows: rows.map((row) => toRow(row, now, customers)), total, page: current, pageCount, pageSize };
}

/** The first `take` cases of the list (no paging): "mine" or "all" in the actor's scope. */
export async function listCases({ actor, query, now = new Date(), take = 200 }: { actor: CaseActor; query: CaseListFilters; now?: Date; take?: number }) {
  const result = await listCasePage({ actor, query, now, pageSize: take });
  return result.rows;
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

/** Members a case can be assigned to (bulk assign): the organisation's members except viewers, by name. */
export async function listAssignableMembers(actor: CaseActor): Promise<{ id: string; name: string }[]> {
  if (!hasRole(actor.role, "MANAGER")) return [];
  const rows = await db.membership.findMany({
    where: { organizationId: actor.organizationId, role: { in: ["OWNER", "ADMIN", "MANAGER"] } },
    select: { user: { select: { id: true, name: true } } },
  });
  return rows.map((row) => ({ id: row.user.id, name: row.user.name })).sort((a, b) => a.name.localeCompare(b.name));
}

/** Active root causes in `locale` (bulk close: the root cause for cases that have none). */
export async function listActiveRootCauses(actor: CaseActor, locale: string): Promise<{ id: string; label: string }[]> {
  const rows = await db.rootCause.findMany({ where: { organizationId: actor.organizationId, active: true }, orderBy: { createdAt: "asc" }, select: { id: true, label: true } });
  return rows.map((row) => ({ id: row.id, label: localizedLabel(row.label, locale) }));
}
