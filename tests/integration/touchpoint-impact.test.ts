import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { adjustBenjaminiHochberg } from "@/lib/multiple-comparisons";
import { classifyScore, compareNps, npsFromScores } from "@/lib/nps";
import { getTouchpointImpact } from "@/server/analytics/get-touchpoint-impact";
import { db } from "@/server/db";
import { createOrganization } from "./support/fixtures";

// Issue 13 ("touchpoint impact on loyalty"): relationship NPS of respondents who went through touchpoint X in the N
// days before answering vs those who did not, with CIs and the test; and the detractor Pareto per touchpoint.
const TZ = "Asia/Shanghai";
const RANGE = { from: "2026-03-01", to: "2026-03-31" };
const ANSWERED = new Date("2026-03-20T04:00:00Z");
const day = (d: number) => new Date(Date.UTC(2026, 2, d, 4));

let organizationId: string;
let relationshipId: string;
let claimsId: string;
let otherOrgSurveyId: string;
const claimScores: number[] = [];
const otherScores: number[] = [];

beforeAll(async () => {
  const org = await createOrganization("Touchpoint Impact Insurer");
  organizationId = org.id;
  const survey = (data: { name: string; kind?: "RELATIONSHIP" | "TRANSACTIONAL"; touchpoint?: string }) =>
    db.survey.create({ data: { organizationId, brandName: "Insurer", status: "ACTIVE", ...data } });
  relationshipId = (await survey({ name: "Relationship" })).id;
  claimsId = (await survey({ name: "Claims", kind: "TRANSACTIONAL", touchpoint: "理赔" })).id;
  const branchId = (await survey({ name: "Branch visit", kind: "TRANSACTIONAL", touchpoint: "网点" })).id;
  const other = await createOrganization("Touchpoint Impact Other");
  otherOrgSurveyId = (await db.survey.create({ data: { organizationId: other.id, name: "Theirs", brandName: "X", status: "ACTIVE", kind: "TRANSACTIONAL", touchpoint: "理赔" } })).id;

  const contacts = await db.contact.createManyAndReturn({
    data: Array.from({ length: 80 }, (_, i) => ({ organizationId, email: `c${i}@impact.example` })),
    select: { id: true },
  });
  const response = (surveyId: string, contactId: string, score: number, createdAt: Date, touchpoint: string | null = null) => ({
    organizationId,
    surveyId,
    contactId,
    score,
    category: classifyScore(score),
    locale: "zh-CN",
    channel: "EMAIL" as const,
    completed: true,
    touchpoint,
    createdAt,
  });
  const rows = [];
  for (const [i, contact] of contacts.entries()) {
    // Contacts 0–29 had a claim 10 days before the relationship answer and are unhappy; 30–79 did not.
    const claimed = i < 30;
    const score = claimed ? [3, 5, 6, 8, 9][i % 5] ?? 5 : [7, 9, 10, 10, 8][i % 5] ?? 9;
    claimScores.push(...(claimed ? [score] : []));
    otherScores.push(...(claimed ? [] : [score]));
    rows.push(response(relationshipId, contact.id, score, ANSWERED));
    if (claimed && i % 2 === 0) rows.push(response(claimsId, contact.id, i % 3 === 0 ? 2 : 8, day(10), "理赔"));
    // Contacts 40–59 visited a branch — too long before (200 days) to count, so 网点 exposure is empty.
    if (i >= 40 && i < 60) rows.push(response(branchId, contact.id, 9, new Date(Date.UTC(2025, 7, 1)), "网点"));
  }
  await db.response.createMany({ data: rows });
  // The odd-numbered claimants were invited to the claims survey (a transactional invitation counts as the touchpoint).
  await db.invitation.createMany({
    data: contacts
      .slice(0, 30)
      .filter((_, i) => i % 2 === 1)
      .map((c) => ({ organizationId, surveyId: claimsId, contactId: c.id, token: randomBytes(24).toString("base64url"), createdAt: day(12) })),
  });
});

describe("touchpoint impact on loyalty (issue 13)", () => {
  it("relationship NPS with and without the touchpoint in the window, with CIs, the test and BH", async () => {
    const impact = await getTouchpointImpact({ organizationId, timeZone: TZ, surveyId: relationshipId, range: RANGE, windowDays: 30, suppressN: 5 });
    expect(impact.n).toBe(80);
    const claims = impact.touchpoints.find((t) => t.touchpoint === "理赔");
    const exposed = npsFromScores(claimScores);
    const notExposed = npsFromScores(otherScores);
    expect(claims?.exposed).toEqual(exposed);
    expect(claims?.notExposed).toEqual(notExposed);
    expect(claims?.difference).toEqual(compareNps(exposed, notExposed));
    expect(claims?.difference?.difference).toBeLessThan(0);
    expect(claims?.difference?.significant).toBe(true);
    const q = adjustBenjaminiHochberg(impact.touchpoints.map((t) => t.difference?.pValue ?? null));
    expect(claims?.adjusted?.q).toBeCloseTo(q[impact.touchpoints.indexOf(claims ?? impact.touchpoints[0]!)] ?? NaN, 12);
    // 网点 happened 200 days before: nobody counts as exposed within 30 days; no test.
    const branch = impact.touchpoints.find((t) => t.touchpoint === "网点");
    expect(branch?.exposed.n).toBe(0);
    expect(branch?.difference).toBeNull();
    // With a 365-day window the branch visitors count.
    const wide = await getTouchpointImpact({ organizationId, timeZone: TZ, surveyId: relationshipId, range: RANGE, windowDays: 365, suppressN: 5 });
    expect(wide.touchpoints.find((t) => t.touchpoint === "网点")?.exposed.n).toBe(20);
  });

  it("detractor Pareto per touchpoint (volume × detractor share), and other tenants never count", async () => {
    await db.response.create({
      data: { organizationId: (await db.survey.findFirstOrThrow({ where: { id: otherOrgSurveyId } })).organizationId, surveyId: otherOrgSurveyId, score: 0, category: "DETRACTOR", locale: "zh-CN", channel: "EMAIL", completed: true, touchpoint: "理赔", createdAt: day(11) },
    });
    const impact = await getTouchpointImpact({ organizationId, timeZone: TZ, surveyId: relationshipId, range: { from: "2025-01-01", to: "2026-03-31" }, windowDays: 30, suppressN: 5 });
    const claimsTransactional = Array.from({ length: 15 }, (_, k) => 2 * k).map((i) => (i % 3 === 0 ? 2 : 8));
    const claimDetractors = claimsTransactional.filter((s) => s <= 6).length;
    expect(impact.pareto[0]).toEqual({
      touchpoint: "理赔",
      n: 15,
      detractors: claimDetractors,
      detractorShare: claimDetractors / 15,
      shareOfDetractors: 1,
      cumulativeShare: 1,
    });
    expect(impact.pareto.find((p) => p.touchpoint === "网点")).toMatchObject({ n: 20, detractors: 0 });
  });

  it("another tenant's survey, a transactional survey or a malformed id is not found", async () => {
    const options = { organizationId, timeZone: TZ, range: RANGE, suppressN: 5 };
    for (const surveyId of [otherOrgSurveyId, claimsId, "not-a-uuid"]) {
      await expect(getTouchpointImpact({ ...options, surveyId })).rejects.toMatchObject({ code: "not_found" });
    }
  });
});
