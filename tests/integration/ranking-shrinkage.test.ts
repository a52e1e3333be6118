import { describe, expect, it } from "vitest";
import { classifyScore, estimatePriorsByParent, shrinkTowardOthers } from "@/lib/nps";
import { getUnitRanking } from "@/server/accountability/get-unit-ranking";
import { db } from "@/server/db";
import { createOrganization } from "./support/fixtures";

// Issue 13: leaderboard shrinkage toward the parent's mean WITHOUT the unit, prior per parent, documented floor
// (docs/decisions/0026). Real PostgreSQL: the subtree counts come from SQL, the maths from src/lib/nps.ts.
const TZ = "Asia/Shanghai";
const RANGE = { from: "2026-01-01", to: "2026-03-31" };

function scores(promoters: number, passives: number, detractors: number): number[] {
  return [...Array<number>(promoters).fill(10), ...Array<number>(passives).fill(8), ...Array<number>(detractors).fill(3)];
}

describe("unit ranking shrinkage (issue 13)", () => {
  it("a team that is its branch's only child is pulled toward the other teams, not onto itself", async () => {
    const org = await createOrganization("Shrinkage Only Child Bank");
    const survey = await db.survey.create({ data: { organizationId: org.id, name: "Relationship", brandName: "Bank", status: "ACTIVE" } });
    const unit = (kind: "REGION" | "BRANCH" | "TEAM", code: string, parentId: string | null) =>
      db.orgUnit.create({ data: { organizationId: org.id, kind, code, name: code, parentId } });
    const region = await unit("REGION", "R", null);
    const lonelyBranch = await unit("BRANCH", "B-LONELY", region.id);
    const busyBranch = await unit("BRANCH", "B-BUSY", region.id);
    const lonelyTeam = await unit("TEAM", "T-LONELY", lonelyBranch.id);
    const teams = await Promise.all(["T-1", "T-2", "T-3"].map((code) => unit("TEAM", code, busyBranch.id)));
    const answers: { unitId: string; score: number }[] = [
      ...scores(36, 2, 2).map((score) => ({ unitId: lonelyTeam.id, score })), // NPS 85, the branch's only answers
      ...scores(12, 14, 14).map((score) => ({ unitId: teams[0]?.id ?? "", score })), // −5
      ...scores(14, 12, 14).map((score) => ({ unitId: teams[1]?.id ?? "", score })), // 0
      ...scores(16, 12, 12).map((score) => ({ unitId: teams[2]?.id ?? "", score })), // 10
    ];
    await db.response.createMany({
      data: answers.map((a) => ({
        organizationId: org.id,
        surveyId: survey.id,
        score: a.score,
        category: classifyScore(a.score),
        locale: "zh-CN",
        channel: "EMAIL" as const,
        completed: true,
        createdAt: new Date("2026-02-10T04:00:00Z"),
        unitId: a.unitId,
      })),
    });
    const board = await getUnitRanking({
      scope: { organizationId: org.id, scopeUnitId: null, unitIds: null, ownUnitOnly: false },
      timeZone: TZ,
      range: RANGE,
      thresholds: { minN: 30, suppressN: 5 },
    });
    const lonely = board.units.find((u) => u.code === "T-LONELY");
    expect(lonely?.stats?.nps).toBe(85);
    // Before issue 13 its parent was itself (the branch = this team), so "shrunk" = raw 85.
    expect(lonely?.shrunkNps).toBeLessThan(85);
    expect(lonely?.shrunkNps).toBeGreaterThan(10);

    // Recomputed from the raw counts: others = the level's other teams (the branch has no other answers).
    const level = [
      { n: 40, promoters: 36, detractors: 2, parentKey: lonelyBranch.id },
      { n: 40, promoters: 12, detractors: 14, parentKey: busyBranch.id },
      { n: 40, promoters: 14, detractors: 14, parentKey: busyBranch.id },
      { n: 40, promoters: 16, detractors: 12, parentKey: busyBranch.id },
    ];
    const priors = estimatePriorsByParent(level);
    const expected = shrinkTowardOthers(level[0] ?? { n: 0, promoters: 0, detractors: 0 }, level.slice(1), {
      withinVariance: priors.withinVariance ?? NaN,
      betweenVariance: priors.byParent.get(lonelyBranch.id)?.betweenVariance ?? NaN,
    });
    expect(lonely?.shrunkNps).toBeCloseTo(expected ?? NaN, 9);
    // Ranked by the shrunk estimate, raw beside it.
    const ranked = board.units.filter((u) => u.kind === "TEAM" && u.rank !== null).sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0));
    expect(ranked.map((u) => u.code)).toEqual(["T-LONELY", "T-3", "T-2", "T-1"]);
  });
});
