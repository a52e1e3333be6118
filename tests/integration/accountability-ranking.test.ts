import { NextRequest } from "next/server";
import { describe, expect, it, vi } from "vitest";
import { classifyScore, npsFromScores } from "@/lib/nps";
import type { Viewer } from "@/server/auth/session";
import { getEmployeeRanking } from "@/server/accountability/get-employee-ranking";
import { getUnitRanking } from "@/server/accountability/get-unit-ranking";
import { getAccountabilityScope } from "@/server/accountability/viewer-scope";
import { db } from "@/server/db";
import { createOrganization } from "./support/fixtures";

const session = vi.hoisted(() => ({ viewer: null as Viewer | null }));
vi.mock("@/server/auth/session", async () => {
  const { AppError } = await import("@/lib/errors");
  const { hasRole } = await import("@/lib/roles");
  return {
    getViewer: () => Promise.resolve(session.viewer),
    requireRole: (role: Viewer["role"]) => {
      const viewer = session.viewer;
      if (!viewer) return Promise.reject(new AppError("unauthorized", "Sign in first."));
      if (!hasRole(viewer.role, role)) return Promise.reject(new AppError("forbidden", "Role too low."));
      return Promise.resolve(viewer);
    },
  };
});
const { GET: getBoard } = await import("@/app/(app)/accountability/data/route");

const TZ = "Asia/Shanghai";
const RANGE = { from: "2026-01-01", to: "2026-03-31" };
const IN_RANGE = new Date("2026-02-10T04:00:00Z");

/** A deterministic generator (mulberry32), so a failing case can be replayed. */
function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Answer = { score: number | null; unitId: string | null; employeeId?: string | null; createdAt?: Date; excluded?: boolean; comment?: string };

async function answer(organizationId: string, surveyId: string, answers: Answer[]) {
  await db.response.createMany({
    data: answers.map((a) => ({
      organizationId,
      surveyId,
      score: a.score,
      category: a.score === null ? null : classifyScore(a.score),
      comment: a.comment ?? null,
      locale: "zh-CN",
      channel: "EMAIL" as const,
      completed: true,
      createdAt: a.createdAt ?? IN_RANGE,
      excluded: a.excluded ?? false,
      unitId: a.unitId,
      employeeId: a.employeeId ?? null,
    })),
  });
}

function scores(counts: { promoters: number; passives: number; detractors: number }): number[] {
  return [...Array<number>(counts.promoters).fill(10), ...Array<number>(counts.passives).fill(8), ...Array<number>(counts.detractors).fill(3)];
}

async function setup(name: string) {
  const org = await createOrganization(name);
  const survey = await db.survey.create({ data: { organizationId: org.id, name: "Relationship", brandName: "Bank", status: "ACTIVE" } });
  return { org, surveyId: survey.id };
}

const wholeOrg = (organizationId: string) => ({ organizationId, scopeUnitId: null, unitIds: null, ownUnitOnly: false });

