import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { encodeCursor } from "@/lib/api-cursor";
import { AppError } from "@/lib/errors";
import { classifyScore } from "@/lib/nps";
import { maskAttributes, maskContactDetails, type PersonalDataView } from "@/lib/personal-data";
import { CLASS_KEY } from "@/schemas/customer-classes";
import { assertKnownParams, PAGE_PARAMS, readPage } from "@/server/api/v1/params";
import type { ApiKeyPrincipal } from "@/server/api-keys/require-api-key";
import { attributeRolesFor } from "@/server/contacts/attribute-roles";
import { db } from "@/server/db";
import type { ClassActor } from "./class-actor";
import { classifiedContactsSql } from "./classify-contacts-sql";
import { getClassSettings } from "./get-class-settings";

/** The REST API's reader of classes: the key's organisation and unit subtree (null: the whole organisation). */
function actorOf(principal: ApiKeyPrincipal): ClassActor {
  return { organizationId: principal.organizationId, userId: null, role: "VIEWER", scopeUnitIds: principal.unitIds };
}

function viewOf(principal: ApiKeyPrincipal): PersonalDataView {
  return principal.personalData ? "full" : "masked";
}

/**
 * GET /api/v1/customer-classes: the organisation's classes in display order with both names, the rules that assign each
 * (in evaluation order: the first matching rule of all wins) and how many contacts are in each now — counted in SQL with
 * the same classification as the class overview; a key limited to a unit counts the contacts its subtree served last.
 */
export async function listApiCustomerClasses({ principal, searchParams, now = new Date() }: { principal: ApiKeyPrincipal; searchParams: URLSearchParams; now?: Date }) {
  assertKnownParams(searchParams, []);
  const settings = await getClassSettings(principal.organizationId);
  const classified = classifiedContactsSql({
    organizationId: principal.organizationId,
    rules: settings.rules.map((r) => r.rule),
    now,
    scopeUnitIds: actorOf(principal).scopeUnitIds,
  });
  const rows = await db.$queryRaw<{ classKey: string | null; n: number }[]>`
    SELECT k."classKey", COUNT(*)::int AS "n" FROM (${classified}) k GROUP BY k."classKey"`;
  const counts = new Map(rows.map((row) => [row.classKey, row.n]));
  const total = rows.reduce((sum, row) => sum + row.n, 0);
  return {
    asOf: now,
    total,
    unclassified: counts.get(null) ?? 0,
    data: settings.classes.map((c) => ({
      key: c.key,
      name: { "zh-CN": c.nameZh, en: c.nameEn },
      position: c.position,
      count: counts.get(c.key) ?? 0,
      rules: settings.rules
        .filter((r) => r.rule.classKey === c.key)
        .map((r) => ({
          position: settings.rules.indexOf(r) + 1,
          categories: r.rule.categories ?? [],
          scoreMin: r.rule.scoreMin ?? null,
          scoreMax: r.rule.scoreMax ?? null,
          all: r.rule.all ?? [],
          any: r.rule.any ?? [],
        })),
    })),
  };
}

type RawRow = {
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  externalId: string | null;
  locale: string | null;
  attributes: unknown;
  unsubscribedAt: Date | null;
  score: number | null;
  answeredAt: Date | null;
};

/**
 * GET /api/v1/customer-classes/{key}/contacts: the contacts in the class now, newest contact first, cursor-paged
 * (limit, cursor). Personal data (name, email, phone, customer id, personal attributes) masked unless the key may read
 * it; a key limited to a unit lists the contacts whose latest answer its subtree served. 404 for a class the
 * organisation does not have (whatever another organisation has).
 */
export async function listApiClassContacts({ principal, classKey, searchParams, now = new Date() }: { principal: ApiKeyPrincipal; classKey: string; searchParams: URLSearchParams; now?: Date }) {
  if (!CLASS_KEY.test(classKey)) throw new AppError("not_found", "Customer class not found.");
  assertKnownParams(searchParams, PAGE_PARAMS);
  const { limit, beforeId } = readPage(searchParams);
  const { organizationId } = principal;
  const settings = await getClassSettings(organizationId);
  if (!settings.classes.some((c) => c.key === classKey)) throw new AppError("not_found", "Customer class not found.");
  const classified = classifiedContactsSql({ organizationId, rules: settings.rules.map((r) => r.rule), now, scopeUnitIds: actorOf(principal).scopeUnitIds });
  const after = beforeId === null ? Prisma.empty : Prisma.sql`AND k."contactId" < ${beforeId}::uuid`;
  const rows = await db.$queryRaw<RawRow[]>(Prisma.sql`
    SELECT c."id"::text AS "id", c."name", c."email", c."phone", c."externalId", c."locale", c."attributes", c."unsubscribedAt", k."score", k."answeredAt"
    FROM (${classified}) k JOIN "Contact" c ON c."organizationId" = ${organizationId}::uuid AND c."id" = k."contactId"
    WHERE k."classKey" = ${classKey} ${after}
    ORDER BY k."contactId" DESC
    LIMIT ${limit + 1}`);
  const view = viewOf(principal);
  const roles = await attributeRolesFor(organizationId, view);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    classKey,
    asOf: now,
    masked: view === "masked",
    data: page.map(({ unsubscribedAt, attributes, score, answeredAt, ...row }) => ({
      ...maskContactDetails(row, view),
      attributes: maskAttributes((attributes ?? {}) as Record<string, unknown>, view, roles),
      unsubscribed: unsubscribedAt !== null,
      score,
      category: score === null ? null : classifyScore(score),
      answeredAt,
    })),
    nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null,
  };
}
