import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, describe, expect, it } from "vitest";
import { PrismaClient } from "@/generated/prisma/client";
import { db } from "@/server/db";
import { getOutcomeReport } from "@/server/outcomes/get-outcome-report";
import { seedDemo } from "../../prisma/seed";

// seedDemo takes its own client, as `npm run db:seed` does.
const client = new PrismaClient({ adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL! }) });
afterAll(() => client.$disconnect());

describe("demo seed: behaviour data", () => {
  it("plants churn that detractors do more, so the demo bank's validation report shows a true, significant verdict", async () => {
    const before = new Set((await db.organization.findMany({ select: { id: true } })).map((o) => o.id));
    await seedDemo(client);
    const org = (await db.organization.findMany({ where: { slug: "demo-bank" }, select: { id: true } })).find((o) => !before.has(o.id))!;
    const survey = await db.survey.findFirstOrThrow({ where: { organizationId: org.id, kind: "RELATIONSHIP" } });
    expect(await db.outcomeEvent.count({ where: { organizationId: org.id, type: "churned" } })).toBeGreaterThan(20);

    const churn = await getOutcomeReport({ organizationId: org.id, surveyId: survey.id, searchParams: new URLSearchParams("type=churned&windowDays=180"), withNonResponse: true });
    expect(churn.verdict.kind).toBe("higher");
    expect(churn.api.detractorVsPromoter!.ratio!).toBeGreaterThan(2);
    expect(churn.api.detractorVsPromoter!.p!).toBeLessThan(0.05);
    expect(churn.api.excludedTooRecent).toBeGreaterThan(0);
    // Invited customers who never answered leave more than those who did (the demo's non-response finding is true).
    expect(churn.nonResponse!.suppressed).toBe(false);
    expect(churn.nonResponse!.nonRespondents.rate!).toBeGreaterThan(churn.nonResponse!.respondents.rate!);
    // Promoters buy more: the report points the other way for purchases.
    const purchases = await getOutcomeReport({ organizationId: org.id, surveyId: survey.id, searchParams: new URLSearchParams("type=purchased") });
    expect(purchases.api.detractorVsPromoter!.difference).toBeLessThan(0);
  }, 240_000);
});
