import { describe, expect, it } from "vitest";
import { seededRandom } from "@/lib/random";
import { compactAggregates, compactDriverAggregates } from "@/server/analytics/response-aggregates";
import { db } from "@/server/db";
import { createSurvey } from "@/server/surveys/create-survey";
import { createOrganization } from "./support/fixtures";

/**
 * The worker's compaction of the key-driver pre-aggregate (docs/decisions/0032) on many delta rows at once: each
 * key's rows summed into one (totals and every array position), keys that sum to no response removed, nothing else
 * touched. The first version joined three aggregates of the deleted rows, which PostgreSQL planned as nested loops
 * re-aggregating them per key (it estimates a DELETE … RETURNING at one row), and joined the organisation's rows with
 * the touched keys without the index when the statistics called the organisation small: quadratic, so a compaction
 * held the organisation's lock for minutes (the integration suite's driver-aggregates tests timed out behind it once
 * this file had analysed the table). At this size, with statistics, that version does not finish within the time.
 */

type Row = { surveyId: string; day: string; dimension: string; value: string; drivers: string[]; responses: number; n: number; sums: number[]; cross: number[] };

const K = 3; // drivers → sums of k + 1 values, cross of (k + 1)(k + 2) / 2
const SUMS = K + 1;
const CROSS = ((K + 1) * (K + 2)) / 2;

function keyOf(row: Pick<Row, "surveyId" | "day" | "dimension" | "value" | "drivers">): string {
  return [row.surveyId, row.day, row.dimension, row.value, row.drivers.join(",")].join("|");
}

describe("compacting the key-driver pre-aggregate", () => {
  it("sums 24,000 delta rows of 6,000 keys into one row per key, exactly, in one pass", async () => {
    const org = await createOrganization("Driver compaction");
    const surveyId = (await createSurvey({ organizationId: org.id, userId: null, input: { name: "Relationship", brandName: "Bank" } })).id;
    const other = await createOrganization("Driver compaction, another organisation");
    const otherSurveyId = (await createSurvey({ organizationId: other.id, userId: null, input: { name: "Relationship", brandName: "Bank" } })).id;
    const random = seededRandom(20261207);
    const drivers = ["q1", "q2", "q3"];
    const rows: Row[] = [];
    for (let k = 0; k < 6_000; k++) {
      const day = new Date(Date.UTC(2025, 0, 1 + (k % 400))).toISOString().slice(0, 10);
      const dimension = k % 3 === 0 ? "" : "a:region";
      const value = dimension === "" ? "" : `r${Math.floor(k / 400)}`;
      // Four signed deltas per key; every tenth key's deltas cancel out (answers counted, then uncounted).
      const delta = (): Row => {
        const responses = 1 + Math.floor(random() * 3);
        return {
          surveyId, day, dimension, value, drivers, responses, n: responses,
          sums: Array.from({ length: SUMS }, () => Math.floor(random() * 50)),
          cross: Array.from({ length: CROSS }, () => Math.floor(random() * 500)),
        };
      };
      const negate = (row: Row): Row => ({ ...row, responses: -row.responses, n: -row.n, sums: row.sums.map((x) => -x), cross: row.cross.map((x) => -x) });
      const first = [delta(), delta()];
      rows.push(...first, ...(k % 10 === 0 ? first.map(negate) : [delta(), delta()]));
    }
    // The other organisation's rows, which must stay as they are.
    const otherRows: Row[] = Array.from({ length: 50 }, (_, i) => ({
      surveyId: otherSurveyId, day: "2025-01-01", dimension: "", value: "", drivers, responses: 1, n: 1, sums: [i, 1, 2, 3], cross: Array.from({ length: CROSS }, () => i),
    }));
    for (const [organizationId, batch] of [[org.id, rows], [other.id, otherRows]] as const) {
      for (let at = 0; at < batch.length; at += 4_000) {
        const chunk = batch.slice(at, at + 4_000);
        await db.$executeRaw`
          INSERT INTO "DriverAggregate" ("organizationId", "surveyId", day, dimension, value, drivers, responses, n, sums, "cross")
          SELECT ${organizationId}::uuid, (r->>'surveyId')::uuid, (r->>'day')::date, r->>'dimension', r->>'value',
                 ARRAY(SELECT jsonb_array_elements_text(r->'drivers')), (r->>'responses')::int, (r->>'n')::int,
                 ARRAY(SELECT jsonb_array_elements_text(r->'sums')::float8), ARRAY(SELECT jsonb_array_elements_text(r->'cross')::float8)
          FROM jsonb_array_elements(${JSON.stringify(chunk)}::jsonb) r`;
      }
    }

    // What each key must hold: the element-wise sums of its deltas; keys summing to no response disappear.
    const expected = new Map<string, Row>();
    for (const row of rows) {
      const key = keyOf(row);
      const seen = expected.get(key);
      if (!seen) expected.set(key, { ...row, sums: [...row.sums], cross: [...row.cross] });
      else {
        seen.responses += row.responses;
        seen.n += row.n;
        row.sums.forEach((x, i) => (seen.sums[i] = (seen.sums[i] ?? 0) + x));
        row.cross.forEach((x, i) => (seen.cross[i] = (seen.cross[i] ?? 0) + x));
      }
    }
    const kept = [...expected.values()].filter((row) => row.responses !== 0);
    expect(kept.length).toBeLessThan(expected.size); // some keys cancel out

    // As in production, where autovacuum has analysed the table (the quadratic plan came with statistics).
    await db.$executeRaw`ANALYZE "DriverAggregate"`;
    const { removed } = await compactDriverAggregates(org.id);
    expect(removed).toBe(rows.length - kept.length);

    const after = await db.$queryRaw<Row[]>`
      SELECT "surveyId"::text AS "surveyId", day::text AS day, dimension, value, drivers, responses, n, sums, "cross"
      FROM "DriverAggregate" WHERE "organizationId" = ${org.id}::uuid`;
    expect(after).toHaveLength(kept.length);
    const byKey = new Map(after.map((row) => [keyOf(row), row]));
    for (const row of kept) expect(byKey.get(keyOf(row)), keyOf(row)).toEqual(row);

    const untouched = await db.driverAggregate.count({ where: { organizationId: other.id } });
    expect(untouched).toBe(otherRows.length);
    // A second pass finds nothing to do.
    expect((await compactDriverAggregates(org.id)).removed).toBe(0);
  }, 120_000);
});

