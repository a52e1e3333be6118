import "server-only";
import { z } from "zod";
import { Prisma } from "@/generated/prisma/client";
import { AppError } from "@/lib/errors";
import { hasRole, type RoleName } from "@/lib/roles";
import { compileTaxonomy } from "@/lib/text/analyze";
import { maskCommentForView } from "@/lib/text/mask-comment";
import { rankNewThemeTerms, type NewThemeTerm } from "@/lib/text/new-theme-terms";
import { db } from "@/server/db";
import { loadTaxonomy } from "./taxonomy";

/** Periods an admin can look at (days back from now). */
export const SUGGESTION_PERIODS = [30, 90, 365] as const;
export const suggestionPeriodSchema = z.coerce
  .number()
  .int()
  .refine((d) => (SUGGESTION_PERIODS as readonly number[]).includes(d), "30, 90 or 365")
  .catch(90);

/**
 * Comments read per side: the period's newest and the newest before it. Enough for the ranking to be stable (a
 * term in 0.1 % of comments still shows 10 times) and bounded whatever the organisation's size.
 */
export const SUGGESTION_SAMPLE = 10_000;
/** Example comments shown per suggested term. */
const EXAMPLES = 3;

export type NewThemeSuggestion = NewThemeTerm & { examples: { responseId: string; comment: string }[] };

export type NewThemeSuggestions = {
  days: number;
  /** Read comments without a theme: of the period (in the sample) and of the comparison sample. */
  periodComments: number;
  backgroundComments: number;
  /** True when the period has more such comments than the sample looked at. */
  sampled: boolean;
  terms: NewThemeSuggestion[];
};

/**
 * Possible new themes for Settings → Themes (ADMIN): the words (jieba tokens of the stored readings) and two-word
 * phrases (adjacent content tokens) of the period's comments that no theme caught (read with no theme: what the
 * taxonomy misses), that themselves match no theme, ranked by TF-IDF against the organisation's earlier such
 * comments, each with its count and up to three of those comments as examples, masked (phone numbers and emails typed
 * into comments). Counting happens in SQL over at most SUGGESTION_SAMPLE newest comments per side, each side one range
 * of the partial index of untagged readings by their response's time ("respondedAt", docs/decisions/0031); only the
 * 300 best-scoring candidate terms reach JavaScript, which drops sentiment words and what the taxonomy already
 * matches.
 */
