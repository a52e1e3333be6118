import { beforeAll, describe, expect, it } from "vitest";
import { adjustBenjaminiHochberg } from "@/lib/multiple-comparisons";
import { classifyScore, compareNps, npsFromScores, roundTo } from "@/lib/nps";
import { seededRandom } from "@/lib/random";
import { readAnalyticsParams } from "@/schemas/analytics";
import { resolveFilter } from "@/server/analytics/filter";
import { db } from "@/server/db";
import { createSurvey } from "@/server/surveys/create-survey";
import { getThemesView } from "@/server/text/get-themes-view";
import { listThemeVerbatims } from "@/server/text/list-theme-verbatims";
import { commentReadingProgress, readComments } from "@/server/text/read-comments";
import { loadTaxonomy } from "@/server/text/taxonomy";
import { themeMentionCounts } from "@/server/text/theme-mention-counts";
import { addThemeKeyword, applyThemeTemplate, saveTheme } from "@/server/text/update-taxonomy";
import { createOrganization, expectAppError } from "./support/fixtures";
import { insertResponses } from "./support/responses";

const TZ = "Asia/Shanghai";
const query = readAnalyticsParams({ range: "custom", from: "2026-01-01", to: "2026-03-31" }).data!;
let organizationId: string;
let surveyId: string;
let foreignSurveyId: string;

// Comments whose themes are known by construction (banking template).
const KINDS: { comment: string | null; themes: readonly string[] }[] = [
  { comment: "网点排队太久了", themes: ["waiting"] },
  { comment: "排队等了一个小时，柜员态度也很差", themes: ["waiting", "staff_attitude"] },
  { comment: "柜员很热情，服务周到", themes: ["staff_attitude"] },
  { comment: "手机银行老是闪退", themes: ["mobile_app"] },
  { comment: "挺好的", themes: [] },
  { comment: null, themes: [] },
];
const PHONE_COMMENT = "排队太久，请回电 13812345678";

type Row = { score: number; themes: readonly string[]; commented: boolean; month: number };
const rows: Row[] = [];

beforeAll(async () => {
  organizationId = (await createOrganization("Themes View Bank")).id;
  surveyId = (await createSurvey({ organizationId, userId: null, input: { name: "Relationship", brandName: "Bank" } })).id;
  const foreign = (await createOrganization("Themes View Foreign")).id;
  foreignSurveyId = (await createSurvey({ organizationId: foreign, userId: null, input: { name: "Theirs", brandName: "X" } })).id;
  const random = seededRandom(20261207);
  const data = [];
  for (let i = 0; i < 360; i++) {
    const kind = i === 0 ? { comment: PHONE_COMMENT, themes: ["waiting"] } : KINDS[Math.floor(random() * KINDS.length)]!;
    const low = kind.themes.includes("waiting") ? 0.8 : kind.themes.includes("staff_attitude") ? 0.2 : 0.35;
    const score = i === 0 ? 2 : random() < low ? Math.floor(random() * 7) : 7 + Math.floor(random() * 4);
    // The comment with a phone number is the newest, so it is on the first page of its theme's verbatims.
    const month = i === 0 ? 2 : i % 3;
    rows.push({ score, themes: kind.themes, commented: kind.comment !== null, month });
    data.push({
      organizationId,
      surveyId,
      score,
      category: classifyScore(score),
      comment: kind.comment,
      locale: "zh-CN",
      channel: "LINK" as const,
      createdAt: new Date(Date.UTC(2026, month, i === 0 ? 20 : 10, 4)),
    });
  }
  await insertResponses(data);
  await readComments({ organizationId });
});

