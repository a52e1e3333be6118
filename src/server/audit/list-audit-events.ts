import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { AppError } from "@/lib/errors";
import { hasRole, type RoleName } from "@/lib/roles";
import type { AuditFilter } from "@/schemas/audit";
import { db } from "@/server/db";

export type AuditActor = { organizationId: string; userId: string; role: RoleName; timeZone: string };

export type AuditEventRow = {
  id: string;
  seq: number | null;
  at: Date;
  actorId: string | null;
  actorName: string | null;
  actorEmail: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  details: unknown;
  ip: string | null;
  hash: string | null;
};

export const AUDIT_PAGE_SIZE = 25;

export function assertAuditReader(actor: { role: RoleName }): void {
  if (!hasRole(actor.role, "ADMIN")) throw new AppError("forbidden", "The audit log is for admins and owners.");
}

/** The WHERE clause of a filter, dates as whole days in the organisation's time zone. */
function whereOf(actor: AuditActor, filter: AuditFilter): Prisma.Sql {
  const parts: Prisma.Sql[] = [Prisma.sql`e."organizationId" = ${actor.organizationId}::uuid`];
  if (filter.actor === "system") parts.push(Prisma.sql`e."actorId" IS NULL`);
  else if (filter.actor) parts.push(Prisma.sql`e."actorId" = ${filter.actor}::uuid`);
  if (filter.action) parts.push(Prisma.sql`e."action" = ${filter.action}`);
  if (filter.from) parts.push(Prisma.sql`e."at" >= (${filter.from}::date)::timestamp AT TIME ZONE ${actor.timeZone}`);
  if (filter.to) parts.push(Prisma.sql`e."at" < ((${filter.to}::date + 1))::timestamp AT TIME ZONE ${actor.timeZone}`);
  return Prisma.join(parts, " AND ");
}

const SELECT = Prisma.sql`
  SELECT e."id", e."seq", e."at", e."actorId", u."name" AS "actorName", u."email" AS "actorEmail", e."action", e."targetType",
         e."targetId", e."details", e."ip", e."hash"
  FROM "AuditEvent" e LEFT JOIN "User" u ON u."id" = e."actorId"`;

/** One page of the organisation's audit log, newest first (ADMIN/OWNER). */
export async function listAuditEvents(options: { actor: AuditActor; filter: AuditFilter; page: number; pageSize?: number }) {
  assertAuditReader(options.actor);
  const pageSize = options.pageSize ?? AUDIT_PAGE_SIZE;
  const where = whereOf(options.actor, options.filter);
  const [{ total }] = (await db.$queryRaw<{ total: bigint }[]>`SELECT count(*) AS total FROM "AuditEvent" e WHERE ${where}`) as [{ total: bigint }];
  const count = Number(total);
  const pageCount = Math.max(1, Math.ceil(count / pageSize));
  const page = Math.min(Math.max(1, Math.trunc(options.page) || 1), pageCount);
  const rows = await db.$queryRaw<AuditEventRow[]>`
    ${SELECT} WHERE ${where} ORDER BY e."at" DESC, e."seq" DESC NULLS LAST LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`;
  return { rows, total: count, page, pageCount, pageSize };
}

/** All matching events, newest first, in batches (for the CSV export). */
export async function* auditEventBatches(actor: AuditActor, filter: AuditFilter, batchSize = 1000): AsyncGenerator<AuditEventRow[]> {
  assertAuditReader(actor);
  const where = whereOf(actor, filter);
  for (let offset = 0; ; offset += batchSize) {
    const rows = await db.$queryRaw<AuditEventRow[]>`
      ${SELECT} WHERE ${where} ORDER BY e."at" DESC, e."seq" DESC NULLS LAST, e."id" LIMIT ${batchSize} OFFSET ${offset}`;
    if (rows.length) yield rows;
    if (rows.length < batchSize) return;
  }
}

/** Who can be filtered on: the organisation's members and anyone else who appears in its log (e.g. removed members). */
export async function listAuditActors(actor: AuditActor): Promise<{ id: string; name: string; email: string }[]> {
  assertAuditReader(actor);
  return db.$queryRaw<{ id: string; name: string; email: string }[]>`
    SELECT u."id", u."name", u."email" FROM "User" u
    WHERE u."id" IN (SELECT m."userId" FROM "Membership" m WHERE m."organizationId" = ${actor.organizationId}::uuid)
    ORDER BY u."name", u."email"`;
}

/** The retention setting and the checkpoint, for the page. */
export async function getAuditRetention(actor: AuditActor) {
  assertAuditReader(actor);
  const chain = await db.auditChain.findUnique({ where: { organizationId: actor.organizationId } });
  return { days: chain?.retentionDays ?? null, checkpointSeq: chain?.checkpointSeq ?? 0, checkpointAt: chain?.checkpointAt ?? null };
}