export async function suggestNewThemes({
  organizationId,
  role,
  days,
  now = new Date(),
  limit = 10,
}: {
  organizationId: string;
  role: RoleName;
  days: number;
  now?: Date;
  limit?: number;
}): Promise<NewThemeSuggestions> {
  if (!hasRole(role, "ADMIN")) throw new AppError("forbidden", "Theme suggestions need the ADMIN role.");
  const period = suggestionPeriodSchema.parse(days);
  const from = new Date(now.getTime() - period * 86_400_000);
  const rules = await loadTaxonomy(organizationId);
  const untagged = untaggedReadings(organizationId);
  const rows = await db.$queryRaw<{ parts: string[]; period: number; background: number; nPeriod: number; nBackground: number; periodTotal: number }[]>`
    WITH p AS MATERIALIZED (
      SELECT x."responseId", x.tokens FROM "ResponseText" x
      WHERE ${untagged} AND x."respondedAt" >= ${from} AND x."respondedAt" <= ${now}
      ORDER BY x."respondedAt" DESC LIMIT ${SUGGESTION_SAMPLE}
    ), b AS MATERIALIZED (
      SELECT x."responseId", x.tokens FROM "ResponseText" x
      WHERE ${untagged} AND x."respondedAt" < ${from}
      ORDER BY x."respondedAt" DESC LIMIT ${SUGGESTION_SAMPLE}
    ), d AS (
      SELECT true AS here, "responseId", tokens FROM p UNION ALL SELECT false, "responseId", tokens FROM b
    ), terms AS (
      -- Each comment's distinct words and adjacent pairs (document frequency, not term frequency).
      SELECT d.here, t.parts FROM d CROSS JOIN LATERAL (
        SELECT ARRAY[w] AS parts FROM unnest(d.tokens) AS w
        UNION
        SELECT ARRAY[d.tokens[i], d.tokens[i + 1]] FROM generate_series(1, cardinality(d.tokens) - 1) AS i
      ) t
    ), counts AS (
      SELECT parts, count(*) FILTER (WHERE here)::int AS period, count(*) FILTER (WHERE NOT here)::int AS background
      FROM terms GROUP BY parts
    ), n AS (
      SELECT (SELECT count(*) FROM p)::int AS "nPeriod", (SELECT count(*) FROM b)::int AS "nBackground"
    )
    SELECT c.parts, c.period, c.background, n."nPeriod", n."nBackground",
      (SELECT count(*)::int FROM "ResponseText" x
       WHERE ${untagged} AND x."respondedAt" >= ${from} AND x."respondedAt" <= ${now}) AS "periodTotal"
    FROM counts c CROSS JOIN n
    WHERE c.period >= 3
    ORDER BY c.period * (ln((1 + n."nBackground")::float8 / (1 + c.background)) + 1) DESC, c.period DESC
    LIMIT 300`;
  const first = rows[0];
  const periodComments = first?.nPeriod ?? 0;
  const backgroundComments = first?.nBackground ?? 0;
  const ranked = rankNewThemeTerms(rows, compileTaxonomy(rules), { periodComments, backgroundComments, limit });
  const examples = ranked.length ? await exampleComments(organizationId, from, now, ranked) : new Map<string, { responseId: string; comment: string }[]>();
  return {
    days: period,
    periodComments,
    backgroundComments,
    sampled: (first?.periodTotal ?? 0) > periodComments,
    terms: ranked.map((t) => ({ ...t, examples: examples.get(t.term) ?? [] })),
  };
}

/**
 * The organisation's readings that no theme caught and that have words — the predicate of the partial index
 * "ResponseText_untagged_idx" on ("organizationId", "respondedAt"), so each sample is one index range.
 */
function untaggedReadings(organizationId: string): Prisma.Sql {
  return Prisma.sql`x."organizationId" = ${organizationId}::uuid AND cardinality(x.themes) = 0 AND cardinality(x.tokens) > 0`;
}

/** The newest comments of the period no theme caught containing each term (a phrase: its two tokens adjacent), masked. */
async function exampleComments(organizationId: string, from: Date, now: Date, terms: NewThemeTerm[]) {
  const rows = await db.$queryRaw<{ term: string; responseId: string; comment: string }[]>`
    SELECT q.term, e."responseId", r.comment
    FROM jsonb_to_recordset(${JSON.stringify(terms.map((t) => ({ term: t.term, a: t.parts[0], b: t.parts[1] ?? null })))}::jsonb) AS q(term text, a text, b text)
    CROSS JOIN LATERAL (
      SELECT x."responseId", x."respondedAt" FROM "ResponseText" x
      WHERE ${untaggedReadings(organizationId)} AND x."respondedAt" >= ${from} AND x."respondedAt" <= ${now}
        AND q.a = ANY(x.tokens)
        AND (q.b IS NULL OR EXISTS (SELECT 1 FROM generate_series(1, cardinality(x.tokens) - 1) AS i WHERE x.tokens[i] = q.a AND x.tokens[i + 1] = q.b))
      ORDER BY x."respondedAt" DESC, x."responseId" DESC
      LIMIT ${EXAMPLES}
    ) e
    JOIN "Response" r ON r."organizationId" = ${organizationId}::uuid AND r.id = e."responseId"
    ORDER BY q.term, e."respondedAt" DESC, e."responseId" DESC`;
  const byTerm = new Map<string, { responseId: string; comment: string }[]>();
  for (const row of rows) {
    const list = byTerm.get(row.term) ?? [];
    list.push({ responseId: row.responseId, comment: maskCommentForView(row.comment, "masked") });
    byTerm.set(row.term, list);
  }
  return byTerm;
}
