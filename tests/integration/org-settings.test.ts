/**
 * Issue 16, Settings → General (src/server/org-settings): only admins read and change the organisation's settings;
 * refused input names the field and its reason; every change is one audit event with each field's before → after;
 * the thresholds take effect where figures are read (the API's suppression); a new time zone queues an aggregate
 * rebuild that the worker's job runs with progress on its row, after which the dashboard's figures equal a
 * recomputation from the raw responses in the new zone. The page in a browser is tests/e2e/org-settings.spec.ts.
 */
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as getNps } from "@/app/api/v1/surveys/[id]/nps/route";
import { classifyScore, npsFromScores, toApiStats } from "@/lib/nps";
import { apiGroupedNpsSchema } from "@/schemas/api";
import { getTrend } from "@/server/analytics/get-trend";
import { resolveFilter } from "@/server/analytics/filter";
import { createApiKey } from "@/server/api-keys/create-api-key";
import { verifyOrganizationAuditChain } from "@/server/audit/verify-audit-chain";
import { db } from "@/server/db";
import { updateAttributeDefinition } from "@/server/attributes/update-attribute-definition";
import { latestAggregateRebuild, REBUILD_STALE_SECONDS, retryFailedAggregateRebuild, runAggregateRebuilds } from "@/server/org-settings/aggregate-rebuilds";
import { getOrgSettings, orgSettingsFormProblems, updateOrgSettings } from "@/server/org-settings/org-settings";
import { createSurvey } from "@/server/surveys/create-survey";
import { expectAppError, createOrganization } from "./support/fixtures";
import { insertResponses } from "./support/responses";

type Actor = { organizationId: string; userId: string; role: "OWNER" | "ADMIN" | "MANAGER" | "VIEWER" };

const base = { name: "Settings Bank", brandZh: "设置银行", brandEn: "Settings Bank", timeZone: "Asia/Shanghai", defaultLocale: "zh-CN", minN: "30", suppressN: "5", throttleDays: "30" };

async function adminOf(name: string): Promise<Actor> {
  const org = await createOrganization(name);
  const user = await db.user.create({ data: { email: `admin-${org.id}@example.com`, name: "Admin", passwordHash: "not-used" } });
  await db.membership.create({ data: { organizationId: org.id, userId: user.id, role: "ADMIN" } });
  return { organizationId: org.id, userId: user.id, role: "ADMIN" };
}

function localDay(date: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(date);
}