describe("What customers say (getThemesView)", () => {
  it("gives each theme's shares among all, detractors and promoters and its NPS with and without it, as recomputed from the rows", async () => {
    const view = await getThemesView({ organizationId, surveyId, query, timeZone: TZ, unitIds: null });
    const commented = rows.filter((r) => r.commented);
    expect(view.n).toBe(rows.length);
    expect(view.commented).toBe(commented.length);
    expect(view.pending).toBe(0);
    for (const key of ["waiting", "staff_attitude", "mobile_app"]) {
      const theme = view.themes.find((t) => t.key === key)!;
      const withIt = rows.filter((r) => r.themes.includes(key));
      const without = rows.filter((r) => !r.themes.includes(key));
      expect(theme.mentions).toBe(withIt.length);
      expect(theme.share).toBe(roundTo(withIt.length / commented.length, 4));
      expect(theme.detractorShare).toBe(roundTo(withIt.filter((r) => r.score <= 6).length / commented.filter((r) => r.score <= 6).length, 4));
      expect(theme.promoterShare).toBe(roundTo(withIt.filter((r) => r.score >= 9).length / commented.filter((r) => r.score >= 9).length, 4));
      expect(theme.nps.nps).toBe(npsFromScores(withIt.map((r) => r.score)).nps === null ? null : roundTo(npsFromScores(withIt.map((r) => r.score)).nps!, 2));
      expect(theme.p).toBe(roundTo(compareNps(npsFromScores(withIt.map((r) => r.score)), npsFromScores(without.map((r) => r.score))).pValue, 4));
    }
    // Benjamini–Hochberg over the themes that were tested, in the same order.
    expect(view.themes.map((t) => t.q)).toEqual(adjustBenjaminiHochberg(view.themes.map((t) => t.p)));
    const waiting = view.themes.find((t) => t.key === "waiting")!;
    expect(waiting.q).not.toBeNull();
    expect(waiting.q!).toBeGreaterThanOrEqual(waiting.p!);
    // Queues are the detractors' top theme in this data, as on the page.
    const top = [...view.themes].sort((a, b) => (b.detractorShare ?? -1) - (a.detractorShare ?? -1))[0]!;
    expect(top.key).toBe("waiting");
  });

  it("suppresses a rarely mentioned theme (n only, no shares, no test) and leaves it out of the correction", async () => {
    const view = await getThemesView({ organizationId, surveyId, query, timeZone: TZ, unitIds: null });
    const fees = view.themes.find((t) => t.key === "fees")!;
    expect(fees.mentions).toBe(0);
    expect(fees.nps.suppressed).toBe(true);
    expect(fees.detractorShare).toBeNull();
    expect(fees.promoterShare).toBeNull();
    expect(fees.q).toBeNull();
  });

  it("gives the monthly trend, the sentiment per category and the distinctive words", async () => {
    const view = await getThemesView({ organizationId, surveyId, query, timeZone: TZ, unitIds: null });
    expect(view.trend.map((p) => p.month)).toEqual(["2026-01", "2026-02", "2026-03"]);
    for (const point of view.trend) {
      const month = Number(point.month.slice(5)) - 1;
      const inMonth = rows.filter((r) => r.month === month && r.commented);
      expect(point.commented).toBe(inMonth.length);
      expect(point.shares!.waiting).toBeCloseTo(inMonth.filter((r) => r.themes.includes("waiting")).length / inMonth.length, 10);
    }
    const all = view.sentiment.find((s) => s.category === "ALL")!;
    expect(all.negative + all.neutral + all.positive).toBe(view.commented);
    const byCategory = view.sentiment.filter((s) => s.category !== "ALL").reduce((s, r) => s + r.negative + r.neutral + r.positive, 0);
    expect(byCategory).toBe(view.commented);
    expect(all.negative).toBeGreaterThan(0);
    expect(view.words).not.toBeNull();
    expect(view.words!.detractors.map((w) => w.word)).toContain("排队");
    expect(view.words!.detractors.every((w) => w.z > 0)).toBe(true);
    expect(view.words!.promoters.every((w) => w.z < 0)).toBe(true);
  });

  it("suppresses the distinctive words and the trend when a period has too few comments", async () => {
    const one = readAnalyticsParams({ range: "custom", from: "2026-01-10", to: "2026-01-10" }).data!;
    await db.organization.update({ where: { id: organizationId }, data: { suppressN: 200 } });
    try {
      const view = await getThemesView({ organizationId, surveyId, query: one, timeZone: TZ, unitIds: null });
      expect(view.words).toBeNull();
      expect(view.trend.every((p) => p.shares === null)).toBe(true);
      expect(view.sentiment.every((s) => s.suppressed)).toBe(true);
    } finally {
      await db.organization.update({ where: { id: organizationId }, data: { suppressN: 5 } });
    }
  });

  it("answers not found for another organisation's survey, and a scoped member outside every unit sees nothing", async () => {
    await expectAppError(getThemesView({ organizationId, surveyId: foreignSurveyId, query, timeZone: TZ, unitIds: null }), "not_found");
    await expectAppError(getThemesView({ organizationId, surveyId: "not-a-uuid", query, timeZone: TZ, unitIds: null }), "not_found");
    const scoped = await getThemesView({ organizationId, surveyId, query, timeZone: TZ, unitIds: [] });
    expect(scoped.n).toBe(0);
  });
});

