import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, describe, expect, it } from "vitest";
import { PrismaClient } from "@/generated/prisma/client";
import { readAnalyticsParams } from "@/schemas/analytics";
import { resolveFilter } from "@/server/analytics/filter";
import { db } from "@/server/db";
import { getJourneyView } from "@/server/journeys/get-journey-view";
import { seedDemo } from "../../prisma/seed";

// seedDemo takes its own client, as `npm run db:seed` does.
const client = new PrismaClient({ adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL! }) });
afterAll(() => client.$disconnect());

describe("demo seed: customer journeys", () => {
  it("defines the account opening and loan journeys, each showing one pain point and one delight point over the default 90 days", async () => {
    const before = new Set((await db.organization.findMany({ select: { id: true } })).map((o) => o.id));
    await seedDemo(client);
    const org = (await db.organization.findMany({ where: { slug: "demo-bank" }, select: { id: true, timeZone: true, minN: true, suppressN: true } })).find((o) => !before.has(o.id))!;
    const journeys = await db.journey.findMany({ where: { organizationId: org.id }, orderBy: { createdAt: "asc" } });
    expect(journeys.map((j) => j.nameZh)).toEqual(["开户", "贷款申请"]);
    const filter = resolveFilter(readAnalyticsParams({}).data!, { organizationId: org.id, timeZone: org.timeZone });
    const expected = { 开户: ["delight", null, "pain"], 贷款申请: [null, "delight", "pain"] } as const;
    for (const journey of journeys) {
      const view = await getJourneyView({ organizationId: org.id, journeyId: journey.id, filter: { ...filter }, thresholds: { minN: org.minN, suppressN: org.suppressN } });
      expect(view.stages.map((s) => s.point)).toEqual(expected[journey.nameZh as keyof typeof expected]);
      for (const stage of view.stages) {
        expect(stage.status).toBe("ok");
        expect(stage.stats.n).toBeGreaterThanOrEqual(org.minN);
        expect(stage.instruments.length + (stage.topDriver ? 1 : 0)).toBeGreaterThan(0);
      }
      // The branch stage is the demo's 开户 survey (it asks CES); the others ask CSAT and carry a top driver.
      expect(view.stages.some((s) => s.instruments.some((m) => m.type === "CES"))).toBe(journey.nameZh === "开户");
      expect(view.stages.filter((s) => s.topDriver?.status === "ok").length).toBe(3);
    }
  }, 300_000);
});