describe("organisation settings: roles, validation and audit", () => {
  let admin: Actor;
  let other: Actor;
  beforeAll(async () => {
    admin = await adminOf("Settings Roles");
    other = await adminOf("Settings Other");
  });

  it("is read and changed by admins and owners only", async () => {
    for (const role of ["MANAGER", "VIEWER"] as const) {
      await expectAppError(getOrgSettings({ ...admin, role }), "forbidden");
      await expectAppError(updateOrgSettings({ actor: { ...admin, role }, input: base, ip: null }), "forbidden");
    }
    const owner = await getOrgSettings({ ...admin, role: "OWNER" });
    expect(owner.values).toMatchObject({ name: "Settings Roles", timeZone: "Asia/Shanghai", minN: 30, suppressN: 5, throttleDays: 30 });
    expect(owner.rebuild).toBeNull();
  });

  it("refuses bad input field by field and changes nothing", async () => {
    const refused = async (input: Record<string, string>) => orgSettingsFormProblems(await expectAppError(updateOrgSettings({ actor: admin, input, ip: null }), "validation_failed"));
    expect(await refused({ ...base, timeZone: "Mars/Olympus_Mons" })).toEqual({ timeZone: "time_zone" });
    expect(await refused({ ...base, minN: "3", suppressN: "5" })).toEqual({ minN: "min_below_suppress" });
    expect(await refused({ ...base, suppressN: "0" })).toEqual({ suppressN: "too_small" });
    expect(await refused({ ...base, throttleDays: "366" })).toEqual({ throttleDays: "too_big" });
    expect(await refused({ ...base, name: "", defaultLocale: "fr" })).toEqual({ name: "name_required", defaultLocale: "invalid" });
    const row = await db.organization.findUniqueOrThrow({ where: { id: admin.organizationId } });
    expect(row).toMatchObject({ name: "Settings Roles", timeZone: "Asia/Shanghai", suppressN: 5 });
    expect(await db.auditEvent.count({ where: { organizationId: admin.organizationId } })).toBe(0);
  });

  it("saves every field, records one audit event with before → after, and nothing when nothing changed", async () => {
    const result = await updateOrgSettings({
      actor: admin,
      input: { ...base, name: "  新名字银行 ", brandZh: "新名字", brandEn: "", defaultLocale: "en", minN: "40", suppressN: "8", throttleDays: "0" },
      ip: "203.0.113.9",
    });
    expect(result.changed.sort()).toEqual(["brandZh", "defaultLocale", "minN", "name", "suppressN", "throttleDays"].sort());
    expect(result.rebuildId).toBeNull();
    const row = await db.organization.findUniqueOrThrow({ where: { id: admin.organizationId } });
    expect(row).toMatchObject({ name: "新名字银行", brandNames: { "zh-CN": "新名字" }, defaultLocale: "en", minN: 40, suppressN: 8, throttleDays: 0, timeZone: "Asia/Shanghai" });
    const events = await db.auditEvent.findMany({ where: { organizationId: admin.organizationId } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: "settings.change", actorId: admin.userId, targetType: "Organization", targetId: admin.organizationId, ip: "203.0.113.9" });
    expect(events[0]?.details).toEqual({
      section: "general",
      changes: {
        name: { from: "Settings Roles", to: "新名字银行" },
        brandZh: { from: "", to: "新名字" },
        defaultLocale: { from: "zh-CN", to: "en" },
        minN: { from: 30, to: 40 },
        suppressN: { from: 5, to: 8 },
        throttleDays: { from: 30, to: 0 },
      },
    });
    // The same values again: nothing written, nothing recorded.
    const again = await updateOrgSettings({ actor: admin, input: { ...base, name: "新名字银行", brandZh: "新名字", brandEn: "", defaultLocale: "en", minN: "40", suppressN: "8", throttleDays: "0" }, ip: null });
    expect(again).toEqual({ changed: [], rebuildId: null });
    expect(await db.auditEvent.count({ where: { organizationId: admin.organizationId } })).toBe(1);
    expect((await verifyOrganizationAuditChain(admin.organizationId)).ok).toBe(true);
    // Another tenant is untouched.
    expect(await db.organization.findUniqueOrThrow({ where: { id: other.organizationId } })).toMatchObject({ name: "Settings Other", minN: 30, suppressN: 5, throttleDays: 30 });
  });
});

describe("organisation settings: thresholds take effect where figures are read", () => {
  it("a higher suppressN hides an API group that was shown, a lower one shows it again", async () => {
    const admin = await adminOf("Settings Suppression");
    const { organizationId } = admin;
    const surveyId = (await createSurvey({ organizationId, userId: null, input: { name: "Relationship", brandName: "Bank" } })).id;
    const key = (await createApiKey({ actor: { organizationId, userId: null, role: "ADMIN" }, input: { name: "Test" } })).key;
    // 东区 has 7 answers, 西区 20, on one day in the middle of a month.
    const scores = { 东区: [10, 9, 9, 8, 7, 3, 10], 西区: [10, 9, 8, 7, 6, 5, 4, 3, 10, 9, 9, 8, 7, 10, 10, 2, 9, 9, 8, 10] };
    await insertResponses(
      Object.entries(scores).flatMap(([region, list]) =>
        list.map((score, i) => ({
          organizationId,
          surveyId,
          score,
          category: classifyScore(score),
          locale: "zh-CN",
          channel: "LINK" as const,
          completed: true,
          attributes: { region },
          createdAt: new Date(Date.UTC(2026, 2, 10, 4, i)),
        })),
      ),
    );
    const groups = async () => {
      const url = `http://localhost:3000/api/v1/surveys/${surveyId}/nps?range=custom&from=2026-03-01&to=2026-03-31&groupBy=attribute:region`;
      const response = await getNps(new NextRequest(url, { headers: { authorization: `Bearer ${key}` } }), { params: Promise.resolve({ id: surveyId }) });
      expect(response.status).toBe(200);
      const body = apiGroupedNpsSchema.parse(await response.json());
      return Object.fromEntries(body.groups.map((g) => [g.key, g.nps]));
    };
    const east = toApiStats(npsFromScores(scores.东区)).nps;
    expect(await groups()).toEqual({ 东区: east, 西区: toApiStats(npsFromScores(scores.西区)).nps });

    await updateOrgSettings({ actor: admin, input: { ...base, name: "Settings Suppression", brandZh: "", brandEn: "", minN: "30", suppressN: "8" }, ip: null });
    // 东区 (7 < 8) is suppressed, and 西区 with it: the overall minus one shown group would reveal the hidden one.
    const hidden = await groups();
    expect(hidden.东区).toBeNull();
    expect(hidden.西区).toBeNull();

    await updateOrgSettings({ actor: admin, input: { ...base, name: "Settings Suppression", brandZh: "", brandEn: "", minN: "30", suppressN: "7" }, ip: null });
    expect((await groups()).东区).toBe(east);
  });
});