describe("shrinkage ranking (the issue's case)", () => {
  it("ranks a 3-response 100-NPS employee below a 200-response 60-NPS one, raw figures beside", async () => {
    const { org, surveyId } = await setup("Shrink Bank");
    const team = await db.orgUnit.create({ data: { organizationId: org.id, kind: "TEAM", code: "T1", name: "柜面一组" } });
    const make = (code: string) => db.employee.create({ data: { organizationId: org.id, unitId: team.id, code, name: code } });
    const small = await make("E-SMALL");
    const big = await make("E-BIG");
    const others = await Promise.all(["E-C", "E-D", "E-E", "E-F"].map(make));
    await answer(org.id, surveyId, scores({ promoters: 3, passives: 0, detractors: 0 }).map((score) => ({ score, unitId: team.id, employeeId: small.id })));
    await answer(org.id, surveyId, scores({ promoters: 140, passives: 40, detractors: 20 }).map((score) => ({ score, unitId: team.id, employeeId: big.id })));
    const otherCounts = [
      { promoters: 60, passives: 30, detractors: 10 },
      { promoters: 62, passives: 31, detractors: 7 },
      { promoters: 57, passives: 31, detractors: 12 },
      { promoters: 60, passives: 30, detractors: 10 },
    ];
    for (const [i, employee] of others.entries()) {
      await answer(org.id, surveyId, scores(otherCounts[i] ?? { promoters: 0, passives: 0, detractors: 0 }).map((score) => ({ score, unitId: team.id, employeeId: employee.id })));
    }
    const options = { scope: wholeOrg(org.id), timeZone: TZ, range: RANGE };
    const ranked = await getEmployeeRanking({ ...options, thresholds: { minN: 3, suppressN: 1 } });
    const smallFigure = ranked.find((e) => e.id === small.id);
    const bigFigure = ranked.find((e) => e.id === big.id);
    expect(smallFigure?.stats?.nps).toBe(100);
    expect(bigFigure?.stats?.nps).toBe(60);
    expect(bigFigure?.rank).toBe(1);
    expect(smallFigure?.rank).toBeGreaterThan(bigFigure?.rank ?? Infinity);
    expect(smallFigure?.shrunkNps).toBeLessThan(bigFigure?.shrunkNps ?? -Infinity);
    // Shrunk toward the team's NPS (its subtree figure), never beyond it.
    const teamNps = npsFromScores(
      [otherCounts.flatMap(scores), scores({ promoters: 3, passives: 0, detractors: 0 }), scores({ promoters: 140, passives: 40, detractors: 20 })].flat(),
    ).nps;
    expect(smallFigure?.shrunkNps).toBeGreaterThan(teamNps ?? 0);
    expect(smallFigure?.shrunkNps).toBeLessThan(100);

    // With the organisation's default minimum n (30), the 3-response employee is listed but not ranked.
    const defaults = await getEmployeeRanking({ ...options, thresholds: { minN: 30, suppressN: 1 } });
    expect(defaults.find((e) => e.id === small.id)).toMatchObject({ status: "low", rank: null, stats: { n: 3, nps: 100 } });
    expect(defaults[defaults.length - 1]?.id).toBe(small.id);
  });
});

