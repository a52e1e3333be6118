import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { npsFromCounts, type NpsCategory } from "@/lib/nps";
import { caseActorFor, type CaseActor } from "@/server/cases/case-actor";
import { caseDashboardQuerySchema, getCaseDashboard } from "@/server/cases/get-case-dashboard";
import { db } from "@/server/db";
import { createSurvey } from "@/server/surveys/create-survey";
import { createOrganization, expectAppError } from "./support/fixtures";

type Role = "OWNER" | "ADMIN" | "MANAGER" | "VIEWER";
type Status = "OPEN" | "CONTACTED" | "RESOLVED" | "CLOSED";

const NOW = new Date("2026-11-20T12:00:00.000Z");
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SUPPRESS_N = 3;

let organizationId: string;
let otherOrgId: string;
let surveyId: string;
let otherSurveyId: string;
let regionId: string;
let branchA: string;
let branchB: string;
let teamA1: string;
const users: Record<string, string> = {};
const causes: Record<string, string> = {};

type Seeded = {
  unitId: string | null;
  ownerKey: string | null;
  score: number;
  status: Status;
  createdAgoDays: number;
  dueInHours: number;
  firstContactAfterHours?: number;
  resolvedAfterHours?: number;
  cause?: string;
  excluded?: boolean;
};
const seeded: Seeded[] = [];

function category(score: number): NpsCategory {
  return score >= 9 ? "PROMOTER" : score >= 7 ? "PASSIVE" : "DETRACTOR";
}

function uid(key: string): string {
  const id = users[key];
  if (!id) throw new Error(`no user ${key}`);
  return id;
}

async function addUser(key: string, role: Role, options: { scopeUnitId?: string; org?: string } = {}) {
  const user = await db.user.create({ data: { email: `${key}-${randomUUID()}@dash.example`, name: `User ${key}`, passwordHash: "x" } });
  await db.membership.create({ data: { organizationId: options.org ?? organizationId, userId: user.id, role, scopeUnitId: options.scopeUnitId ?? null } });
  users[key] = user.id;
}

async function actor(key: string, org = organizationId): Promise<CaseActor> {
  const membership = await db.membership.findFirstOrThrow({ where: { userId: uid(key), organizationId: org } });
  return caseActorFor({ organizationId: org, userId: uid(key), role: membership.role });
}

async function seedCase(row: Seeded, org = organizationId, survey = surveyId) {
  const createdAt = new Date(NOW.getTime() - row.createdAgoDays * DAY);
  const response = await db.response.create({
    data: {
      organizationId: org,
      surveyId: survey,
      score: row.score,
      category: category(row.score),
      locale: "zh-CN",
      channel: "EMAIL",
      completed: true,
      completedAt: createdAt,
      excluded: row.excluded ?? false,
      unitId: row.unitId,
      createdAt,
    },
  });
  await db.case.create({
    data: {
      organizationId: org,
      responseId: response.id,
      surveyId: survey,
      unitId: row.unitId,
      ownerId: row.ownerKey ? uid(row.ownerKey) : null,
      status: row.status,
      createdAt,
      dueAt: new Date(createdAt.getTime() + row.dueInHours * HOUR),
      firstContactAt: row.firstContactAfterHours === undefined ? null : new Date(createdAt.getTime() + row.firstContactAfterHours * HOUR),
      resolvedAt: row.resolvedAfterHours === undefined ? null : new Date(createdAt.getTime() + row.resolvedAfterHours * HOUR),
      rootCauseId: row.cause ? causes[row.cause] : null,
    },
  });
  if (org === organizationId) seeded.push(row);
}

/** The median as percentile_cont(0.5) defines it: the mean of the two middle values for an even count. */
function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? null) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** What the dashboard must show for the seeded rows an actor sees. */
function expected(rows: Seeded[], days = 90) {
  const inRange = rows.filter((r) => r.createdAgoDays <= days);
  const open = rows.filter((r) => r.status === "OPEN" || r.status === "CONTACTED");
  const overdue = open.filter((r) => NOW.getTime() - r.createdAgoDays * DAY + r.dueInHours * HOUR < NOW.getTime());
  const byCause = new Map<string, Seeded[]>();
  for (const r of inRange) if (r.cause) byCause.set(r.cause, [...(byCause.get(r.cause) ?? []), r]);
  const causeStats = new Map(
    [...byCause].map(([cause, list]) => {
      const counted = list.filter((r) => !r.excluded);
      const counts = {
        promoters: counted.filter((r) => category(r.score) === "PROMOTER").length,
        passives: counted.filter((r) => category(r.score) === "PASSIVE").length,
        detractors: counted.filter((r) => category(r.score) === "DETRACTOR").length,
      };
      const n = counts.promoters + counts.passives + counts.detractors;
      return [cause, { cases: list.length, n, stats: n < SUPPRESS_N || n === 0 ? null : npsFromCounts(counts) }];
    }),
  );
  return {
    open: open.length,
    overdue: overdue.length,
    resolved: inRange.filter((r) => r.status === "RESOLVED" || r.status === "CLOSED").length,
    firstContact: median(inRange.flatMap((r) => (r.firstContactAfterHours === undefined ? [] : [r.firstContactAfterHours]))),
    resolve: median(inRange.flatMap((r) => (r.resolvedAfterHours === undefined ? [] : [r.resolvedAfterHours]))),
    causeStats,
  };
}

