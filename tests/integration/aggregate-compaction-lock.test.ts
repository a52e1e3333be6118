import { describe, expect, it } from "vitest";
import { classifyScore } from "@/lib/nps";
import { compactAggregates } from "@/server/analytics/response-aggregates";
import { db } from "@/server/db";
import { createSurvey } from "@/server/surveys/create-survey";
import { createOrganization } from "./support/fixtures";
import { insertResponses } from "./support/responses";

// The minute compaction never queues for an organisation's aggregate lock: while a rebuild (or another compaction)
// holds it, the round is skipped and the watermark stays, so the next round compacts what this one left.
describe("compacting while the organisation's aggregates are locked", () => {
  it("skips the round at once (nothing removed, watermark kept) and compacts once the lock is free", { timeout: 120_000 }, async () => {
    const org = await createOrganization("Compaction Lock Bank");
    const survey = await createSurvey({ organizationId: org.id, userId: null, input: { name: "Lock", brandName: "Lock Bank" } });
    const at = new Date("2026-10-05T03:00:00Z");
    // Two writes of the same day: two delta rows per key, which a compaction sums into one.
    for (const score of [10, 3]) {
      await insertResponses(
        Array.from({ length: 4 }, (_, i) => ({
          organizationId: org.id,
          surveyId: survey.id,
          score: score - (i % 2),
          category: classifyScore(score - (i % 2)),
          channel: "EMAIL" as const,
          locale: "zh-CN",
          completed: true,
          createdAt: at,
        })),
      );
    }
    const before = await db.responseAggregate.count({ where: { organizationId: org.id } });

    // A rebuild holds the lock (its transaction); the compaction beside it returns without waiting for it.
    const whileLocked = await db.$transaction(
      async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`aggregates:${org.id}`}, 0))`;
        const started = Date.now();
        const result = await Promise.race([
          compactAggregates(org.id, 0n),
          new Promise<"waited">((resolve) => setTimeout(() => resolve("waited"), 10_000)),
        ]);
        return { result, ms: Date.now() - started };
      },
      { timeout: 60_000, maxWait: 30_000 },
    );
    expect(whileLocked.result).toEqual({ removed: 0, upTo: 0n });
    expect(whileLocked.ms).toBeLessThan(10_000);
    expect(await db.responseAggregate.count({ where: { organizationId: org.id } })).toBe(before);

    // Free: the same round compacts.
    const after = await compactAggregates(org.id, 0n);
    expect(after.removed).toBeGreaterThan(0);
    expect(after.upTo).toBeGreaterThan(0n);
    expect(await db.responseAggregate.count({ where: { organizationId: org.id } })).toBe(before - after.removed);
    // Still every response counted once.
    const [sum] = await db.$queryRaw<{ n: number }[]>`
      SELECT COALESCE(SUM(n), 0)::int AS n FROM "ResponseAggregate" WHERE "organizationId" = ${org.id}::uuid AND "grain" = 'D' AND "dimension" = '' AND "scope" = ''`;
    expect(sum?.n).toBe(8);
  });
});