describe("unit figures", () => {
  it("equal npsFromScores over each subtree on random data (excluded, skipped and out-of-range answers left out)", async () => {
    const { org, surveyId } = await setup("Random Bank");
    const random = rng(20261122);
    const east = await db.orgUnit.create({ data: { organizationId: org.id, kind: "REGION", code: "R-E", name: "华东" } });
    const north = await db.orgUnit.create({ data: { organizationId: org.id, kind: "REGION", code: "R-N", name: "华北" } });
    const branches = await Promise.all(
      [
        ["B-SH", "上海分行", east.id],
        ["B-HZ", "杭州分行", east.id],
        ["B-BJ", "北京分行", north.id],
      ].map(([code, name, parentId]) => db.orgUnit.create({ data: { organizationId: org.id, kind: "BRANCH", code: code ?? "", name: name ?? "", parentId: parentId ?? null } })),
    );
    const teams = await Promise.all(
      branches.flatMap((branch, i) =>
        [1, 2].map((t) => db.orgUnit.create({ data: { organizationId: org.id, kind: "TEAM", code: `${branch.code}-T${t}`, name: `团队${i}${t}`, parentId: branch.id } })),
      ),
    );
    const leaves = [...teams, ...branches, east];
    const parentOf = new Map<string, string | null>([[east.id, null], [north.id, null], ...branches.map((b) => [b.id, b.parentId] as const), ...teams.map((t) => [t.id, t.parentId] as const)]);
    const answers: Answer[] = [];
    for (let i = 0; i < 900; i++) {
      const unit = leaves[Math.floor(random() * leaves.length)] ?? east;
      const roll = random();
      answers.push({
        score: roll < 0.05 ? null : Math.floor(random() * 11),
        unitId: unit.id,
        excluded: roll > 0.97,
        createdAt: random() < 0.1 ? new Date("2025-12-31T15:59:00Z") : new Date(Date.UTC(2026, 0, 1) + Math.floor(random() * 89 * 86_400_000)),
      });
    }
    // The day boundary is the organisation's: 2025-12-31T16:00Z is 2026-01-01 00:00 in Shanghai (in range).
    answers.push({ score: 10, unitId: east.id, createdAt: new Date("2025-12-31T16:00:00Z") });
    answers.push({ score: 0, unitId: east.id, createdAt: new Date("2026-03-31T16:00:00Z") });
    answers.push({ score: 10, unitId: null });
    await answer(org.id, surveyId, answers);

    const ancestors = (unitId: string): string[] => {
      const chain = [unitId];
      let parent = parentOf.get(unitId) ?? null;
      while (parent) {
        chain.push(parent);
        parent = parentOf.get(parent) ?? null;
      }
      return chain;
    };
    const from = new Date("2025-12-31T16:00:00Z").getTime();
    const to = new Date("2026-03-31T16:00:00Z").getTime();
    const counted = answers.filter((a) => !a.excluded && (a.createdAt ?? IN_RANGE).getTime() >= from && (a.createdAt ?? IN_RANGE).getTime() < to);
    const ranking = await getUnitRanking({ scope: wholeOrg(org.id), timeZone: TZ, range: RANGE, thresholds: { minN: 0, suppressN: 0 } });
    expect(ranking.units).toHaveLength(2 + 3 + 6);
    for (const unit of ranking.units) {
      const expected = npsFromScores(counted.filter((a) => a.unitId && ancestors(a.unitId).includes(unit.id)).map((a) => a.score));
      expect(unit.stats).toEqual(expected);
    }
    expect(ranking.organization).toEqual(npsFromScores(counted.map((a) => a.score)));
    // A branch's figure includes its teams' responses.
    const sh = ranking.units.find((u) => u.code === "B-SH");
    const shTeams = ranking.units.filter((u) => u.parentId === sh?.id);
    expect(sh?.stats?.n).toBeGreaterThan(shTeams.reduce((sum, t) => sum + (t.stats?.n ?? 0), 0) - 1);
    // Ranks 1..k within each level, by the shrunk estimate.
    for (const kind of ["REGION", "BRANCH", "TEAM"] as const) {
      const level = ranking.units.filter((u) => u.kind === kind && u.rank !== null);
      expect(level.map((u) => u.rank)).toEqual(level.map((_, i) => i + 1));
      const shrunk = level.map((u) => u.shrunkNps ?? 0);
      expect(shrunk).toEqual([...shrunk].sort((a, b) => b - a));
    }
  });

  it("minN and suppressN: below suppressN no figures, below minN figures but no rank", async () => {
    const { org, surveyId } = await setup("Threshold Bank");
    const mk = (code: string) => db.orgUnit.create({ data: { organizationId: org.id, kind: "BRANCH", code, name: code } });
    const [tiny, low, fine, empty] = await Promise.all([mk("TINY"), mk("LOW"), mk("FINE"), mk("EMPTY")]);
    await answer(org.id, surveyId, [
      ...Array.from({ length: 4 }, () => ({ score: 10, unitId: tiny?.id ?? null })),
      ...Array.from({ length: 12 }, (_, i) => ({ score: i % 11, unitId: low?.id ?? null })),
      ...Array.from({ length: 40 }, (_, i) => ({ score: i % 11, unitId: fine?.id ?? null })),
    ]);
    const ranking = await getUnitRanking({ scope: wholeOrg(org.id), timeZone: TZ, range: RANGE, thresholds: { minN: 30, suppressN: 5 } });
    const byCode = new Map(ranking.units.map((u) => [u.code, u]));
    expect(byCode.get("TINY")).toMatchObject({ status: "suppressed", stats: null, shrunkNps: null, rank: null });
    expect(byCode.get("LOW")).toMatchObject({ status: "low", rank: null, stats: { n: 12 } });
    expect(byCode.get("LOW")?.shrunkNps).toEqual(expect.any(Number));
    expect(byCode.get("FINE")).toMatchObject({ status: "ok", rank: 1, stats: { n: 40 } });
    expect(byCode.get("EMPTY")).toMatchObject({ status: "suppressed", stats: null, rank: null });
    expect(ranking.units[0]?.code).toBe("FINE");
    expect(empty?.id).toBeTruthy();
  });
});

