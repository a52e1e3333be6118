import "server-only";
import { pageOf } from "@/lib/api-cursor";
import { maskEmail } from "@/lib/personal-data";
import type { ApiKeyPrincipal } from "@/server/api-keys/require-api-key";
import { db } from "@/server/db";
import { importHierarchy } from "@/server/org/import-hierarchy";
import { assertKnownParams, PAGE_PARAMS, readPage } from "./params";

/** GET /api/v1/org-units: the organisation's units (a unit-scoped key: its subtree), newest first. */
export async function listApiOrgUnits({ principal, searchParams }: { principal: ApiKeyPrincipal; searchParams: URLSearchParams }) {
  assertKnownParams(searchParams, [...PAGE_PARAMS]);
  const { limit, beforeId } = readPage(searchParams);
  const rows = await db.orgUnit.findMany({
    where: {
      organizationId: principal.organizationId,
      ...(principal.unitIds ? { id: { in: principal.unitIds } } : {}),
      ...(beforeId ? { AND: [{ id: { lt: beforeId } }] } : {}),
    },
    orderBy: { id: "desc" },
    take: limit + 1,
    select: { id: true, code: true, name: true, kind: true, parentId: true, managerId: true, createdAt: true, updatedAt: true },
  });
  return pageOf(rows, limit);
}

/**
 * POST /api/v1/org-units/import: the hierarchy CSV of Settings → Organisation (text/csv body, UTF-8 or GBK),
 * upserted by code in one transaction; rows that cannot be taken are reported, not fatal.
 */
export async function importApiOrgUnits({ principal, bytes }: { principal: ApiKeyPrincipal; bytes: Uint8Array }) {
  return importHierarchy({ actor: { organizationId: principal.organizationId, role: "ADMIN" }, bytes });
}

/** GET /api/v1/members: the organisation's members (emails and names need the personal-data permission). */
export async function listApiMembers({ principal, searchParams }: { principal: ApiKeyPrincipal; searchParams: URLSearchParams }) {
  assertKnownParams(searchParams, [...PAGE_PARAMS]);
  const { limit, beforeId } = readPage(searchParams);
  const rows = await db.membership.findMany({
    where: { organizationId: principal.organizationId, ...(beforeId ? { id: { lt: beforeId } } : {}) },
    orderBy: { id: "desc" },
    take: limit + 1,
    select: { id: true, userId: true, role: true, scopeUnitId: true, createdAt: true, user: { select: { name: true, email: true } } },
  });
  const page = pageOf(rows, limit);
  return {
    data: page.data.map(({ user, ...row }) => ({
      ...row,
      name: principal.personalData ? user.name : null,
      email: principal.personalData ? user.email : maskEmail(user.email),
    })),
    nextCursor: page.nextCursor,
  };
}