function visibleTo(scopeUnits: string[], ownerKey: string) {
  return seeded.filter((r) => (r.unitId !== null && scopeUnits.includes(r.unitId)) || r.ownerKey === ownerKey);
}

beforeAll(async () => {
  organizationId = (await createOrganization("Dashboard Bank")).id;
  otherOrgId = (await createOrganization("Other Dashboard Bank")).id;
  await db.organization.update({ where: { id: organizationId }, data: { suppressN: SUPPRESS_N } });
  await addUser("admin", "ADMIN");
  await addUser("manager", "MANAGER");
  await addUser("viewer", "VIEWER");
  regionId = (await db.orgUnit.create({ data: { organizationId, kind: "REGION", code: "R", name: "华东" } })).id;
  branchA = (await db.orgUnit.create({ data: { organizationId, kind: "BRANCH", code: "A", name: "A 支行", parentId: regionId } })).id;
  branchB = (await db.orgUnit.create({ data: { organizationId, kind: "BRANCH", code: "B", name: "B 支行", parentId: regionId } })).id;
  teamA1 = (await db.orgUnit.create({ data: { organizationId, kind: "TEAM", code: "A1", name: "A 一组", parentId: branchA } })).id;
  await addUser("managerA", "MANAGER", { scopeUnitId: branchA });
  await addUser("ownerB", "MANAGER");
  await addUser("otherAdmin", "ADMIN", { org: otherOrgId });
  surveyId = (await createSurvey({ organizationId, userId: null, input: { name: "Relationship", brandName: "演示银行" } })).id;
  otherSurveyId = (await createSurvey({ organizationId: otherOrgId, userId: null, input: { name: "Other", brandName: "Other" } })).id;
  for (const [key, zh, en] of [
    ["wait", "等待时间过长", "Long waiting time"],
    ["fees", "费用", "Fees"],
    ["staff", "员工态度", "Staff attitude"],
  ] as const) {
    causes[key] = (await db.rootCause.create({ data: { organizationId, key, label: { "zh-CN": zh, en } } })).id;
  }
  const otherCause = await db.rootCause.create({ data: { organizationId: otherOrgId, key: "wait", label: { en: "Other wait" } } });

  // Branch A (and its team): resolved cases with timings and root causes.
  await seedCase({ unitId: branchA, ownerKey: "manager", score: 2, status: "RESOLVED", createdAgoDays: 10, dueInHours: 48, firstContactAfterHours: 3, resolvedAfterHours: 20, cause: "wait" });
  await seedCase({ unitId: teamA1, ownerKey: "manager", score: 4, status: "CLOSED", createdAgoDays: 20, dueInHours: 48, firstContactAfterHours: 5, resolvedAfterHours: 50, cause: "wait" });
  await seedCase({ unitId: teamA1, ownerKey: "manager", score: 8, status: "RESOLVED", createdAgoDays: 5, dueInHours: 48, firstContactAfterHours: 1, resolvedAfterHours: 9, cause: "wait" });
  await seedCase({ unitId: branchA, ownerKey: "manager", score: 10, status: "RESOLVED", createdAgoDays: 30, dueInHours: 48, firstContactAfterHours: 12, resolvedAfterHours: 30, cause: "wait" });
  await seedCase({ unitId: branchA, ownerKey: "manager", score: 6, status: "RESOLVED", createdAgoDays: 2, dueInHours: 48, firstContactAfterHours: 2, resolvedAfterHours: 4, cause: "fees", excluded: true });
  // Branch A: open work, one overdue.
  await seedCase({ unitId: branchA, ownerKey: "manager", score: 3, status: "OPEN", createdAgoDays: 4, dueInHours: 48 });
  await seedCase({ unitId: teamA1, ownerKey: "manager", score: 5, status: "CONTACTED", createdAgoDays: 1, dueInHours: 48, firstContactAfterHours: 7 });
  // Branch B: resolved with root causes, an old overdue open case, an old resolved one outside 90 days.
  await seedCase({ unitId: branchB, ownerKey: "ownerB", score: 0, status: "RESOLVED", createdAgoDays: 15, dueInHours: 24, firstContactAfterHours: 30, resolvedAfterHours: 100, cause: "fees" });
  await seedCase({ unitId: branchB, ownerKey: "ownerB", score: 1, status: "RESOLVED", createdAgoDays: 16, dueInHours: 24, firstContactAfterHours: 40, resolvedAfterHours: 70, cause: "fees" });
  await seedCase({ unitId: branchB, ownerKey: "ownerB", score: 6, status: "CLOSED", createdAgoDays: 60, dueInHours: 24, firstContactAfterHours: 8, resolvedAfterHours: 16, cause: "staff" });
  await seedCase({ unitId: branchB, ownerKey: "ownerB", score: 2, status: "OPEN", createdAgoDays: 120, dueInHours: 24 });
  await seedCase({ unitId: branchB, ownerKey: "ownerB", score: 3, status: "RESOLVED", createdAgoDays: 200, dueInHours: 24, firstContactAfterHours: 500, resolvedAfterHours: 900, cause: "wait" });
  // Outside any branch but owned by the scoped manager A: they see it through ownership.
  await seedCase({ unitId: null, ownerKey: "managerA", score: 4, status: "OPEN", createdAgoDays: 3, dueInHours: 1 });
  await seedCase({ unitId: branchB, ownerKey: "ownerB", score: 9, status: "RESOLVED", createdAgoDays: 6, dueInHours: 24, firstContactAfterHours: 2, resolvedAfterHours: 6, cause: "staff" });

  // Another tenant: must never count.
  const other = await db.response.create({
    data: { organizationId: otherOrgId, surveyId: otherSurveyId, score: 0, category: "DETRACTOR", locale: "en", channel: "EMAIL", completed: true, createdAt: new Date(NOW.getTime() - DAY) },
  });
  await db.case.create({
    data: {
      organizationId: otherOrgId,
      responseId: other.id,
      surveyId: otherSurveyId,
      status: "RESOLVED",
      createdAt: new Date(NOW.getTime() - DAY),
      dueAt: new Date(NOW.getTime() - DAY / 2),
      firstContactAt: new Date(NOW.getTime() - DAY + HOUR),
      resolvedAt: new Date(NOW.getTime() - DAY + 2 * HOUR),
      rootCauseId: otherCause.id,
    },
  });
});