describe("scopes", () => {
  it("a branch-scoped viewer sees only their branch and its employees; a scoped manager sees the subtree — service and route", async () => {
    const { org, surveyId } = await setup("Scope Bank");
    const region = await db.orgUnit.create({ data: { organizationId: org.id, kind: "REGION", code: "EAST", name: "华东" } });
    const ljz = await db.orgUnit.create({ data: { organizationId: org.id, kind: "BRANCH", code: "LJZ", name: "上海陆家嘴支行", parentId: region.id } });
    const team = await db.orgUnit.create({ data: { organizationId: org.id, kind: "TEAM", code: "LJZ-T1", name: "柜面一组", parentId: ljz.id } });
    const xh = await db.orgUnit.create({ data: { organizationId: org.id, kind: "BRANCH", code: "XH", name: "杭州西湖支行", parentId: region.id } });
    const mine = await db.employee.create({ data: { organizationId: org.id, unitId: team.id, code: "E-MINE", name: "王芳" } });
    const theirs = await db.employee.create({ data: { organizationId: org.id, unitId: xh.id, code: "E-THEIRS", name: "赵强" } });
    await answer(org.id, surveyId, [
      ...Array.from({ length: 40 }, (_, i) => ({ score: i % 11, unitId: team.id, employeeId: mine.id })),
      ...Array.from({ length: 40 }, (_, i) => ({ score: (i * 7) % 11, unitId: xh.id, employeeId: theirs.id })),
    ]);
    const user = async (email: string, role: "VIEWER" | "MANAGER", scopeUnitId: string | null) => {
      const u = await db.user.create({ data: { email: `${email}-${org.id}@example.com`, name: email, passwordHash: "x" } });
      await db.membership.create({ data: { organizationId: org.id, userId: u.id, role, scopeUnitId } });
      return u;
    };
    const viewer = await user("viewer", "VIEWER", ljz.id);
    const manager = await user("manager", "MANAGER", region.id);
    const everyone = await user("all", "VIEWER", null);

    const thresholds = { minN: 30, suppressN: 5 };
    const viewerScope = await getAccountabilityScope({ organizationId: org.id, userId: viewer.id, role: "VIEWER" });
    const units = await getUnitRanking({ scope: viewerScope, timeZone: TZ, range: RANGE, thresholds });
    expect(units.units.map((u) => u.code)).toEqual(["LJZ"]);
    // The rank is the organisation-wide one among the 2 ranked branches, not a flattering "1 of the 1 I see".
    const wholeBoard = await getUnitRanking({ scope: wholeOrg(org.id), timeZone: TZ, range: RANGE, thresholds });
    const orgRank = wholeBoard.units.find((u) => u.code === "LJZ")?.rank;
    expect(wholeBoard.units.filter((u) => u.kind === "BRANCH").map((u) => u.rank).sort()).toEqual([1, 2]);
    expect(orgRank).toBe(2);
    expect(units.units[0]).toMatchObject({ rank: orgRank, rankOf: 2 });
    expect(wholeBoard.units.every((u) => u.rankOf === null)).toBe(true);
    const employees = await getEmployeeRanking({ scope: viewerScope, timeZone: TZ, range: RANGE, thresholds });
    expect(employees.map((e) => e.code)).toEqual(["E-MINE"]);

    const managerScope = await getAccountabilityScope({ organizationId: org.id, userId: manager.id, role: "MANAGER" });
    const managerUnits = await getUnitRanking({ scope: managerScope, timeZone: TZ, range: RANGE, thresholds });
    expect(managerUnits.units.map((u) => u.code).sort()).toEqual(["EAST", "LJZ", "LJZ-T1", "XH"]);

    // Route level: the JSON twin of the page, for the signed-in member.
    const call = async (userId: string, role: Viewer["role"]) => {
      session.viewer = { userId, name: "x", email: "x@example.com", locale: "en", organizationId: org.id, organizationName: "Scope Bank", role, minN: 30, suppressN: 5, timeZone: TZ };
      const response = await getBoard(new NextRequest("http://localhost:3000/accountability/data?range=all"));
      expect(response.status).toBe(200);
      return (await response.json()) as { units: { code: string; stats: unknown }[]; employees: { code: string }[] };
    };
    const viewerBoard = await call(viewer.id, "VIEWER");
    expect(viewerBoard.units.map((u) => u.code)).toEqual(["LJZ"]);
    expect(viewerBoard.employees.map((e) => e.code)).toEqual(["E-MINE"]);
    expect(JSON.stringify(viewerBoard)).not.toContain("杭州西湖支行");
    expect(JSON.stringify(viewerBoard)).not.toContain("E-THEIRS");
    const allBoard = await call(everyone.id, "VIEWER");
    expect(allBoard.units.map((u) => u.code).sort()).toEqual(["EAST", "LJZ", "LJZ-T1", "XH"]);
    expect(allBoard.employees.map((e) => e.code).sort()).toEqual(["E-MINE", "E-THEIRS"]);
    // Bad query values fall back to the default range, never a 5xx; no session → 401.
    session.viewer = { ...(session.viewer as Viewer), userId: viewer.id, role: "VIEWER" };
    expect((await getBoard(new NextRequest("http://localhost:3000/accountability/data?range=%00bogus"))).status).toBe(200);
    session.viewer = null;
    expect((await getBoard(new NextRequest("http://localhost:3000/accountability/data"))).status).toBe(401);
  });
});