describe("a theme's verbatims (listThemeVerbatims)", () => {
  const filter = () => resolveFilter({ ...query, survey: [surveyId] }, { organizationId, timeZone: TZ });

  it("lists only comments read with the theme, newest first, with the total and a category filter", async () => {
    const page = await listThemeVerbatims(filter(), { themeKey: "mobile_app", view: "full" });
    expect(page.total).toBe(rows.filter((r) => r.themes.includes("mobile_app")).length);
    expect(page.items.length).toBe(Math.min(20, page.total));
    expect(page.items.every((v) => v.comment === "手机银行老是闪退")).toBe(true);
    const detractors = await listThemeVerbatims(filter(), { themeKey: "waiting", category: "DETRACTOR", view: "full" });
    expect(detractors.total).toBe(rows.filter((r) => r.themes.includes("waiting") && r.score <= 6).length);
    expect(detractors.items.every((v) => v.category === "DETRACTOR")).toBe(true);
  });

  it("masks a phone number typed into a comment for a role that may not see personal data", async () => {
    const masked = await listThemeVerbatims(filter(), { themeKey: "waiting", category: "DETRACTOR", view: "masked" });
    expect(masked.items[0]?.comment).toBe("排队太久，请回电 138****5678");
    const full = await listThemeVerbatims(filter(), { themeKey: "waiting", category: "DETRACTOR", view: "full" });
    expect(full.items[0]?.comment).toBe(PHONE_COMMENT);
  });
});

describe("taxonomy settings (admins): edits re-tag through the reading job", () => {
  let orgId: string;
  beforeAll(async () => {
    orgId = (await createOrganization("Taxonomy Edit Bank")).id;
    const sid = (await createSurvey({ organizationId: orgId, userId: null, input: { name: "S", brandName: "B" } })).id;
    await insertResponses(
      ["大堂经理帮我填了表", "大堂经理帮了大忙", "网点排队太久了", "挺好的"].map((comment, i) => ({
        organizationId: orgId,
        surveyId: sid,
        score: 9 - i,
        category: classifyScore(9 - i),
        comment,
        locale: "zh-CN",
        channel: "LINK" as const,
      })),
    );
    await readComments({ organizationId: orgId });
  });

  it("refuses a manager, and refuses invalid input with validation_failed", async () => {
    await expectAppError(addThemeKeyword({ actor: { organizationId: orgId, role: "MANAGER" }, input: { key: "staff_attitude", keyword: "大堂经理" } }), "forbidden");
    await expectAppError(addThemeKeyword({ actor: { organizationId: orgId, role: "ADMIN" }, input: { key: "staff_attitude", keyword: " " } }), "validation_failed");
    await expectAppError(addThemeKeyword({ actor: { organizationId: orgId, role: "ADMIN" }, input: { key: "nope", keyword: "x" } }), "not_found");
  });

  it("adds a keyword: progress drops until the job reads the comments again, then the theme's count has changed", async () => {
    const before = (await themeMentionCounts(orgId)).get("staff_attitude") ?? 0;
    expect(await commentReadingProgress(orgId)).toEqual({ read: 4, total: 4 });
    await addThemeKeyword({ actor: { organizationId: orgId, role: "ADMIN" }, input: { key: "staff_attitude", keyword: "大堂经理" } });
    expect(await commentReadingProgress(orgId)).toEqual({ read: 0, total: 4 });
    await readComments({ organizationId: orgId });
    expect(await commentReadingProgress(orgId)).toEqual({ read: 4, total: 4 });
    expect((await themeMentionCounts(orgId)).get("staff_attitude") ?? 0).toBe(before + 2);
    // Adding it again changes nothing.
    expect(await addThemeKeyword({ actor: { organizationId: orgId, role: "ADMIN" }, input: { key: "staff_attitude", keyword: "大堂经理" } })).toEqual({ added: false });
  });

  it("creates a theme with names in both languages (a taken key is a conflict), edits it, and a template replaces everything", async () => {
    const input = { key: "lobby", labelZh: "大堂服务", labelEn: "Lobby service", keywords: ["大堂"], exclusions: [] };
    await saveTheme({ actor: { organizationId: orgId, role: "ADMIN" }, input, create: true });
    await expectAppError(saveTheme({ actor: { organizationId: orgId, role: "ADMIN" }, input, create: true }), "conflict");
    await saveTheme({ actor: { organizationId: orgId, role: "ADMIN" }, input: { ...input, labelEn: "Lobby", keywords: ["大堂", "lobby"] }, create: false });
    const rules = await loadTaxonomy(orgId);
    expect(rules.at(-1)).toMatchObject({ key: "lobby", labelZh: "大堂服务", labelEn: "Lobby", keywords: ["大堂", "lobby"] });
    await readComments({ organizationId: orgId });
    expect((await themeMentionCounts(orgId)).get("lobby")).toBe(2);

    await applyThemeTemplate({ actor: { organizationId: orgId, role: "ADMIN" }, input: { industry: "telecom" } });
    const telecom = await loadTaxonomy(orgId);
    expect(telecom.some((r) => r.key === "lobby")).toBe(false);
    expect(telecom.some((r) => r.key === "network_quality")).toBe(true);
    await expectAppError(applyThemeTemplate({ actor: { organizationId: orgId, role: "ADMIN" }, input: { industry: "mining" } }), "validation_failed");
    // Another organisation's taxonomy is untouched.
    expect((await loadTaxonomy(organizationId)).some((r) => r.key === "products_rates")).toBe(true);
  });
});
