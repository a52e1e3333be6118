import "server-only";
import { Prisma } from "@/generated/prisma/client";
import type { Locale } from "@/i18n/locales";
import { db } from "@/server/db";
import { responseWhere, type AnalyticsFilter } from "@/server/analytics/filter";

/** One exported response as the database returns it. */
export type ExportRow = {
  id: string;
  createdAt: Date;
  /** createdAt in the export's time zone, "2026-03-01 14:05". */
  localTime: string;
  surveyName: string;
  score: number | null;
  comment: string | null;
  locale: string;
  channel: string;
  touchpoint: string | null;
  /** null when the response has no contact or the contact's personal data was erased. */
  email: string | null;
  attributes: unknown;
};

export const DEFAULT_BATCH_SIZE = 2_000;

type Cursor = { createdAt: Date; id: string };

/** An exported attribute column: the key, and its display names when the organisation has defined it. */
export type ExportAttributeColumn = { key: string; label?: Record<Locale, string> };

/**
 * The attribute keys present in the filtered responses, sorted by key, with the organisation's display names
 * (docs/decisions/0010) for the header row (one SQL query, nothing loaded).
 */
export async function discoverAttributeKeys(filter: AnalyticsFilter): Promise<ExportAttributeColumn[]> {
  const rows = await db.$queryRaw<{ key: string; labelZh: string | null; labelEn: string | null }[]>`
    SELECT k."key", d."labelZh", d."labelEn"
    FROM (
      SELECT DISTINCT k AS "key"
      FROM "Response" r CROSS JOIN LATERAL jsonb_object_keys(r."attributes") AS k
      WHERE ${responseWhere(filter)} AND jsonb_typeof(r."attributes") = 'object'
    ) k
    LEFT JOIN "AttributeDefinition" d ON d."organizationId" = ${filter.organizationId}::uuid AND d."key" = k."key"`;
  return rows
    .sort((a, b) => compareCodePoints(a.key, b.key))
    .map((row) => (row.labelZh !== null && row.labelEn !== null ? { key: row.key, label: { "zh-CN": row.labelZh, en: row.labelEn } } : { key: row.key }));
}

/** Names of the surveys a filter names (for the summary sheet), in the filter's order. */
export async function surveyNames(filter: AnalyticsFilter): Promise<string[]> {
  if (!filter.surveyIds.length) return [];
  const rows = await db.$queryRaw<{ id: string; name: string }[]>`
    SELECT s."id"::text AS "id", s."name" FROM "Survey" s
    WHERE s."organizationId" = ${filter.organizationId}::uuid AND s."id" = ANY(${filter.surveyIds}::uuid[])`;
  const byId = new Map(rows.map((row) => [row.id, row.name]));
  return filter.surveyIds.flatMap((id) => {
    const name = byId.get(id);
    return name === undefined ? [] : [name];
  });
}

async function fetchBatch(filter: AnalyticsFilter, timeZone: string, after: Cursor | null, limit: number): Promise<ExportRow[]> {
  const keyset = after
    ? Prisma.sql`AND (r."createdAt", r."id") > (${after.createdAt.toISOString()}::timestamptz, ${after.id}::uuid)`
    : Prisma.empty;
  return db.$queryRaw<ExportRow[]>`
    SELECT r."id"::text AS "id", r."createdAt",
           to_char(r."createdAt" AT TIME ZONE ${timeZone}, 'YYYY-MM-DD HH24:MI') AS "localTime",
           s."name" AS "surveyName", r."score"::int AS "score", r."comment", r."locale", r."channel"::text AS "channel",
           r."touchpoint", CASE WHEN c."erasedAt" IS NULL THEN c."email" END AS "email", r."attributes"
    FROM "Response" r
    JOIN "Survey" s ON s."organizationId" = r."organizationId" AND s."id" = r."surveyId"
    LEFT JOIN "Contact" c ON c."organizationId" = r."organizationId" AND c."id" = r."contactId"
    WHERE ${responseWhere(filter)} ${keyset}
    ORDER BY r."createdAt", r."id"
    LIMIT ${limit}`;
}

/**
 * The filtered responses in batches, oldest first, by keyset pagination on (createdAt, id): each batch is one
 * query that starts where the last one ended (the (organizationId, createdAt) index serves both the range and
 * the order), so memory holds at most two batches whatever the number of rows. The next batch is fetched
 * while the caller writes the current one.
 */
export async function* responseBatches(options: {
  filter: AnalyticsFilter;
  timeZone?: string;
  batchSize?: number;
}): AsyncGenerator<ExportRow[], void, undefined> {
  const { filter } = options;
  const timeZone = options.timeZone ?? filter.timeZone;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  let pending: Promise<ExportRow[]> | null = fetchBatch(filter, timeZone, null, batchSize);
  try {
    while (pending) {
      const batch: ExportRow[] = await pending;
      const last = batch.at(-1);
      pending = last && batch.length === batchSize ? fetchBatch(filter, timeZone, { createdAt: last.createdAt, id: last.id }, batchSize) : null;
      if (batch.length) yield batch;
    }
  } finally {
    // Stopped early (the download was cancelled): nobody awaits the prefetch any more.
    pending?.catch(() => undefined);
  }
}

function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