describe("organisation settings: a time-zone change rebuilds the aggregates in the worker", () => {
  it("queues a rebuild, the worker's job runs it with progress, and the dashboard then equals the raw responses in the new zone", async () => {
    const admin = await adminOf("Settings Zone");
    const { organizationId } = admin;
    const surveyId = (await createSurvey({ organizationId, userId: null, input: { name: "Relationship", brandName: "Bank" } })).id;
    // Every ~5 h over ~2 months: many answers fall on another local day (and some in another month) in New York than in Shanghai.
    const created = Array.from({ length: 300 }, (_, i) => ({ score: (i * 7) % 11, createdAt: new Date(Date.UTC(2026, 0, 20) + i * 5 * 3_600_000 + (i % 13) * 60_000) }));
    await insertResponses(
      created.map(({ score, createdAt }) => ({ organizationId, surveyId, score, category: classifyScore(score), locale: "zh-CN", channel: "EMAIL" as const, completed: true, createdAt })),
    );
    const range = { range: "custom" as const, from: "2026-01-01", to: "2026-04-30", survey: [], channel: [], touchpoint: [], attributes: [] };
    const dashboard = async (timeZone: string) => {
      const filter = resolveFilter(range as never, { organizationId, timeZone });
      const [days, months] = await Promise.all([getTrend(filter, "day"), getTrend(filter, "month")]);
      return {
        days: Object.fromEntries(days.points.map((p) => [p.period, p.stats.n])),
        months: Object.fromEntries(months.points.map((p) => [p.period, { n: p.stats.n, nps: p.stats.nps }])),
      };
    };
    const raw = (timeZone: string) => {
      const days: Record<string, number> = {};
      const monthScores: Record<string, number[]> = {};
      for (const { score, createdAt } of created) {
        const day = localDay(createdAt, timeZone);
        days[day] = (days[day] ?? 0) + 1;
        (monthScores[`${day.slice(0, 7)}-01`] ??= []).push(score);
      }
      const months = Object.fromEntries(Object.entries(monthScores).map(([month, scores]) => [month, { n: scores.length, nps: npsFromScores(scores).nps }]));
      return { days, months };
    };
    expect(await dashboard("Asia/Shanghai")).toEqual(raw("Asia/Shanghai"));
    expect(raw("America/New_York")).not.toEqual(raw("Asia/Shanghai"));

    const result = await updateOrgSettings({ actor: admin, input: { ...base, name: "Settings Zone", brandZh: "", brandEn: "", timeZone: "America/New_York" }, ip: null });
    expect(result.changed).toEqual(["timeZone"]);
    expect(result.rebuildId).toEqual(expect.any(String));
    expect(await latestAggregateRebuild(organizationId)).toMatchObject({ id: result.rebuildId, status: "PENDING", reason: "time_zone", timeZone: "America/New_York" });
    const event = await db.auditEvent.findFirstOrThrow({ where: { organizationId, action: "settings.change" } });
    expect(event.details).toEqual({ section: "general", changes: { timeZone: { from: "Asia/Shanghai", to: "America/New_York" } }, aggregateRebuildId: result.rebuildId });

    // Progress is written to the row while the worker's job runs (sampled from another connection).
    const seen = new Set<string>();
    let running = true;
    const watch = (async () => {
      // One more sample after the job returned: the loop may have read last just before the job committed DONE.
      for (let last = false; !last; ) {
        last = !running;
        const row = await latestAggregateRebuild(organizationId);
        if (row) seen.add(`${row.status}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    const lines: string[] = [];
    const outcome = await runAggregateRebuilds({ log: (line) => lines.push(line) });
    running = false;
    await watch;
    expect(outcome.rebuilt).toBeGreaterThanOrEqual(1);
    expect(await latestAggregateRebuild(organizationId)).toMatchObject({ status: "DONE", done: 300, total: 300, finishedAt: expect.any(String), startedAt: expect.any(String) });
    expect(seen.has("DONE")).toBe(true);

    expect(await dashboard("America/New_York")).toEqual(raw("America/New_York"));
    // Nothing left to do: a second run claims nothing.
    expect((await runAggregateRebuilds({ log: () => undefined })).rebuilt).toBe(0);
  });

  it("takes over a rebuild whose worker died, but not one that is alive", async () => {
    const admin = await adminOf("Settings Stale");
    const { organizationId } = admin;
    await updateOrgSettings({ actor: admin, input: { ...base, name: "Settings Stale", brandZh: "", brandEn: "", timeZone: "Europe/London" }, ip: null });
    const rebuild = await latestAggregateRebuild(organizationId);
    // A live worker has it: nobody else starts it.
    await db.aggregateRebuild.updateMany({ where: { organizationId }, data: { status: "RUNNING", updatedAt: new Date() } });
    await runAggregateRebuilds({ log: () => undefined });
    expect(await latestAggregateRebuild(organizationId)).toMatchObject({ id: rebuild?.id, status: "RUNNING" });
    // Its worker went silent longer than the stale limit: the next run takes it over and finishes it.
    await db.aggregateRebuild.updateMany({ where: { organizationId }, data: { updatedAt: new Date(Date.now() - (REBUILD_STALE_SECONDS + 5) * 1000) } });
    await runAggregateRebuilds({ log: () => undefined });
    expect(await latestAggregateRebuild(organizationId)).toMatchObject({ id: rebuild?.id, status: "DONE", done: 0, total: 0 });
  });

  it("an attribute change queues its rebuild on the same rows: it waits behind the organisation's live rebuild, is taken over with a dead one, and a failed one is asked again", async () => {
    const admin = await adminOf("Settings Attribute Rebuild");
    const { organizationId } = admin;
    await db.attributeDefinition.create({ data: { organizationId, key: "tier", labelZh: "等级", labelEn: "Tier", kind: "CATEGORY", role: "DIMENSION" } });
    const surveyId = (await createSurvey({ organizationId, userId: null, input: { name: "R", brandName: "B" } })).id;
    await insertResponses(
      ["gold", "Gold", "silver"].map((tier, i) => ({ organizationId, surveyId, score: 9 - i, category: classifyScore(9 - i), locale: "zh-CN", channel: "EMAIL" as const, completed: true, attributes: { tier } })),
    );
    // Another rebuild of the organisation is running in a live worker.
    const live = await db.aggregateRebuild.create({ data: { organizationId, reason: "time_zone", timeZone: "Asia/Shanghai", status: "RUNNING", startedAt: new Date() } });
    const change = await updateAttributeDefinition({
      actor: admin,
      input: { key: "tier", labelZh: "等级", labelEn: "Tier", kind: "CATEGORY", role: "DIMENSION", valueAliases: { Gold: "gold" } },
    });
    expect(await latestAggregateRebuild(organizationId)).toMatchObject({ id: change.rebuildId, status: "PENDING", reason: "attribute" });
    await runAggregateRebuilds({ log: () => undefined });
    expect(await latestAggregateRebuild(organizationId)).toMatchObject({ id: change.rebuildId, status: "PENDING" });
    // That worker died: the next run takes its rebuild over together with the waiting request, and answers both.
    await db.aggregateRebuild.updateMany({ where: { organizationId, id: live.id }, data: { updatedAt: new Date(Date.now() - (REBUILD_STALE_SECONDS + 5) * 1000) } });
    await runAggregateRebuilds({ log: () => undefined });
    expect(await latestAggregateRebuild(organizationId)).toMatchObject({ id: change.rebuildId, status: "DONE", done: 3, total: 3 });
    expect(await db.aggregateRebuild.findFirstOrThrow({ where: { organizationId, id: live.id } })).toMatchObject({ status: "DONE", done: 3, total: 3 });

    // Try again: only after a failure, with the failed request's reason.
    expect(await retryFailedAggregateRebuild({ organizationId, userId: admin.userId })).toBe(false);
    await db.aggregateRebuild.updateMany({ where: { organizationId, id: change.rebuildId ?? "" }, data: { status: "FAILED", error: "boom" } });
    expect(await retryFailedAggregateRebuild({ organizationId, userId: admin.userId })).toBe(true);
    const again = await latestAggregateRebuild(organizationId);
    expect(again).toMatchObject({ status: "PENDING", reason: "attribute" });
    expect(again?.id).not.toBe(change.rebuildId);
    expect(await retryFailedAggregateRebuild({ organizationId, userId: admin.userId })).toBe(false);
    await runAggregateRebuilds({ log: () => undefined });
    expect(await latestAggregateRebuild(organizationId)).toMatchObject({ id: again?.id, status: "DONE", done: 3, total: 3 });
  });
});
