import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { AppError } from "@/lib/errors";
import type { NpsCategory } from "@/lib/nps";
import { maskAttributes, type PersonalDataView } from "@/lib/personal-data";
import { maskCommentForView } from "@/lib/text/mask-comment";
import { VERBATIM_CATEGORIES, type Verbatim } from "@/server/analytics/list-verbatims";
import { responseWhere, type AnalyticsFilter } from "@/server/analytics/filter";
import { db } from "@/server/db";

export const THEME_VERBATIM_LIMIT = 20;

type Row = Omit<Verbatim, "attributes"> & { attributes: unknown; total: number };

function attributeText(value: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  if (value === null || typeof value !== "object" || Array.isArray(value)) return result;
  for (const [key, item] of Object.entries(value)) {
    if (typeof item === "string") result[key] = item;
    else if (typeof item === "number" || typeof item === "boolean") result[key] = String(item);
  }
  return result;
}

/**
 * The newest comments of the filter whose reading carries `themeKey` (optionally one NPS category), with how many
 * there are in all. Shown as text (React escapes it); for a role that may not see personal data, phone numbers and
 * emails typed into comments and personal attributes are masked (src/lib/personal-data.ts).
 */
export async function listThemeVerbatims(
  filter: AnalyticsFilter,
  { themeKey, category, view, limit = THEME_VERBATIM_LIMIT }: { themeKey: string; category?: NpsCategory | null; view: PersonalDataView; limit?: number },
): Promise<{ items: Verbatim[]; total: number }> {
  const parts = [responseWhere(filter), Prisma.sql`${themeKey} = ANY(x.themes)`];
  if (category) {
    if (!(VERBATIM_CATEGORIES as readonly string[]).includes(category)) throw new AppError("bad_request", "category must be PROMOTER, PASSIVE or DETRACTOR.");
    parts.push(Prisma.sql`r."category"::text = ${category}`);
  }
  const rows = await db.$queryRaw<Row[]>`
    SELECT r."id", r."createdAt", r."score"::int AS "score", r."category"::text AS "category", r."comment",
           r."locale", s."name" AS "surveyName", r."touchpoint", r."attributes", count(*) OVER ()::int AS total
    FROM "Response" r
    JOIN "ResponseText" x ON x."organizationId" = r."organizationId" AND x."responseId" = r.id
    JOIN "Survey" s ON s."organizationId" = r."organizationId" AND s."id" = r."surveyId"
    WHERE ${Prisma.join(parts, " AND ")}
    ORDER BY r."createdAt" DESC, r."id" DESC
    LIMIT ${Math.max(1, Math.min(100, limit))}`;
  const roles = view === "full" ? new Map() : await attributeRoles(filter.organizationId);
  return {
    total: rows[0]?.total ?? 0,
    items: rows.map((row) => ({
      id: row.id,
      createdAt: row.createdAt,
      score: row.score,
      category: row.category,
      locale: row.locale,
      surveyName: row.surveyName,
      touchpoint: row.touchpoint,
      comment: maskCommentForView(row.comment, view),
      attributes: maskAttributes(attributeText(row.attributes), view, roles) as Record<string, string>,
    })),
  };
}

async function attributeRoles(organizationId: string) {
  const rows = await db.attributeDefinition.findMany({ where: { organizationId }, select: { key: true, role: true } });
  return new Map(rows.map((r) => [r.key, r.role]));
}
