import "server-only";
import { normalCdf } from "@/lib/nps";
import { db } from "@/server/db";
import { invitationWhere, type AnalyticsFilter } from "./filter";

/** Keys with more distinct values than this are bucketed (numbers: quintiles) or skipped (text such as ids). */
export const MAX_DISTINCT_VALUES = 30;
/** A gap is flagged when it is at least this many percentage points … */
export const DEFAULT_MIN_GAP_POINTS = 5;
/** … and the two-proportion z test gives p below this. */
export const DEFAULT_ALPHA = 0.05;

export type ProportionTest = {
  /** Share of a − share of b (fractions, −1..1). */
  difference: number;
  z: number;
  /** Two-sided p-value. */
  pValue: number;
};

/**
 * Two-proportion z test with the pooled standard error (the square root of the 2×2 Pearson chi-square
 * without continuity correction): z = (p₁ − p₂) / √(p̂(1 − p̂)(1/n₁ + 1/n₂)), p̂ = (x₁ + x₂)/(n₁ + n₂).
 * Null when either side is empty; z = 0, p = 1 when both proportions are 0 or both are 1.
 */
export function twoProportionZTest(
  a: { successes: number; n: number },
  b: { successes: number; n: number },
): ProportionTest | null {
  for (const [label, side] of [["a", a], ["b", b]] as const) {
    if (!Number.isInteger(side.n) || side.n < 0) throw new RangeError(`${label}.n must be a non-negative integer, got ${String(side.n)}`);
    if (!Number.isInteger(side.successes) || side.successes < 0 || side.successes > side.n) {
      throw new RangeError(`${label}.successes must be an integer in 0..${side.n}, got ${String(side.successes)}`);
    }
  }
  if (a.n === 0 || b.n === 0) return null;
  const p1 = a.successes / a.n;
  const p2 = b.successes / b.n;
  const pooled = (a.successes + b.successes) / (a.n + b.n);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / a.n + 1 / b.n));
  if (!(se > 0)) return { difference: p1 - p2, z: 0, pValue: 1 };
  const z = (p1 - p2) / se;
  return { difference: p1 - p2, z, pValue: Math.min(1, 2 * normalCdf(-Math.abs(z))) };
}

export type NonResponseRow = {
  /** The contact attribute ("region", "tier" …). */
  key: string;
  /** The value; for a bucketed numeric attribute its range "low–high"; "" for contacts without the attribute. */
  value: string;
  kind: "value" | "range" | "missing";
  /** Bounds of a bucketed numeric attribute (inclusive, as found in the data); null otherwise. */
  range: { low: number; high: number } | null;
  /** Invitations with this value that were answered / not answered. */
  respondents: number;
  nonRespondents: number;
  /** Share among all respondents / all non-respondents (0..1); null when that side is empty. */
  respondentShare: number | null;
  nonRespondentShare: number | null;
  /** respondentShare − nonRespondentShare in percentage points; positive = over-represented among answers. */
  gapPoints: number | null;
  /** Two-proportion z test of the two shares; null when a side is empty. */
  pValue: number | null;
  /** |gap| ≥ minGapPoints and p < alpha. */
  flagged: boolean;
};

export type NonResponse = {
  /** Invitations created in the range (survey / channel / contact-attribute filters applied). */
  invitations: number;
  respondents: number;
  nonRespondents: number;
  responseRate: number | null;
  /** Every key/value, largest absolute gap first (rows without a gap last). */
  rows: NonResponseRow[];
  /** Text attributes with too many distinct values to compare (ids, names …). */
  skippedKeys: { key: string; distinctValues: number }[];
  thresholds: { minGapPoints: number; alpha: number; maxDistinctValues: number };
};

export type GetNonResponseOptions = { minGapPoints?: number; alpha?: number };

type Row = {
  totalRespondents: number;
  totalNonRespondents: number;
  /** Null only when no invitation has any attribute. */
  key: string | null;
  value: string | null;
  low: string | null;
  high: string | null;
  /** Null on the row of a skipped key. */
  respondents: number | null;
  nonRespondents: number | null;
  distinctValues: number | null;
};

function share(count: number, total: number): number | null {
  return total > 0 ? count / total : null;
}

/**
 * Are the people who answered like the ones who did not? For the invitations created in the filter's range,
 * each contact attribute value's share among respondents (invitation answered) and among non-respondents,
 * the gap in points and a two-proportion z test. The unit is the invitation, as in the response rate;
 * attributes are the contact's current ones. Numeric attributes with more than 30 distinct values are cut
 * into quintiles; other keys with more than 30 values are skipped. Aggregated in SQL, one query.
 */
