import "server-only";
import { Prisma } from "@/generated/prisma/client";
import type { ClassRule, OutcomeTest } from "@/lib/customer-classes";
import { PASSIVE_MIN_SCORE, PROMOTER_MIN_SCORE } from "@/lib/nps";

const DAY = 86_400_000;

export type ClassifyOptions = {
  organizationId: string;
  rules: readonly ClassRule[];
  /** The classification's moment: the latest answer up to it, events in each window (now − days, now]. */
  now: Date;
  /** null: every contact; else only contacts whose latest answer was served by one of these units. */
  scopeUnitIds?: string[] | null;
};

/**
 * The organisation's contacts (not erased) with their class as `"contactId"`, `"classKey"` (null: no rule matches), `"score"` and
 * `"answeredAt"` and `"responseId"` of their latest answer (null: none),
 * as one set-based query: each contact's latest NPS answer (not excluded, with a score, answered by `now`) and, per
 * (event type, window) the rules name, the number of events and their total amount in one GROUP BY over the events —
 * then the rules, in order, as one CASE (the first matching rule wins). src/lib/customer-classes.ts is the
 * specification; tests/integration/customer-classes.test.ts checks the two agree on randomised contacts.
 */
export function classifiedContactsSql({ organizationId, rules, now, scopeUnitIds = null }: ClassifyOptions): Prisma.Sql {
  const windows: { type: string; windowDays: number }[] = [];
  const columnOf = (test: OutcomeTest): number => {
    let index = windows.findIndex((w) => w.type === test.type && w.windowDays === test.windowDays);
    if (index < 0) index = windows.push({ type: test.type, windowDays: test.windowDays }) - 1;
    return index;
  };
  const testSql = (test: OutcomeTest): Prisma.Sql => {
    const i = columnOf(test);
    const n = Prisma.raw(`COALESCE(ev."n${i}", 0)`);
    if (!test.present) return Prisma.sql`${n} = 0`;
    if (test.minTotal === undefined) return Prisma.sql`${n} > 0`;
    return Prisma.sql`(${n} > 0 AND COALESCE(ev.${Prisma.raw(`"s${i}"`)}, 0) >= ${test.minTotal}::numeric)`;
  };
  const ruleSql = (rule: ClassRule): Prisma.Sql => {
    const parts: Prisma.Sql[] = [];
    if (rule.categories !== undefined) {
      parts.push(
        Prisma.sql`l."score" IS NOT NULL AND (CASE WHEN l."score" >= ${PROMOTER_MIN_SCORE} THEN 'PROMOTER' WHEN l."score" >= ${PASSIVE_MIN_SCORE} THEN 'PASSIVE' ELSE 'DETRACTOR' END) = ANY(${[...rule.categories]}::text[])`,
      );
    }
    if (rule.scoreMin !== undefined || rule.scoreMax !== undefined) parts.push(Prisma.sql`l."score" IS NOT NULL`);
    if (rule.scoreMin !== undefined) parts.push(Prisma.sql`l."score" >= ${rule.scoreMin}`);
    if (rule.scoreMax !== undefined) parts.push(Prisma.sql`l."score" <= ${rule.scoreMax}`);
    for (const test of rule.all ?? []) parts.push(testSql(test));
    if (rule.any && rule.any.length > 0) parts.push(Prisma.sql`(${Prisma.join(rule.any.map(testSql), " OR ")})`);
    return parts.length === 0 ? Prisma.sql`TRUE` : Prisma.join(parts.map((part) => Prisma.sql`(${part})`), " AND ");
  };
  const classKey =
    rules.length === 0
      ? Prisma.sql`NULL::text`
      : Prisma.sql`CASE ${Prisma.join(
          rules.map((rule) => Prisma.sql`WHEN ${ruleSql(rule)} THEN ${rule.classKey}::text`),
          " ",
        )} ELSE NULL END`;
  const latest = Prisma.sql`
    SELECT DISTINCT ON (r."contactId") r."contactId" AS "cid", r."id" AS "rid", r."score", r."unitId", r."createdAt" AS "answeredAt"
    FROM "Response" r
    WHERE r."organizationId" = ${organizationId}::uuid AND r."contactId" IS NOT NULL AND r."excluded" = false
      AND r."score" IS NOT NULL AND r."createdAt" <= ${now}
    ORDER BY r."contactId", r."createdAt" DESC, r."id" DESC`;
  const scope = scopeUnitIds === null ? Prisma.empty : Prisma.sql`AND l."unitId" = ANY(${scopeUnitIds}::uuid[])`;
  if (windows.length === 0) {
    return Prisma.sql`
      SELECT c."id" AS "contactId", ${classKey} AS "classKey", l."score" AS "score", l."answeredAt" AS "answeredAt", l."rid" AS "responseId"
      FROM "Contact" c LEFT JOIN (${latest}) l ON l."cid" = c."id"
      WHERE c."organizationId" = ${organizationId}::uuid AND c."erasedAt" IS NULL ${scope}`;
  }
  const fromOf = (days: number) => new Date(now.getTime() - days * DAY);
  const earliest = fromOf(Math.max(...windows.map((w) => w.windowDays)));
  const columns = windows.map((w, i) => {
    const filter = Prisma.sql`FILTER (WHERE e."type" = ${w.type} AND e."occurredAt" > ${fromOf(w.windowDays)})`;
    return Prisma.sql`COUNT(*) ${filter} AS ${Prisma.raw(`"n${i}"`)}, SUM(e."amount") ${filter} AS ${Prisma.raw(`"s${i}"`)}`;
  });
  const events = Prisma.sql`
    SELECT e."contactId" AS "cid", ${Prisma.join(columns, ", ")}
    FROM "OutcomeEvent" e
    WHERE e."organizationId" = ${organizationId}::uuid AND e."contactId" IS NOT NULL
      AND e."type" = ANY(${[...new Set(windows.map((w) => w.type))]}::text[])
      AND e."occurredAt" > ${earliest} AND e."occurredAt" <= ${now}
    GROUP BY e."contactId"`;
  return Prisma.sql`
    SELECT c."id" AS "contactId", ${classKey} AS "classKey", l."score" AS "score", l."answeredAt" AS "answeredAt", l."rid" AS "responseId"
    FROM "Contact" c
    LEFT JOIN (${latest}) l ON l."cid" = c."id"
    LEFT JOIN (${events}) ev ON ev."cid" = c."id"
    WHERE c."organizationId" = ${organizationId}::uuid AND c."erasedAt" IS NULL ${scope}`;
}
