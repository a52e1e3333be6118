import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { classifyScore, type NpsCategory } from "@/lib/nps";
import type { AnalyticsFilter } from "@/server/analytics/filter";
import { listVerbatims, type ListVerbatimsOptions, type Verbatim } from "@/server/analytics/list-verbatims";
import { db } from "@/server/db";
import { createSurvey } from "@/server/surveys/create-survey";
import { createOrganization, expectAppError } from "./support/fixtures";

type Row = {
  id: string;
  organizationId: string;
  surveyId: string;
  createdAt: Date;
  score: number | null;
  comment: string | null;
  excluded: boolean;
  locale: string;
  touchpoint: string | null;
  attributes: Record<string, string | number>;
};

const TZ = "Asia/Shanghai";

/** The local (Asia/Shanghai, UTC+8, no DST) calendar day of an instant. */
function localDay(date: Date): string {
  return new Date(date.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

function filterFor(organizationId: string, from: string, to: string, surveyIds: string[] = []): AnalyticsFilter {
  return { organizationId, timeZone: TZ, range: { from, to }, surveyIds, channels: [], touchpoints: [], attributes: {}, unitIds: null };
}

/** What listVerbatims should return, computed from the inserted rows (newest first, ties by id desc). */
function expected(
  rows: Row[],
  filter: AnalyticsFilter,
  options: { category?: NpsCategory; search?: string } = {},
): Row[] {
  const needle = options.search?.trim().toLowerCase();
  return rows
    .filter((r) => r.organizationId === filter.organizationId && !r.excluded)
    .filter((r) => r.comment !== null && r.comment.trim() !== "")
    .filter((r) => localDay(r.createdAt) >= filter.range.from && localDay(r.createdAt) <= filter.range.to)
    .filter((r) => filter.surveyIds.length === 0 || filter.surveyIds.includes(r.surveyId))
    .filter((r) => !options.category || (r.score !== null && classifyScore(r.score) === options.category))
    .filter((r) => !needle || (r.comment ?? "").toLowerCase().includes(needle))
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}

async function allPages(filter: AnalyticsFilter, options: ListVerbatimsOptions): Promise<{ items: Verbatim[]; pages: number }> {
  const items: Verbatim[] = [];
  let before: string | undefined;
  let pages = 0;
  for (;;) {
    const page = await listVerbatims(filter, { ...options, before });
    pages += 1;
    items.push(...page.items);
    if (page.nextCursor === null) break;
    expect(page.items).toHaveLength(options.limit ?? 25);
    expect(page.nextCursor).toBe(page.items[page.items.length - 1]?.id);
    before = page.nextCursor;
    if (pages > 100) throw new Error("pagination does not end");
  }
  return { items, pages };
}

const ids = (items: { id: string }[]) => items.map((item) => item.id);

describe("listVerbatims", () => {
  const rows: Row[] = [];
  let orgA: string;
  let orgB: string;
  let surveyA1: string;
  let surveyA2: string;
  let surveyB: string;
  const named: Record<string, string> = {};

  const add = (row: Omit<Row, "id" | "excluded" | "locale" | "touchpoint" | "attributes"> & Partial<Row>, name?: string): void => {
    const id = randomUUID();
    rows.push({ excluded: false, locale: "zh-CN", touchpoint: null, attributes: {}, ...row, id });
    if (name) named[name] = id;
  };

  beforeAll(async () => {
    orgA = (await createOrganization("Verbatims Bank")).id;
    orgB = (await createOrganization("Verbatims Other")).id;
    surveyA1 = (await createSurvey({ organizationId: orgA, userId: null, input: { name: "关系型 NPS 2026", brandName: "Bank" } })).id;
    surveyA2 = (
      await createSurvey({
        organizationId: orgA,
        userId: null,
        input: { name: "Account opening", brandName: "Bank", kind: "TRANSACTIONAL", touchpoint: "开户" },
      })
    ).id;
    surveyB = (await createSurvey({ organizationId: orgB, userId: null, input: { name: "Other", brandName: "Other" } })).id;

    // The day edge in Asia/Shanghai: 15:59:59Z is 23:59:59 on 1 March, 16:00:00Z is 00:00 on 2 March.
    add({ organizationId: orgA, surveyId: surveyA1, createdAt: new Date("2026-03-01T15:59:59Z"), score: 3, comment: "排队太久了，等了一个小时", attributes: { region: "华东", tenure: 5 } }, "lastOfMarch1");
    add({ organizationId: orgA, surveyId: surveyA1, createdAt: new Date("2026-03-01T16:00:00Z"), score: 10, comment: "Great service, no waiting", locale: "en" }, "firstOfMarch2");
    // Same instant as the previous one: the keyset must break the tie by id.
    add({ organizationId: orgA, surveyId: surveyA2, createdAt: new Date("2026-03-01T16:00:00Z"), score: 8, comment: "收费 100% 透明_good", touchpoint: "开户" }, "literal");
    add({ organizationId: orgA, surveyId: surveyA1, createdAt: new Date("2026-03-02T03:00:00Z"), score: 0, comment: "<script>alert('x')</script>", locale: "en" }, "script");
    add({ organizationId: orgA, surveyId: surveyA1, createdAt: new Date("2026-03-02T04:00:00Z"), score: 7, comment: "100 percent fine", locale: "en" }, "percentWord");
    add({ organizationId: orgA, surveyId: surveyA1, createdAt: new Date("2026-03-02T05:00:00Z"), score: 9, comment: "very-good service", locale: "en" }, "dashGood");
    add({ organizationId: orgA, surveyId: surveyA1, createdAt: new Date("2026-03-02T06:00:00Z"), score: 2, comment: "WAITING TIME was long", locale: "en" }, "upper");
    add({ organizationId: orgA, surveyId: surveyA1, createdAt: new Date("2026-03-02T07:00:00Z"), score: 5, comment: "app path C:\\temp broke", locale: "en" }, "backslash");
    add({ organizationId: orgA, surveyId: surveyA1, createdAt: new Date("2026-03-02T08:00:00Z"), score: null, comment: "不想打分，但是柜员很耐心" }, "noScore");
    // Never listed: blank or missing comments, excluded (test/spam) responses.
    add({ organizationId: orgA, surveyId: surveyA1, createdAt: new Date("2026-03-02T09:00:00Z"), score: 1, comment: "   \n\t " }, "blank");
    add({ organizationId: orgA, surveyId: surveyA1, createdAt: new Date("2026-03-02T09:30:00Z"), score: 1, comment: "" });
    add({ organizationId: orgA, surveyId: surveyA1, createdAt: new Date("2026-03-02T10:00:00Z"), score: 4, comment: null });
    add({ organizationId: orgA, surveyId: surveyA1, createdAt: new Date("2026-03-02T11:00:00Z"), score: 0, comment: "排队 spam", excluded: true }, "excluded");
    // Another organisation, same words, same days.
    add({ organizationId: orgB, surveyId: surveyB, createdAt: new Date("2026-03-02T02:00:00Z"), score: 2, comment: "排队太久 (other org) 100% _good" }, "otherOrg");
    add({ organizationId: orgB, surveyId: surveyB, createdAt: new Date("2026-02-10T02:00:00Z"), score: 9, comment: "Great, other org" });

    // Bulk for pagination, in February: some instants shared by several responses.
    const phrases = ["排队时间太长", "网点环境很好", "Staff were helpful", "手机银行经常闪退", "Fees are too high", "理财经理专业"];
    for (let i = 0; i < 64; i++) {
      const minute = Math.floor(i / 3) * 37; // groups of three share one instant
      add({
        organizationId: orgA,
        surveyId: i % 4 === 0 ? surveyA2 : surveyA1,
        createdAt: new Date(Date.UTC(2026, 1, 1, 0, minute)),
        score: (i * 7) % 11,
        comment: `${phrases[i % phrases.length] ?? ""} #${i}`,
        locale: i % 3 === 0 ? "en" : "zh-CN",
        attributes: { region: i % 2 === 0 ? "华东" : "华南", tier: i % 5 === 0 ? "gold" : "silver" },
      });
    }

    await db.response.createMany({
      data: rows.map((row) => ({
        id: row.id,
        organizationId: row.organizationId,
        surveyId: row.surveyId,
        score: row.score,
        category: row.score === null ? null : classifyScore(row.score),
        comment: row.comment,
        excluded: row.excluded,
        locale: row.locale,
        channel: "EMAIL" as const,
        touchpoint: row.touchpoint,
        attributes: row.attributes,
        completed: true,
        createdAt: row.createdAt,
      })),
    });
  });

  const wide = () => filterFor(orgA, "2026-01-01", "2026-12-31");

  it("lists every non-blank, non-excluded comment of the organisation, newest first", async () => {
    const page = await listVerbatims(wide(), { limit: 100 });
    const want = expected(rows, wide());
    expect(want.length).toBe(73);
    expect(ids(page.items)).toEqual(ids(want));
    expect(page.nextCursor).toBeNull();
    for (const name of ["blank", "excluded", "otherOrg"]) expect(ids(page.items)).not.toContain(named[name]);
  });

  it("returns comments exactly as written, with score, category, survey, touchpoint and text attributes", async () => {
    const { items } = await listVerbatims(filterFor(orgA, "2026-03-01", "2026-03-02"), { limit: 100 });
    const byId = new Map(items.map((item) => [item.id, item]));
    expect(byId.get(named.script ?? "")?.comment).toBe("<script>alert('x')</script>");
    expect(byId.get(named.backslash ?? "")?.comment).toBe("app path C:\\temp broke");
    expect(byId.get(named.lastOfMarch1 ?? "")).toEqual({
      id: named.lastOfMarch1,
      createdAt: new Date("2026-03-01T15:59:59Z"),
      score: 3,
      category: "DETRACTOR",
      comment: "排队太久了，等了一个小时",
      locale: "zh-CN",
      surveyName: "关系型 NPS 2026",
      touchpoint: null,
      attributes: { region: "华东", tenure: "5" },
    });
    expect(byId.get(named.literal ?? "")).toMatchObject({ score: 8, category: "PASSIVE", surveyName: "Account opening", touchpoint: "开户" });
    expect(byId.get(named.noScore ?? "")).toMatchObject({ score: null, category: null, comment: "不想打分，但是柜员很耐心" });
  });

  it("filters by category", async () => {
    for (const category of ["PROMOTER", "PASSIVE", "DETRACTOR"] as const) {
      const page = await listVerbatims(wide(), { category, limit: 100 });
      expect(ids(page.items)).toEqual(ids(expected(rows, wide(), { category })));
      expect(page.items.every((item) => item.category === category)).toBe(true);
      expect(page.items.length).toBeGreaterThan(0);
    }
  });

  it("searches Chinese substrings", async () => {
    const page = await listVerbatims(wide(), { search: "排队", limit: 100 });
    expect(ids(page.items)).toEqual(ids(expected(rows, wide(), { search: "排队" })));
    expect(ids(page.items)).toContain(named.lastOfMarch1);
    expect(ids(page.items)).not.toContain(named.excluded);
    expect(ids(page.items)).not.toContain(named.otherOrg);
    expect(page.items.length).toBe(1 + 11); // one in March, eleven of the 64 bulk rows (i % 6 === 0)
    const inner = await listVerbatims(wide(), { search: "等了一个" });
    expect(ids(inner.items)).toEqual([named.lastOfMarch1]);
  });

  it("searches case-insensitively", async () => {
    const page = await listVerbatims(wide(), { search: "Waiting", limit: 100 });
    expect(ids(page.items).sort()).toEqual([named.firstOfMarch2, named.upper].sort());
  });

  it("matches %, _ and \\ literally", async () => {
    expect(ids((await listVerbatims(wide(), { search: "100%" })).items)).toEqual([named.literal]);
    expect(ids((await listVerbatims(wide(), { search: "_good" })).items)).toEqual([named.literal]);
    expect(ids((await listVerbatims(wide(), { search: "%" })).items)).toEqual([named.literal]);
    expect(ids((await listVerbatims(wide(), { search: "_" })).items)).toEqual([named.literal]);
    expect(ids((await listVerbatims(wide(), { search: "C:\\temp" })).items)).toEqual([named.backslash]);
    expect(ids((await listVerbatims(wide(), { search: "\\" })).items)).toEqual([named.backslash]);
    expect(ids((await listVerbatims(wide(), { search: "<script>" })).items)).toEqual([named.script]);
  });

  it("treats a blank search as no search", async () => {
    const all = await listVerbatims(wide(), { limit: 100 });
    expect(ids((await listVerbatims(wide(), { search: "   ", limit: 100 })).items)).toEqual(ids(all.items));
  });

  it("cuts days at midnight in the organisation's time zone", async () => {
    const march1 = await listVerbatims(filterFor(orgA, "2026-03-01", "2026-03-01"), { limit: 100 });
    expect(ids(march1.items)).toEqual([named.lastOfMarch1]);
    const march2 = await listVerbatims(filterFor(orgA, "2026-03-02", "2026-03-02"), { limit: 100 });
    expect(ids(march2.items)).toEqual(ids(expected(rows, filterFor(orgA, "2026-03-02", "2026-03-02"))));
    expect(ids(march2.items)).toContain(named.firstOfMarch2);
    expect(ids(march2.items)).toContain(named.literal);
    expect(ids(march2.items)).not.toContain(named.lastOfMarch1);
    const feb = await listVerbatims(filterFor(orgA, "2026-02-01", "2026-02-28"), { limit: 100 });
    expect(feb.items).toHaveLength(64);
  });

  it("filters by survey", async () => {
    const filter = filterFor(orgA, "2026-01-01", "2026-12-31", [surveyA2]);
    const page = await listVerbatims(filter, { limit: 100 });
    expect(ids(page.items)).toEqual(ids(expected(rows, filter)));
    expect(page.items.every((item) => item.surveyName === "Account opening")).toBe(true);
  });

  it("pages through everything without duplicates or gaps, ties on createdAt included", async () => {
    for (const limit of [1, 7, 25]) {
      const { items, pages } = await allPages(wide(), { limit });
      const want = ids(expected(rows, wide()));
      expect(ids(items)).toEqual(want);
      expect(new Set(ids(items)).size).toBe(want.length);
      expect(pages).toBe(Math.ceil(want.length / limit));
    }
  });

  it("pages through a filtered list (category + search) the same way", async () => {
    const options = { category: "DETRACTOR" as const, search: "#" };
    const { items } = await allPages(wide(), { ...options, limit: 4 });
    expect(ids(items)).toEqual(ids(expected(rows, wide(), options)));
  });

  it("defaults to 25 per page and caps the page size at 100", async () => {
    const first = await listVerbatims(wide());
    expect(first.items).toHaveLength(25);
    expect(first.nextCursor).toBe(first.items[24]?.id);
    const capped = await listVerbatims(wide(), { limit: 500 });
    expect(capped.items).toHaveLength(73);
  });

  it("never shows another organisation's comments, not even through its cursor", async () => {
    const b = await listVerbatims(filterFor(orgB, "2026-01-01", "2026-12-31"), { limit: 100 });
    expect(b.items.map((item) => item.comment).sort()).toEqual(["Great, other org", "排队太久 (other org) 100% _good"].sort());
    const a = await listVerbatims(wide(), { search: "other org", limit: 100 });
    expect(a.items).toEqual([]);
    const foreignCursor = await listVerbatims(wide(), { before: named.otherOrg });
    expect(foreignCursor).toEqual({ items: [], nextCursor: null });
  });

  it("rejects a cursor that is not a response id", async () => {
    await expectAppError(listVerbatims(wide(), { before: "1' OR '1'='1" }), "bad_request");
  });
});
