import "server-only";
import { z } from "zod";
import type { Prisma } from "@/generated/prisma/client";
import { AppError } from "@/lib/errors";
import { hasRole } from "@/lib/roles";
import { LOOP_PAGE_SIZE } from "@/schemas/case-list";
import { db } from "@/server/db";
import type { CaseActor } from "./case-actor";

/** promoters: the referral / review ask; passives: the activation list. */
export const LOOP_LISTS = ["promoters", "passives"] as const;
export type LoopList = (typeof LOOP_LISTS)[number];
export const LOOP_SENT_FILTERS = ["all", "sent", "unsent"] as const;
export type LoopSentFilter = (typeof LOOP_SENT_FILTERS)[number];

/** Page filters (?promoters=unsent&passives=all): lenient, a bad value means "all". */
export const loopPageQuerySchema = z.object({
  promoters: z.enum(LOOP_SENT_FILTERS).catch("all"),
  passives: z.enum(LOOP_SENT_FILTERS).catch("all"),
});

/** The export route's parameters: strict, a bad value is a 422. */
export const loopExportQuerySchema = z.object({
  list: z.enum(LOOP_LISTS),
  sent: z.enum(LOOP_SENT_FILTERS).default("all"),
});

export const markLoopSentInputSchema = z.object({ responseId: z.uuid() });

export type LoopContactRow = {
  responseId: string;
  score: number | null;
  comment: string | null;
  name: string | null;
  email: string | null;
  surveyName: string;
  unitName: string | null;
  respondedAt: Date;
  sentAt: Date | null;
};

const CATEGORY: Record<LoopList, "PROMOTER" | "PASSIVE"> = { promoters: "PROMOTER", passives: "PASSIVE" };

/** Only CX managers and above work these lists (they hold contact details). */
export function assertLoopAccess(actor: CaseActor): void {
  if (!hasRole(actor.role, "MANAGER")) throw new AppError("forbidden", "Only CX managers and above see the promoter and passive lists.");
}

/**
 * The responses on a list the actor may see: consented, of the list's category, not excluded; a
 * branch-scoped member (below ADMIN) only the responses served by a unit of their subtree.
 */
export function loopResponsesWhere(actor: CaseActor, list: LoopList, sent: LoopSentFilter = "all"): Prisma.ResponseWhereInput {
  const where: Prisma.ResponseWhereInput = {
    organizationId: actor.organizationId,
    category: CATEGORY[list],
    contactConsent: true,
    excluded: false,
  };
  if (actor.scopeUnitIds !== null) where.unitId = { in: actor.scopeUnitIds };
  if (sent === "sent") where.loopMessageSentAt = { not: null };
  if (sent === "unsent") where.loopMessageSentAt = null;
  return where;
}

export const LOOP_ROW_SELECT = {
  id: true,
  score: true,
  comment: true,
  createdAt: true,
  loopMessageSentAt: true,
  contact: { select: { name: true, email: true } },
  survey: { select: { name: true } },
  unit: { select: { name: true } },
} as const satisfies Prisma.ResponseSelect;

export function toLoopRow(row: Prisma.ResponseGetPayload<{ select: typeof LOOP_ROW_SELECT }>): LoopContactRow {
  return {
    responseId: row.id,
    score: row.score,
    comment: row.comment,
    name: row.contact?.name ?? null,
    email: row.contact?.email ?? null,
    surveyName: row.survey.name,
    unitName: row.unit?.name ?? null,
    respondedAt: row.createdAt,
    sentAt: row.loopMessageSentAt,
  };
}

/**
 * One page of one list, newest answers first (not-yet-sent ones are what the filter "unsent" is for), with the
 * list's total and number of pages; a page past the end shows the last one.
 */
export async function listLoopContacts({
  actor,
  list,
  sent = "all",
  page = 1,
  pageSize = LOOP_PAGE_SIZE,
}: {
  actor: CaseActor;
  list: LoopList;
  sent?: LoopSentFilter;
  page?: number;
  pageSize?: number;
}): Promise<{ rows: LoopContactRow[]; total: number; page: number; pageCount: number; pageSize: number }> {
  assertLoopAccess(actor);
  const where = loopResponsesWhere(actor, list, sent);
  const total = await db.response.count({ where });
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const current = Math.min(Math.max(1, Math.trunc(page)), pageCount);
  const rows = await db.response.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    skip: (current - 1) * pageSize,
    take: pageSize,
    select: LOOP_ROW_SELECT,
  });
  return { rows: rows.map(toLoopRow), total, page: current, pageCount, pageSize };
}