export async function getNonResponse(filter: AnalyticsFilter, options: GetNonResponseOptions = {}): Promise<NonResponse> {
  const minGapPoints = options.minGapPoints ?? DEFAULT_MIN_GAP_POINTS;
  const alpha = options.alpha ?? DEFAULT_ALPHA;
  const rows = await db.$queryRaw<Row[]>`
    WITH inv AS (
      SELECT (i."respondedAt" IS NOT NULL) AS "responded", c."attributes"
      FROM "Invitation" i
      JOIN "Contact" c ON c."organizationId" = i."organizationId" AND c."id" = i."contactId"
      WHERE ${invitationWhere(filter)}
    ),
    totals AS (
      SELECT COUNT(*) FILTER (WHERE "responded")::int AS "respondents",
             COUNT(*) FILTER (WHERE NOT "responded")::int AS "nonRespondents"
      FROM inv
    ),
    pairs AS (
      SELECT kv."key", kv."value", inv."responded"
      FROM inv
      CROSS JOIN LATERAL jsonb_each_text(
        CASE WHEN jsonb_typeof(inv."attributes") = 'object' THEN inv."attributes" ELSE '{}'::jsonb END) kv
      WHERE kv."value" IS NOT NULL AND btrim(kv."value") <> ''
    ),
    keys AS (
      SELECT p."key", COUNT(DISTINCT p."value")::int AS "distinctValues",
             bool_and(p."value" ~ '^-?[0-9]+([.][0-9]+)?$') AS "numeric"
      FROM pairs p
      GROUP BY p."key"
    ),
    cuts AS (
      SELECT p."key", percentile_disc(ARRAY[0.2, 0.4, 0.6, 0.8]) WITHIN GROUP (ORDER BY p."value"::numeric) AS "bounds"
      FROM pairs p JOIN keys k ON k."key" = p."key"
      WHERE k."numeric" AND k."distinctValues" > ${MAX_DISTINCT_VALUES}
      GROUP BY p."key"
    ),
    labelled AS (
      SELECT p."key", p."responded", p."value", NULL::int AS "bucket", NULL::numeric AS "number"
      FROM pairs p JOIN keys k ON k."key" = p."key"
      WHERE k."distinctValues" <= ${MAX_DISTINCT_VALUES}
      UNION ALL
      SELECT p."key", p."responded", NULL, width_bucket(p."value"::numeric, c."bounds"), p."value"::numeric
      FROM pairs p JOIN cuts c ON c."key" = p."key"
    ),
    grouped AS (
      SELECT l."key", l."value", MIN(l."number")::text AS "low", MAX(l."number")::text AS "high",
             COUNT(*) FILTER (WHERE l."responded")::int AS "respondents",
             COUNT(*) FILTER (WHERE NOT l."responded")::int AS "nonRespondents"
      FROM labelled l
      GROUP BY l."key", l."value", l."bucket"
    ),
    result AS (
      SELECT g."key", g."value", g."low", g."high", g."respondents", g."nonRespondents", k."distinctValues"
      FROM grouped g JOIN keys k ON k."key" = g."key"
      UNION ALL
      SELECT k."key", NULL, NULL, NULL, NULL, NULL, k."distinctValues"
      FROM keys k
      WHERE k."distinctValues" > ${MAX_DISTINCT_VALUES} AND NOT k."numeric"
    )
    SELECT t."respondents" AS "totalRespondents", t."nonRespondents" AS "totalNonRespondents", x.*
    FROM totals t LEFT JOIN result x ON true`;

  const respondents = rows[0]?.totalRespondents ?? 0;
  const nonRespondents = rows[0]?.totalNonRespondents ?? 0;
  const invitations = respondents + nonRespondents;

  const row = (key: string, value: string, kind: NonResponseRow["kind"], range: NonResponseRow["range"], r: number, n: number): NonResponseRow => {
    const respondentShare = share(r, respondents);
    const nonRespondentShare = share(n, nonRespondents);
    const test = twoProportionZTest({ successes: r, n: respondents }, { successes: n, n: nonRespondents });
    const gapPoints = respondentShare !== null && nonRespondentShare !== null ? 100 * (respondentShare - nonRespondentShare) : null;
    return {
      key,
      value,
      kind,
      range,
      respondents: r,
      nonRespondents: n,
      respondentShare,
      nonRespondentShare,
      gapPoints,
      pValue: test?.pValue ?? null,
      flagged: gapPoints !== null && test !== null && Math.abs(gapPoints) >= minGapPoints - 1e-9 && test.pValue < alpha,
    };
  };

  const result: NonResponseRow[] = [];
  const skippedKeys: NonResponse["skippedKeys"] = [];
  const withValue = new Map<string, { respondents: number; nonRespondents: number }>();
  for (const r of rows) {
    if (r.key === null) continue;
    if (r.respondents === null || r.nonRespondents === null) {
      skippedKeys.push({ key: r.key, distinctValues: r.distinctValues ?? 0 });
      continue;
    }
    const seen = withValue.get(r.key) ?? { respondents: 0, nonRespondents: 0 };
    withValue.set(r.key, { respondents: seen.respondents + r.respondents, nonRespondents: seen.nonRespondents + r.nonRespondents });
    if (r.value === null && r.low !== null && r.high !== null) {
      const low = Number(r.low);
      const high = Number(r.high);
      const label = low === high ? String(low) : `${String(low)}–${String(high)}`;
      result.push(row(r.key, label, "range", { low, high }, r.respondents, r.nonRespondents));
    } else {
      result.push(row(r.key, r.value ?? "", "value", null, r.respondents, r.nonRespondents));
    }
  }
  // Contacts without the attribute are a group of their own (e.g. non-respondents more often lack a tier).
  for (const [key, seen] of withValue) {
    const missingRespondents = respondents - seen.respondents;
    const missingNonRespondents = nonRespondents - seen.nonRespondents;
    if (missingRespondents > 0 || missingNonRespondents > 0) {
      result.push(row(key, "", "missing", null, missingRespondents, missingNonRespondents));
    }
  }

  result.sort((a, b) => {
    const gapA = a.gapPoints === null ? -1 : Math.abs(a.gapPoints);
    const gapB = b.gapPoints === null ? -1 : Math.abs(b.gapPoints);
    return gapB - gapA || a.key.localeCompare(b.key) || (a.range?.low ?? 0) - (b.range?.low ?? 0) || a.value.localeCompare(b.value);
  });
  skippedKeys.sort((a, b) => a.key.localeCompare(b.key));

  return {
    invitations,
    respondents,
    nonRespondents,
    responseRate: invitations > 0 ? respondents / invitations : null,
    rows: result,
    skippedKeys,
    thresholds: { minGapPoints, alpha, maxDistinctValues: MAX_DISTINCT_VALUES },
  };
}
