import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { addDays, type DateRange } from "@/lib/date-range";
import { maskCommentForView } from "@/lib/text/mask-comment";
import { pickRisingTheme, RISING_THEME_MIN_COUNT, type RisingThemePick } from "@/lib/text/rising-theme";
import { inUnits } from "@/server/accountability/digest-figures";
import { db } from "@/server/db";

/** Longest example comment shown in a digest (an email, a chat message). */
const EXAMPLE_MAX = 160;
/** Weeks of history the week is compared with. */
const BASELINE_WEEKS = 4;

export type RisingTheme = RisingThemePick & {
  labelZh: string;
  labelEn: string;
  /** Two comments of the week with the theme, newest first, emails and phone numbers masked, shortened. */
  examples: { score: number | null; comment: string }[];
};

export type GetRisingThemeOptions = {
  organizationId: string;
  timeZone: string;
  /** The reported week (local dates); the baseline is the four weeks before it. */
  week: DateRange;
  /** Only responses of these units (a manager's subtree, a branch's chat group); null = the whole organisation. */
  unitIds: string[] | null;
  minCount?: number;
};

const shorten = (text: string) => (text.length > EXAMPLE_MAX ? `${text.slice(0, EXAMPLE_MAX)}…` : text);

/**
 * The theme whose share of read comments rose most this week against the four weeks before (src/lib/text/
 * rising-theme.ts decides; at least RISING_THEME_MIN_COUNT comments this week), with its labels and two example
 * comments of the week, personal data masked — or null when no theme rose. Aggregated in SQL; comments are read by
 * the worker (ResponseText), excluded responses left out.
 */
export async function getRisingTheme({ organizationId, timeZone, week, unitIds, minCount = RISING_THEME_MIN_COUNT }: GetRisingThemeOptions): Promise<RisingTheme | null> {
  const baselineFrom = addDays(week.from, -7 * BASELINE_WEEKS);
  const weekStart = Prisma.sql`(${week.from}::date::timestamp AT TIME ZONE ${timeZone})`;
  const read = Prisma.sql`
    SELECT x."themes", (r."createdAt" >= ${weekStart}) AS "inWeek"
    FROM "Response" r
    JOIN "ResponseText" x ON x."organizationId" = r."organizationId" AND x."responseId" = r."id"
    WHERE r."organizationId" = ${organizationId}::uuid AND NOT r."excluded"
      AND r."createdAt" >= (${baselineFrom}::date::timestamp AT TIME ZONE ${timeZone})
      AND r."createdAt" < ((${week.to}::date + 1)::timestamp AT TIME ZONE ${timeZone})
      AND ${inUnits(unitIds)}`;
  const [totals, counts] = await Promise.all([
    db.$queryRaw<{ week: number; baseline: number }[]>(Prisma.sql`
      WITH read AS (${read})
      SELECT count(*) FILTER (WHERE "inWeek")::int AS "week", count(*) FILTER (WHERE NOT "inWeek")::int AS "baseline" FROM read`),
    db.$queryRaw<{ key: string; weekCount: number; baselineCount: number }[]>(Prisma.sql`
      WITH read AS (${read})
      SELECT t."key", count(*) FILTER (WHERE read."inWeek")::int AS "weekCount", count(*) FILTER (WHERE NOT read."inWeek")::int AS "baselineCount"
      FROM read CROSS JOIN LATERAL (SELECT DISTINCT k FROM unnest(read."themes") AS k) AS t("key")
      GROUP BY t."key"`),
  ]);
  const pick = pickRisingTheme(counts, totals[0] ?? { week: 0, baseline: 0 }, { minCount });
  if (!pick) return null;
  const [definition, examples] = await Promise.all([
    db.themeDefinition.findUnique({ where: { organizationId_key: { organizationId, key: pick.key } }, select: { labelZh: true, labelEn: true } }),
    db.$queryRaw<{ score: number | null; comment: string }[]>(Prisma.sql`
      SELECT r."score"::int AS "score", r."comment"
      FROM "Response" r
      JOIN "ResponseText" x ON x."organizationId" = r."organizationId" AND x."responseId" = r."id"
      WHERE r."organizationId" = ${organizationId}::uuid AND NOT r."excluded" AND ${pick.key} = ANY(x."themes")
        AND r."comment" IS NOT NULL AND btrim(r."comment") <> ''
        AND r."createdAt" >= ${weekStart}
        AND r."createdAt" < ((${week.to}::date + 1)::timestamp AT TIME ZONE ${timeZone})
        AND ${inUnits(unitIds)}
      ORDER BY r."createdAt" DESC, r."id" DESC
      LIMIT 2`),
  ]);
  return {
    ...pick,
    labelZh: definition?.labelZh ?? pick.key,
    labelEn: definition?.labelEn ?? pick.key,
    examples: examples.map((e) => ({ score: e.score, comment: shorten(maskCommentForView(e.comment.trim(), "masked")) })),
  };
}
