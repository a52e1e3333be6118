/**
 * A member scoped to a unit reads that unit's subtree, and only it, everywhere figures are shown: the
 * dashboard's headline, trend, segments, verbatims, filter options, response rate, the export, the survey
 * list and page. Every figure is checked against src/lib/nps.ts applied to the raw rows of the subtree.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { classifyScore, npsFromScores } from "@/lib/nps";
import { readAnalyticsParams } from "@/schemas/analytics";
import { resolveFilter, type AnalyticsFilter } from "@/server/analytics/filter";
import { getFilterOptions } from "@/server/analytics/get-filter-options";
import { getHeadline } from "@/server/analytics/get-headline";
import { getNpsSummary } from "@/server/analytics/get-nps-summary";
import { getSegments } from "@/server/analytics/get-segments";
import { getTrend } from "@/server/analytics/get-trend";
import { listVerbatims } from "@/server/analytics/list-verbatims";
import { caseActorFor } from "@/server/cases/case-actor";
import { db } from "@/server/db";
import { listInvitations } from "@/server/distribution/list-invitations";
import { generateToken } from "@/server/distribution/token";
import { responseBatches } from "@/server/export/response-rows";
import { getMemberScope, readsWholeOrganisation, scopeUnitIdsOf } from "@/server/org/member-scope";
import { createSurvey } from "@/server/surveys/create-survey";
import { listSurveys } from "@/server/surveys/list-surveys";
import { seededRandom } from "@/lib/random";
import { createUser } from "./support/authoring";
import { insertResponses } from "./support/responses";
import { createOrganization } from "./support/fixtures";

const TZ = "Asia/Shanghai";
const NOW = new Date("2026-06-30T12:00:00Z");

type Raw = { unit: "ljz" | "ljzTeam" | "xh" | null; score: number; comment: string; branch: string; createdAt: Date };

describe("a member scoped to a unit reads their subtree only", () => {
  let organizationId: string;
  let surveyId: string;
  const units: Record<"east" | "ljz" | "ljzTeam" | "xh", string> = { east: "", ljz: "", ljzTeam: "", xh: "" };
  const users: Record<"ljzManager" | "eastViewer" | "scopedAdmin" | "everyone", string> = { ljzManager: "", eastViewer: "", scopedAdmin: "", everyone: "" };
  const rows: Raw[] = [];
  const random = seededRandom(909);

  const filterFor = (unitIds: string[] | null, params: Record<string, string | string[]> = {}): AnalyticsFilter => {
    const parsed = readAnalyticsParams({ range: "custom", from: "2026-01-01", to: "2026-06-30", ...params });
    if (!parsed.success) throw new Error(parsed.error.message);
    return resolveFilter(parsed.data, { organizationId, timeZone: TZ, unitIds }, NOW);
  };
  const inLjz = (r: Raw) => r.unit === "ljz" || r.unit === "ljzTeam";

  beforeAll(async () => {
    const org = await createOrganization("Member scope");
    organizationId = org.id;
    surveyId = (await createSurvey({ organizationId, userId: null, input: { name: "Relationship", brandName: "X" } })).id;
    const east = await db.orgUnit.create({ data: { organizationId, kind: "REGION", code: "EAST", name: "华东" } });
    const ljz = await db.orgUnit.create({ data: { organizationId, kind: "BRANCH", code: "SH-LJZ", name: "上海陆家嘴支行", parentId: east.id } });
    const ljzTeam = await db.orgUnit.create({ data: { organizationId, kind: "TEAM", code: "SH-LJZ-T1", name: "陆家嘴零售柜面组", parentId: ljz.id } });
    const xh = await db.orgUnit.create({ data: { organizationId, kind: "BRANCH", code: "HZ-XH", name: "杭州西湖支行", parentId: east.id } });
    Object.assign(units, { east: east.id, ljz: ljz.id, ljzTeam: ljzTeam.id, xh: xh.id });

    const roles = { ljzManager: ["MANAGER", ljz.id], eastViewer: ["VIEWER", east.id], scopedAdmin: ["ADMIN", ljz.id], everyone: ["VIEWER", null] } as const;
    for (const [name, [role, scopeUnitId]] of Object.entries(roles)) {
      const user = await createUser(name);
      await db.membership.create({ data: { organizationId, userId: user.id, role, scopeUnitId } });
      users[name as keyof typeof users] = user.id;
    }

    const branchOf = { ljz: "上海陆家嘴支行", ljzTeam: "上海陆家嘴支行", xh: "杭州西湖支行" } as const;
    const unitKeys = ["ljz", "ljzTeam", "xh", null] as const;
    for (let i = 0; i < 240; i += 1) {
      const unit = unitKeys[Math.floor(random() * unitKeys.length)] ?? null;
      rows.push({
        unit,
        score: Math.floor(random() * 11),
        comment: `comment ${i} ${unit ?? "none"}`,
        branch: unit ? branchOf[unit] : "北京国贸支行",
        createdAt: new Date(Date.UTC(2026, 0, 1 + Math.floor(random() * 180), 15, Math.floor(random() * 60))),
      });
    }
    await insertResponses(rows.map((r) => ({
        organizationId,
        surveyId,
        score: r.score,
        category: classifyScore(r.score),
        comment: r.comment,
        locale: "zh-CN",
        channel: "EMAIL" as const,
        attributes: { branch: r.branch },
        unitId: r.unit ? units[r.unit] : null,
        createdAt: r.createdAt,
      })));
    // Invitations: 10 credited to 陆家嘴 (4 answered), 6 to 西湖.
    for (const [unit, count, answered] of [["ljz", 10, 4], ["xh", 6, 6]] as const) {
      for (let i = 0; i < count; i += 1) {
        const contact = await db.contact.create({ data: { organizationId, email: `${unit}-${i}@example.com`, attributes: { branch: branchOf[unit] } } });
        await db.invitation.create({
          data: {
            organizationId,
            surveyId,
            contactId: contact.id,
            token: generateToken(),
            unitId: units[unit],
            createdAt: new Date("2026-03-01T02:00:00Z"),
            respondedAt: i < answered ? new Date("2026-03-02T02:00:00Z") : null,
          },
        });
      }
    }
  });

  it("resolves the scope: a branch and what is below it, a region and its branches, ADMIN and unscoped members everything", async () => {
    const manager = await getMemberScope(organizationId, users.ljzManager);
    expect(manager?.scopeUnitName).toBe("上海陆家嘴支行");
    expect([...(manager?.unitIds ?? [])].sort()).toEqual([units.ljz, units.ljzTeam].sort());
    expect([...((await scopeUnitIdsOf({ organizationId, userId: users.eastViewer })) ?? [])].sort()).toEqual(
      [units.east, units.ljz, units.ljzTeam, units.xh].sort(),
    );
    expect(await scopeUnitIdsOf({ organizationId, userId: users.scopedAdmin })).toBeNull();
    expect(await scopeUnitIdsOf({ organizationId, userId: users.everyone })).toBeNull();
    expect(await readsWholeOrganisation({ organizationId, userId: users.everyone })).toBe(true);
    expect(await readsWholeOrganisation({ organizationId, userId: users.ljzManager })).toBe(false);
    // Not a member (or another organisation's member): nothing at all, never everything.
    const stranger = await createUser("stranger");
    expect(await scopeUnitIdsOf({ organizationId, userId: stranger.id })).toEqual([]);
    // Cases use the same scope (one rule for who sees what).
    expect((await caseActorFor({ organizationId, userId: users.ljzManager, role: "MANAGER" })).scopeUnitIds?.sort()).toEqual([units.ljz, units.ljzTeam].sort());
  });

  it("headline, trend and segments count the subtree's responses only", async () => {
    const unitIds = await scopeUnitIdsOf({ organizationId, userId: users.ljzManager });
    const filter = filterFor(unitIds);
    const expected = npsFromScores(rows.filter(inLjz).map((r) => r.score));
    expect(expected.n).toBeGreaterThan(50);
    const headline = await getHeadline(filter);
    expect(headline.stats).toEqual(expected);
    expect(headline.responseRate).toEqual({ invitations: 10, responded: 4, rate: 0.4 });

    const trend = await getTrend(filter, "month");
    expect(trend.points.reduce((sum, p) => sum + p.stats.n, 0)).toBe(expected.n);

    const segments = await getSegments(filter, { kind: "attribute", key: "branch" }, { minN: 30, suppressN: 5 });
    expect(segments.groups.map((g) => g.key)).toEqual(["上海陆家嘴支行"]);
    expect(segments.overall).toEqual(expected);

    // The region viewer: both branches, but not the responses credited to no unit.
    const region = await getHeadline(filterFor(await scopeUnitIdsOf({ organizationId, userId: users.eastViewer })));
    expect(region.stats).toEqual(npsFromScores(rows.filter((r) => r.unit !== null).map((r) => r.score)));
    // Unscoped: everything.
    const all = await getHeadline(filterFor(null));
    expect(all.stats).toEqual(npsFromScores(rows.map((r) => r.score)));
    expect(all.responseRate.invitations).toBe(16);
  });

  it("verbatims, filter options and the export hold the subtree's rows only", async () => {
    const unitIds = await scopeUnitIdsOf({ organizationId, userId: users.ljzManager });
    const filter = filterFor(unitIds);
    const comments: string[] = [];
    let before: string | undefined;
    do {
      const page = await listVerbatims(filter, { limit: 50, before });
      comments.push(...page.items.map((v) => v.comment));
      before = page.nextCursor ?? undefined;
    } while (before);
    expect(comments.sort()).toEqual(rows.filter(inLjz).map((r) => r.comment).sort());

    const options = await getFilterOptions({ organizationId, unitIds });
    expect(options.attributes).toEqual([{ key: "branch", label: { "zh-CN": "网点", en: "Branch" }, values: [{ value: "上海陆家嘴支行", n: rows.filter(inLjz).length }] }]);
    const everything = await getFilterOptions({ organizationId });
    expect(everything.attributes[0]?.values.map((v) => v.value).sort()).toEqual(["上海陆家嘴支行", "北京国贸支行", "杭州西湖支行"].sort());

    const exported: string[] = [];
    for await (const batch of responseBatches({ filter, batchSize: 25 })) exported.push(...batch.map((row) => row.comment ?? ""));
    expect(exported.sort()).toEqual(rows.filter(inLjz).map((r) => r.comment).sort());
  });

  it("the survey list and page count the subtree's invitations and responses only", async () => {
    const unitIds = await scopeUnitIdsOf({ organizationId, userId: users.ljzManager });
    const [listed] = await listSurveys({ organizationId, unitIds });
    expect(listed).toMatchObject({ invitations: 10, responses: rows.filter(inLjz).length });
    const [whole] = await listSurveys({ organizationId });
    expect(whole).toMatchObject({ invitations: 16, responses: rows.length });

    const summary = await getNpsSummary({ organizationId, surveyId, unitIds });
    expect(summary.stats).toEqual(npsFromScores(rows.filter(inLjz).map((r) => r.score)));
    const invitations = await listInvitations({ organizationId, surveyId, unitIds });
    expect(invitations.map((i) => i.contact.email).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `ljz-${i}@example.com`).sort());
  });

  it("a scope with no responses reads nothing (an empty subtree is not the whole organisation)", async () => {
    const filter = filterFor([]);
    const headline = await getHeadline(filter);
    expect(headline.stats.n).toBe(0);
    expect(headline.responseRate.invitations).toBe(0);
    expect((await listVerbatims(filter)).items).toEqual([]);
    expect((await getNpsSummary({ organizationId, surveyId, unitIds: [] })).stats.n).toBe(0);
  });
});