/**
 * The dashboard aggregates' compaction (docs/decisions/0011) had the key-look-up weakness too: for an organisation
 * whose rows arrived after the table was analysed, its join of the organisation's rows with the touched keys ran as a
 * nested loop per key (quadratic; the old function does not finish this test in its time).
 */
describe("compacting the dashboard aggregates of an organisation the statistics call small", () => {
  it("sums 24,000 delta rows of 6,000 keys written after the table was analysed, exactly", async () => {
    // Statistics first, while this organisation has no rows (a new customer, or one loaded after the last analyse).
    const filler = await createOrganization("Aggregate compaction, an older organisation");
    const fillerSurveyId = (await createSurvey({ organizationId: filler.id, userId: null, input: { name: "Old", brandName: "Bank" } })).id;
    await db.$executeRaw`
      INSERT INTO "ResponseAggregate" ("organizationId", "surveyId", grain, day, dimension, value, scope, n, "h0", "h1", "h2", "h3", "h4", "h5", "h6", "h7", "h8", "h9", "h10")
      SELECT ${filler.id}::uuid, ${fillerSurveyId}::uuid, 'D', date '2024-01-01' + g % 700, 'a:branch', 'b' || (g % 50), '', 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1
      FROM generate_series(1, 20000) g`;
    await db.$executeRaw`ANALYZE "ResponseAggregate"`;

    const org = await createOrganization("Aggregate compaction");
    const surveyId = (await createSurvey({ organizationId: org.id, userId: null, input: { name: "Relationship", brandName: "Bank" } })).id;
    // 6,000 keys × 4 deltas (n = the histogram's total); every tenth key's deltas 2 and 3 undo 0 and 1 exactly.
    await db.$executeRaw`
      INSERT INTO "ResponseAggregate" ("organizationId", "surveyId", grain, day, dimension, value, scope, n, "h0", "h1", "h2", "h3", "h4", "h5", "h6", "h7", "h8", "h9", "h10")
      SELECT ${org.id}::uuid, ${surveyId}::uuid, CASE WHEN k % 2 = 0 THEN 'D' ELSE 'M' END, date '2025-01-01' + k % 400,
             CASE WHEN k % 3 = 0 THEN '' ELSE 'a:region' END, CASE WHEN k % 3 = 0 THEN '' ELSE 'r' || (k / 400) END, '',
             s * (1 + (k + d % 2) % 3), 0, 0, 0, 0, 0, 0, 0, s * ((k + d % 2) % 3), 0, 0, s
      FROM generate_series(0, 5999) k, generate_series(0, 3) d,
           LATERAL (SELECT CASE WHEN k % 10 = 0 AND d >= 2 THEN -1 ELSE 1 END AS s) sign`;
    const expected = await db.$queryRaw<{ key: string; n: number; h7: number; h10: number }[]>`
      SELECT concat_ws('|', grain, day, dimension, value, scope) AS key, sum(n)::int AS n, sum("h7")::int AS h7, sum("h10")::int AS h10
      FROM "ResponseAggregate" WHERE "organizationId" = ${org.id}::uuid GROUP BY 1 HAVING sum(n) <> 0 ORDER BY 1`;
    const before = await db.responseAggregate.count({ where: { organizationId: org.id } });
    expect(before).toBe(24_000);
    expect(expected.length).toBeLessThan(6_000);

    const { removed } = await compactAggregates(org.id);
    expect(removed).toBe(before - expected.length);
    const after = await db.$queryRaw<{ key: string; n: number; h7: number; h10: number }[]>`
      SELECT concat_ws('|', grain, day, dimension, value, scope) AS key, n, "h7" AS h7, "h10" AS h10
      FROM "ResponseAggregate" WHERE "organizationId" = ${org.id}::uuid ORDER BY 1`;
    expect(after).toEqual(expected);
    expect(await db.responseAggregate.count({ where: { organizationId: filler.id } })).toBe(20_000);
  }, 120_000);
});
