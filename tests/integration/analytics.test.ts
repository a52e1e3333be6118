import { beforeAll, describe, expect, it } from "vitest";
import { addDays, previousRange } from "@/lib/date-range";
import { classifyScore, compareNps, npsFromScores, sampleStatus } from "@/lib/nps";
import { readAnalyticsParams } from "@/schemas/analytics";
import { resolveFilter, type AnalyticsFilter } from "@/server/analytics/filter";
import { getHeadline } from "@/server/analytics/get-headline";
import { getSegments } from "@/server/analytics/get-segments";
import { getTrend } from "@/server/analytics/get-trend";
import { createSurvey } from "@/server/surveys/create-survey";
import { insertResponses } from "./support/responses";
import { createOrganization } from "./support/fixtures";
import { seededRandom } from "@/lib/random";


type Raw = {
  surveyId: string;
  score: number | null;
  excluded: boolean;
  channel: "EMAIL" | "LINK";
  touchpoint: string | null;
  locale: string;
  attributes: Record<string, string>;
  createdAt: Date;
};

const TZ = "Asia/Shanghai";
/** The local (Asia/Shanghai, UTC+8, no DST) calendar day of an instant. */
const localDay = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

describe("analytics services equal src/lib/nps.ts applied to the raw rows", () => {
  let organizationId: string;
  let otherOrganizationId: string;
  const surveys: string[] = [];
  const rows: Raw[] = [];
  const random = seededRandom(7);
  const thresholds = { minN: 30, suppressN: 5 };

  const filterFor = (params: Record<string, string | string[]>): AnalyticsFilter => {
    const parsed = readAnalyticsParams(params);
    if (!parsed.success) throw new Error(parsed.error.message);
    return resolveFilter(parsed.data, { organizationId, timeZone: TZ }, new Date("2026-06-30T12:00:00Z"));
  };
  const inRange = (r: Raw, from: string, to: string) => localDay(r.createdAt) >= from && localDay(r.createdAt) <= to;
  const counted = (r: Raw) => !r.excluded;

  beforeAll(async () => {
    const org = await createOrganization("Analytics");
    organizationId = org.id;
    const other = await createOrganization("Analytics other");
    otherOrganizationId = other.id;
    for (const name of ["Relationship", "Onboarding"]) {
      surveys.push((await createSurvey({ organizationId, userId: null, input: { name, brandName: "X" } })).id);
    }
    const branches = ["上海陆家嘴支行", "杭州西湖支行", "北京国贸支行", "成都春熙路支行"];
    for (let i = 0; i < 900; i += 1) {
      const branch = branches[Math.floor(random() * branches.length)] as string;
      // Dates from 2026-01-01 to 2026-06-30 (local), many near local midnight (16:00 UTC) to exercise day edges.
      const day = Math.floor(random() * 180);
      const createdAt = new Date(Date.UTC(2026, 0, 1 + day, random() < 0.5 ? 15 : 16, Math.floor(random() * 60), 0));
      rows.push({
        surveyId: surveys[i % 2] as string,
        score: random() < 0.05 ? null : Math.min(10, Math.floor(random() * 12)),
        excluded: random() < 0.04,
        channel: random() < 0.7 ? "EMAIL" : "LINK",
        touchpoint: random() < 0.5 ? "开户" : null,
        locale: random() < 0.8 ? "zh-CN" : "en",
        attributes: { region: branch.startsWith("上海") || branch.startsWith("杭州") ? "华东" : branch.startsWith("北京") ? "华北" : "西南", branch },
        createdAt,
      });
    }
    // A branch with exactly one response and one with three (below suppressN), inside the default range.
    rows.push({ surveyId: surveys[0] as string, score: 9, excluded: false, channel: "EMAIL", touchpoint: null, locale: "zh-CN", attributes: { region: "华南", branch: "深圳福田支行" }, createdAt: new Date("2026-06-10T02:00:00Z") });
    for (const score of [2, 10, 7]) {
      rows.push({ surveyId: surveys[1] as string, score, excluded: false, channel: "LINK", touchpoint: null, locale: "en", attributes: { region: "华南", branch: "广州天河支行" }, createdAt: new Date("2026-06-11T02:00:00Z") });
    }
    await insertResponses(rows.map((r) => ({ ...r, organizationId, category: r.score === null ? null : classifyScore(r.score) })));
    // Noise in another organisation on the same days: must never be counted.
    const otherSurvey = await createSurvey({ organizationId: otherOrganizationId, userId: null, input: { name: "Other", brandName: "Y" } });
    await insertResponses(rows.slice(0, 100).map((r) => ({
        ...r,
        organizationId: otherOrganizationId,
        surveyId: otherSurvey.id,
        category: r.score === null ? null : classifyScore(r.score),
      })));
  });

  it("headline for 'all' equals npsFromScores of every counted row", async () => {
    const filter = filterFor({ range: "all" });
    const headline = await getHeadline(filter);
    const expected = npsFromScores(rows.filter(counted).map((r) => r.score));
    expect(headline.stats).toEqual(expected);
    expect(headline.histogram.reduce((a, b) => a + b, 0)).toBe(expected.n);
  });

  it("custom ranges cut at local midnight in the organisation's time zone", async () => {
    for (const [from, to] of [["2026-03-01", "2026-03-31"], ["2026-02-14", "2026-02-14"], ["2026-06-01", "2026-06-30"]] as const) {
      const filter = filterFor({ range: "custom", from, to });
      const headline = await getHeadline(filter);
      expect(headline.stats, `${from}..${to}`).toEqual(npsFromScores(rows.filter((r) => counted(r) && inRange(r, from, to)).map((r) => r.score)));
      const previous = previousRange({ from, to });
      const previousStats = npsFromScores(rows.filter((r) => counted(r) && inRange(r, previous.from, previous.to)).map((r) => r.score));
      expect(headline.previous.stats).toEqual(previousStats);
      if (headline.stats.n > 0 && previousStats.n > 0) expect(headline.change).toEqual(compareNps(headline.stats, previousStats));
    }
  });

  it("filters by survey, channel, touchpoint and a zh-CN attribute value", async () => {
    const filter = filterFor({ range: "all", survey: [surveys[0] as string], channel: ["EMAIL"], touchpoint: ["开户"], "attr.region": ["华东", "西南"] });
    const expected = npsFromScores(
      rows
        .filter((r) => counted(r) && r.surveyId === surveys[0] && r.channel === "EMAIL" && r.touchpoint === "开户" && ["华东", "西南"].includes(r.attributes.region ?? ""))
        .map((r) => r.score),
    );
    expect((await getHeadline(filter)).stats).toEqual(expected);
  });

  it("trend buckets (day, week, month) each equal the raw rows of their local period", async () => {
    const filter = filterFor({ range: "custom", from: "2026-01-01", to: "2026-06-30" });
    for (const granularity of ["day", "week", "month"] as const) {
      const trend = await getTrend(filter, granularity);
      const bucketOf = (r: Raw) => {
        const day = localDay(r.createdAt);
        if (granularity === "day") return day;
        if (granularity === "month") return `${day.slice(0, 7)}-01`;
        const d = new Date(`${day}T00:00:00Z`);
        return addDays(day, -((d.getUTCDay() + 6) % 7)); // ISO week starts on Monday
      };
      const expected = new Map<string, (number | null)[]>();
      for (const r of rows.filter(counted)) {
        if (r.score === null) continue;
        const key = bucketOf(r);
        expected.set(key, [...(expected.get(key) ?? []), r.score]);
      }
      expect(trend.points.map((p) => p.period)).toEqual([...expected.keys()].sort());
      for (const point of trend.points) expect(point.stats).toEqual(npsFromScores(expected.get(point.period) ?? []));
    }
  });

  it("segments by attribute: figures, status (n = 1 and 3 suppressed), and Δ vs the rest", async () => {
    const filter = filterFor({ range: "all" });
    const segments = await getSegments(filter, { kind: "attribute", key: "branch" }, thresholds);
    const counted_ = rows.filter((r) => counted(r) && r.score !== null);
    const branches = [...new Set(counted_.map((r) => r.attributes.branch ?? ""))];
    expect(segments.groups.map((g) => g.key).sort()).toEqual(branches.sort());
    // Issue 13: the two small branches hold 1 + 3 < 5 answers together, so the smallest other branch is hidden
    // too ("complementary"), or overall − the rest would give their combined figures.
    const sizes = branches.map((b) => ({ b, n: counted_.filter((r) => r.attributes.branch === b).length })).sort((x, y) => y.n - x.n || x.b.localeCompare(y.b));
    const smallN = sizes.filter((x) => x.n < thresholds.suppressN).reduce((sum, x) => sum + x.n, 0);
    const complement = smallN > 0 && smallN < thresholds.suppressN ? sizes.filter((x) => x.n >= thresholds.suppressN).pop()?.b : undefined;
    expect(complement).toBeDefined();
    for (const group of segments.groups) {
      const mine = counted_.filter((r) => r.attributes.branch === group.key).map((r) => r.score);
      const rest = counted_.filter((r) => r.attributes.branch !== group.key).map((r) => r.score);
      expect(group.stats).toEqual(npsFromScores(mine));
      expect(group.status).toBe(group.key === complement ? "suppressed" : sampleStatus(mine.length, thresholds));
      expect(group.suppressedReason).toBe(group.key === complement ? "complementary" : group.status === "suppressed" ? "small" : null);
      if (group.status === "suppressed") expect(group.vsRest).toBeNull();
      else expect(group.vsRest).toEqual(compareNps(npsFromScores(mine), npsFromScores(rest)));
    }
    expect(segments.groups.find((g) => g.key === "深圳福田支行")?.stats.n).toBe(1);
    expect(segments.groups.find((g) => g.key === "广州天河支行")?.status).toBe("suppressed");
    expect(segments.overall).toEqual(npsFromScores(counted_.map((r) => r.score)));
  });

  it("hides the smallest other group too when exactly one group is small (no working it out by subtraction)", async () => {
    const filter = filterFor({ range: "all" });
    const segments = await getSegments(filter, { kind: "attribute", key: "region" }, thresholds);
    const small = segments.groups.filter((g) => g.suppressedReason === "small");
    expect(small.map((g) => g.key)).toEqual(["华南"]);
    const complementary = segments.groups.filter((g) => g.suppressedReason === "complementary");
    expect(complementary).toHaveLength(1);
    const visible = segments.groups.filter((g) => g.status !== "suppressed");
    expect(Math.min(...visible.map((g) => g.stats.n))).toBeGreaterThanOrEqual(complementary[0]?.stats.n ?? Infinity);
    expect(complementary[0]?.status).toBe("suppressed");
    expect(complementary[0]?.vsRest).toBeNull();
  });

  it("segments by survey carry the survey names; by month, touchpoint, channel and locale add up to the overall", async () => {
    const filter = filterFor({ range: "all" });
    const bySurvey = await getSegments(filter, { kind: "survey" }, thresholds);
    expect(bySurvey.groups.map((g) => g.label).sort()).toEqual(["Onboarding", "Relationship"]);
    for (const kind of ["month", "touchpoint", "channel", "locale"] as const) {
      const segments = await getSegments(filter, { kind }, thresholds);
      expect(segments.groups.reduce((sum, g) => sum + g.stats.n, 0)).toBe(segments.overall.n);
    }
    const byTouchpoint = await getSegments(filter, { kind: "touchpoint" }, thresholds);
    expect(byTouchpoint.groups.map((g) => g.key).sort()).toEqual(["", "开户"]);
  });

  it("an empty filter (no responses) gives n = 0 and nulls, never an error", async () => {
    const filter = filterFor({ range: "custom", from: "2020-01-01", to: "2020-01-31" });
    const headline = await getHeadline(filter);
    expect(headline.stats.n).toBe(0);
    expect(headline.stats.nps).toBeNull();
    expect(headline.change).toBeNull();
    expect((await getTrend(filter)).points).toEqual([]);
    expect((await getSegments(filter, { kind: "attribute", key: "region" }, thresholds)).groups).toEqual([]);
  });

  it("never mixes organisations: each counts exactly its own responses", async () => {
    const otherFilter = resolveFilter(
      { range: "all", survey: [], channel: [], touchpoint: [], attributes: {} },
      { organizationId: otherOrganizationId, timeZone: TZ },
    );
    expect((await getHeadline(otherFilter)).stats.n).toBe(rows.slice(0, 100).filter((r) => counted(r) && r.score !== null).length);
    const mine = await getHeadline(filterFor({ range: "all" }));
    expect(mine.stats.n).toBe(rows.filter((r) => counted(r) && r.score !== null).length);
  });
});