describe("case dashboard", () => {
  it("counts, medians and per-root-cause NPS equal what the rows give, for the whole organisation", async () => {
    const dashboard = await getCaseDashboard({ actor: await actor("admin"), suppressN: SUPPRESS_N, locale: "en", now: NOW });
    const want = expected(seeded);
    expect(dashboard.days).toBe(90);
    expect(dashboard.open).toBe(want.open);
    expect(dashboard.open).toBe(4);
    expect(dashboard.overdue).toBe(want.overdue);
    expect(dashboard.overdue).toBe(3);
    expect(dashboard.resolved).toBe(want.resolved);
    expect(dashboard.resolved).toBe(9);
    expect(dashboard.medianHoursToFirstContact).toBeCloseTo(want.firstContact ?? Number.NaN, 6);
    expect(dashboard.medianHoursToResolve).toBeCloseTo(want.resolve ?? Number.NaN, 6);
    // First contact in range: 3,5,1,12,2,7,30,40,8,2 → median (5+7)/2 = 6 h; resolve: 20,50,9,30,4,100,70,16,6 → 20 h.
    expect(dashboard.medianHoursToFirstContact).toBeCloseTo(6, 6);
    expect(dashboard.medianHoursToResolve).toBeCloseTo(20, 6);

    expect(dashboard.rootCauses.map((r) => r.key)).toEqual(["wait", "fees", "staff"]);
    for (const row of dashboard.rootCauses) {
      const w = want.causeStats.get(row.key);
      expect(row.cases).toBe(w?.cases);
      expect(row.n).toBe(w?.n);
      expect(row.stats).toEqual(w?.stats);
      expect(row.suppressed).toBe(w?.stats === null);
    }
    const wait = dashboard.rootCauses.find((r) => r.key === "wait");
    // 2, 4 detractors, 8 passive, 10 promoter → NPS (1 − 2) / 4 = −25.
    expect(wait?.label).toBe("Long waiting time");
    expect(wait?.stats?.nps).toBe(-25);
    expect(wait?.stats?.ciLow).toBe(npsFromCounts({ promoters: 1, passives: 1, detractors: 2 }).ciLow);
    // fees: 3 cases, but one response is excluded → n = 2 < suppressN 3 → suppressed.
    const fees = dashboard.rootCauses.find((r) => r.key === "fees");
    expect(fees?.cases).toBe(3);
    expect(fees?.n).toBe(2);
    expect(fees?.suppressed).toBe(true);
    expect(fees?.stats).toBeNull();
    // By NPS, worst first, only the figures shown.
    expect(dashboard.rootCausesByNps.map((r) => r.key)).toEqual(["wait"]);
  });

  it("uses the zh-CN label for a Chinese reader; a lower suppressN shows more root causes", async () => {
    const dashboard = await getCaseDashboard({ actor: await actor("admin"), suppressN: 2, locale: "zh-CN", now: NOW });
    expect(dashboard.rootCauses.find((r) => r.key === "wait")?.label).toBe("等待时间过长");
    const fees = dashboard.rootCauses.find((r) => r.key === "fees");
    expect(fees?.stats).toEqual(npsFromCounts({ promoters: 0, passives: 0, detractors: 2 }));
    const staff = dashboard.rootCauses.find((r) => r.key === "staff");
    expect(staff?.stats).toEqual(npsFromCounts({ promoters: 1, passives: 0, detractors: 1 }));
    expect(dashboard.rootCausesByNps.map((r) => r.key)).toEqual(["fees", "wait", "staff"]);
  });

  it("a shorter range counts fewer resolved cases and root causes; open work stays", async () => {
    const dashboard = await getCaseDashboard({ actor: await actor("admin"), suppressN: SUPPRESS_N, locale: "en", now: NOW, days: 7 });
    const want = expected(seeded, 7);
    expect(dashboard.open).toBe(want.open);
    expect(dashboard.resolved).toBe(want.resolved);
    expect(dashboard.resolved).toBe(3);
    expect(dashboard.medianHoursToResolve).toBeCloseTo(want.resolve ?? Number.NaN, 6);
    expect(dashboard.rootCauses.map((r) => [r.key, r.cases])).toEqual([
      ["fees", 1],
      ["staff", 1],
      ["wait", 1],
    ]);
  });

  it("a branch-scoped manager sees only their subtree and the cases they own", async () => {
    const dashboard = await getCaseDashboard({ actor: await actor("managerA"), suppressN: SUPPRESS_N, locale: "en", now: NOW });
    const mine = visibleTo([branchA, teamA1], "managerA");
    const want = expected(mine);
    expect(mine.length).toBe(8);
    expect(dashboard.open).toBe(want.open);
    expect(dashboard.open).toBe(3);
    expect(dashboard.overdue).toBe(want.overdue);
    expect(dashboard.overdue).toBe(2);
    expect(dashboard.resolved).toBe(want.resolved);
    expect(dashboard.resolved).toBe(5);
    expect(dashboard.medianHoursToFirstContact).toBeCloseTo(want.firstContact ?? Number.NaN, 6);
    expect(dashboard.medianHoursToResolve).toBeCloseTo(want.resolve ?? Number.NaN, 6);
    expect(dashboard.rootCauses.map((r) => r.key)).toEqual(["wait", "fees"]);
    expect(dashboard.rootCauses.find((r) => r.key === "wait")?.stats).toEqual(want.causeStats.get("wait")?.stats);
  });

  it("another tenant sees only its own case, and a viewer is refused", async () => {
    const other = await getCaseDashboard({ actor: await actor("otherAdmin", otherOrgId), suppressN: 1, locale: "en", now: NOW });
    expect(other.open).toBe(0);
    expect(other.resolved).toBe(1);
    expect(other.medianHoursToResolve).toBeCloseTo(2, 6);
    expect(other.rootCauses.map((r) => [r.label, r.cases])).toEqual([["Other wait", 1]]);
    await expectAppError(getCaseDashboard({ actor: await actor("viewer"), suppressN: SUPPRESS_N, locale: "en", now: NOW }), "forbidden");
  });

  it("reads ?days leniently: bad values fall back to 90", () => {
    expect(caseDashboardQuerySchema.parse({ days: "30" }).days).toBe(30);
    expect(caseDashboardQuerySchema.parse({ days: "31" }).days).toBe(90);
    expect(caseDashboardQuerySchema.parse({ days: "abc" }).days).toBe(90);
    expect(caseDashboardQuerySchema.parse({}).days).toBe(90);
  });
});
