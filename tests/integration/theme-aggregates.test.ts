import { beforeAll, describe, expect, it } from "vitest";
import { classifyScore } from "@/lib/nps";
import { seededRandom } from "@/lib/random";
import { readAnalyticsParams, type AnalyticsQuery } from "@/schemas/analytics";
import { resolveFilter } from "@/server/analytics/filter";
import { rebuildAggregates } from "@/server/analytics/rebuild-aggregates";
import { updateResponsesCounted } from "@/server/analytics/response-aggregates";
import { eraseContact } from "@/server/contacts/erase-contact";
import { db } from "@/server/db";
import { createSurvey } from "@/server/surveys/create-survey";
import { getSurveyThemes } from "@/server/text/get-survey-themes";
import { getThemesView } from "@/server/text/get-themes-view";
import { readComments } from "@/server/text/read-comments";
import { runCommentReading } from "@/server/text/run-comment-reading";
import { compactThemeAggregates, rebuildThemeAggregates, themeNarrowing } from "@/server/text/theme-aggregates";
import { themeMentionCounts } from "@/server/text/theme-mention-counts";
import { addThemeKeyword } from "@/server/text/update-taxonomy";
import { createOrganization, expectAppError } from "./support/fixtures";
import { insertResponses } from "./support/responses";

/**
 * The theme pre-aggregate (docs/decisions/0031): the view's figures read from "ThemeAggregate" equal the raw path's
 * for random filters, after new comments, a taxonomy change and its re-reading, a change of counted fields, an erase,
 * compaction and a rebuild; the table equals a recomputation from the readings; organisations stay apart.
 */
const TZ = "Asia/Shanghai";
const random = seededRandom(20261207_3);

const COMMENTS = [
  "网点排队太久了",
  "排队等了一个小时，柜员态度也很差",
  "柜员很热情，服务周到",
  "手机银行老是闪退",
  "手续费太高了，年费也贵",
  "办理业务很快，效率高",
  "The queue at the branch was far too long",
  "Staff were friendly and helpful",
  "挺好的",
  "大堂经理很耐心",
  null,
  "   ",
];
const REGIONS = ["华东", "华北", "华南"];
const TIERS = ["普通", "金卡", "白金"];
const TOUCHPOINTS = ["开户", "贷款", null];

let organizationId: string;
let surveyId: string;
let otherSurveyId: string;
let foreignOrg: string;
let foreignSurvey: string;
let contactId: string;

function pick<T>(values: readonly T[]): T {
  return values[Math.floor(random() * values.length)]!;
}

/** Responses between 2025-10 and 2026-04, some on local month edges, some unscored, a few excluded. */
function responses(org: string, survey: string, count: number, contact: string | null = null) {
  return Array.from({ length: count }, (_, i) => {
    const score = random() < 0.08 ? null : Math.floor(random() * 11);
    const day = 1 + Math.floor(random() * 28);
    const month = 9 + Math.floor(random() * 7);
    // 16:30 UTC is 00:30 the next local day: the first and last local days of months are hit.
    const createdAt = new Date(Date.UTC(2025, month, day, i % 4 === 0 ? 16 : 4, 30));
    return {
      organizationId: org,
      surveyId: survey,
      contactId: contact,
      score,
      category: score === null ? null : classifyScore(score),
      comment: pick(COMMENTS),
      locale: "zh-CN",
      channel: pick(["LINK", "EMAIL", "SMS"] as const),
      touchpoint: pick(TOUCHPOINTS),
      attributes: { region: pick(REGIONS), tier: pick(TIERS), customerId: `C${i}` },
      excluded: random() < 0.05,
      createdAt,
    };
  });
}

const DAYS = ["2025-10-01", "2025-10-17", "2025-11-30", "2025-12-01", "2026-01-15", "2026-02-28", "2026-03-01", "2026-04-30", "2026-05-10"];

/** A random filter: a range of whole or partial months and at most one narrowing (what the pre-aggregate answers). */
function randomQuery(): AnalyticsQuery {
  const [a, b] = [pick(DAYS), pick(DAYS)].sort();
  const params = new URLSearchParams(random() < 0.15 ? { range: "all" } : { range: "custom", from: a!, to: b! });
  const narrowing = Math.floor(random() * 5);
  if (narrowing === 1) params.append("channel", pick(["LINK", "EMAIL", "SMS"]));
  if (narrowing === 2) params.append("touchpoint", pick(["开户", "贷款"]));
  if (narrowing === 3) for (const region of random() < 0.5 ? [pick(REGIONS)] : REGIONS.slice(0, 2)) params.append("attr.region", region);
  if (narrowing === 4) params.append("attr.tier", pick(TIERS));
  const parsed = readAnalyticsParams(params);
  if (!parsed.success) throw new Error(parsed.error.message);
  return parsed.data;
}

const NOW = new Date("2026-05-15T04:00:00Z");

async function expectSameAsRaw(label: string, queries = 12) {
  for (let i = 0; i < queries; i++) {
    const query = randomQuery();
    const filter = resolveFilter({ ...query, survey: [surveyId] }, { organizationId, timeZone: TZ }, NOW);
    expect(themeNarrowing(filter), `${label}: the pre-aggregate answers ${JSON.stringify(query)}`).not.toBeNull();
    const options = { organizationId, surveyId, query, timeZone: TZ, unitIds: null, now: NOW };
    const [ours, raw] = [await getThemesView(options), await getThemesView({ ...options, source: "raw" })];
    expect(ours, `${label}: ${JSON.stringify(query)}`).toEqual(raw);
  }
}

/** Every key's sum in "ThemeAggregate" against theme_aggregate_rows over all readings (a recomputation). */
async function expectTableExact(org: string) {
  const diff = await db.$queryRaw<{ count: number }[]>`
    WITH cur AS (
      SELECT "surveyId", grain, day, dimension, value, kind, key, polarity, sum(n)::int AS n,
             sum(h0)::int AS h0, sum(h3)::int AS h3, sum(h7)::int AS h7, sum(h10)::int AS h10
      FROM "ThemeAggregate" WHERE "organizationId" = ${org}::uuid GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 HAVING sum(n) <> 0
    ), fresh AS (
      SELECT "surveyId", grain, day, dimension, value, kind, key, polarity, n, h0, h3, h7, h10
      FROM theme_aggregate_rows(${org}::uuid, NULL, 1)
    )
    SELECT count(*)::int AS count FROM ((SELECT * FROM cur EXCEPT ALL SELECT * FROM fresh) UNION ALL (SELECT * FROM fresh EXCEPT ALL SELECT * FROM cur)) x`;
  expect(diff[0]!.count).toBe(0);
}

beforeAll(async () => {
  organizationId = (await createOrganization("Theme Aggregates Bank")).id;
  await db.organization.update({ where: { id: organizationId }, data: { timeZone: TZ } });
  surveyId = (await createSurvey({ organizationId, userId: null, input: { name: "Relationship", brandName: "Bank" } })).id;
  otherSurveyId = (await createSurvey({ organizationId, userId: null, input: { name: "Branch", brandName: "Bank" } })).id;
  contactId = (await db.contact.create({ data: { organizationId, email: "erase-me@example.com", name: "王小明" }, select: { id: true } })).id;
  foreignOrg = (await createOrganization("Theme Aggregates Foreign")).id;
  foreignSurvey = (await createSurvey({ organizationId: foreignOrg, userId: null, input: { name: "Theirs", brandName: "X" } })).id;
  await insertResponses([
    ...responses(organizationId, surveyId, 500),
    ...responses(organizationId, otherSurveyId, 60),
    ...responses(organizationId, surveyId, 12, contactId).map((r) => ({ ...r, comment: "排队太久了，我叫王小明", excluded: false })),
  ]);
  await readComments({ organizationId });
}, 240_000);

describe("theme pre-aggregate", () => {
  it("gives the view's figures equal to the raw rows for random filters, and equals a recomputation", async () => {
    expect(await db.themeAggregate.count({ where: { organizationId } })).toBeGreaterThan(0);
    await expectTableExact(organizationId);
    await expectSameAsRaw("after the first reading");
    // Two narrowings are not pre-aggregated: the raw path answers.
    const filter = resolveFilter(
      { ...readAnalyticsParams({ range: "all", channel: "LINK", "attr.tier": "金卡" }).data!, survey: [surveyId] },
      { organizationId, timeZone: TZ },
      NOW,
    );
    expect(themeNarrowing(filter)).toBeNull();
    expect(themeNarrowing({ ...filter, channels: [], attributes: {}, unitIds: [organizationId] })).toBeNull();
  }, 240_000);

  it("stays exact after new comments are read, and through the API", async () => {
    await insertResponses(responses(organizationId, surveyId, 120));
    // Not read yet: the view says how many are pending, as the raw path counts them.
    const options = { organizationId, surveyId, query: readAnalyticsParams({ range: "all" }).data!, timeZone: TZ, unitIds: null, now: NOW };
    const unread = await getThemesView(options);
    expect(unread.pending).toBeGreaterThan(50);
    expect(unread).toEqual(await getThemesView({ ...options, source: "raw" }));
    await readComments({ organizationId });
    expect((await getThemesView(options)).pending).toBe(0);
    await expectTableExact(organizationId);
    await expectSameAsRaw("after new comments");
    const api = await getSurveyThemes({ organizationId, surveyId, searchParams: new URLSearchParams({ range: "all" }), now: NOW });
    const rows = await db.$queryRaw<{ key: string; n: number }[]>`
      SELECT t.key, count(*)::int AS n FROM "Response" r JOIN "ResponseText" x ON x."organizationId" = r."organizationId" AND x."responseId" = r.id
      CROSS JOIN LATERAL unnest(x.themes) t(key)
      WHERE r."organizationId" = ${organizationId}::uuid AND r."surveyId" = ${surveyId}::uuid AND NOT r.excluded AND r.score IS NOT NULL GROUP BY 1`;
    for (const row of rows) expect(api.themes.find((t) => t.key === row.key)?.mentions).toBe(row.n);
  }, 240_000);

  it("stays exact after a taxonomy change and the re-reading (counts change)", async () => {
    const before = (await themeMentionCounts(organizationId)).get("staff_attitude") ?? 0;
    await addThemeKeyword({ actor: { organizationId, role: "ADMIN" }, input: { key: "staff_attitude", keyword: "年费" } });
    // Half-way through the re-reading the figures are still the readings' (old and new mixed), as on the raw path.
    await readComments({ organizationId, batchSize: 100, maxBatches: 1 });
    await expectTableExact(organizationId);
    await expectSameAsRaw("half-way through a re-reading", 4);
    await readComments({ organizationId });
    await expectTableExact(organizationId);
    await expectSameAsRaw("after the re-reading");
    expect((await themeMentionCounts(organizationId)).get("staff_attitude") ?? 0).toBeGreaterThan(before);
  }, 240_000);

  it("stays exact when a read response's counted fields change (score, exclusion)", async () => {
    const some = await db.response.findMany({ where: { organizationId, surveyId, comment: { not: null } }, select: { id: true }, take: 40 });
    const ids = some.map((r) => r.id);
    await db.$transaction((tx) =>
      updateResponsesCounted(tx, organizationId, ids, async () => {
        await tx.response.updateMany({ where: { organizationId, id: { in: ids.slice(0, 20) } }, data: { score: 0, category: "DETRACTOR" } });
        await tx.response.updateMany({ where: { organizationId, id: { in: ids.slice(20) } }, data: { excluded: true } });
      }),
    );
    await expectTableExact(organizationId);
    await expectSameAsRaw("after score and exclusion changes");
  }, 240_000);

  it("forgets an erased contact's readings in the erase's transaction", async () => {
    const before = await db.responseText.count({ where: { organizationId, response: { organizationId, contactId } } });
    expect(before).toBe(12);
    await eraseContact({ actor: { organizationId, userId: null, role: "ADMIN" }, contactId });
    expect(await db.responseText.count({ where: { organizationId, response: { organizationId, contactId } } })).toBe(0);
    await expectTableExact(organizationId);
    await expectSameAsRaw("after an erase");
  }, 240_000);

  it("compaction and a rebuild keep the figures", async () => {
    const rowsBefore = await db.themeAggregate.count({ where: { organizationId } });
    const { removed } = await compactThemeAggregates(organizationId);
    expect(removed).toBeGreaterThan(0);
    expect(await db.themeAggregate.count({ where: { organizationId } })).toBe(rowsBefore - removed);
    await expectTableExact(organizationId);
    await expectSameAsRaw("after compaction", 6);
    await rebuildAggregates({ organizationId });
    await expectTableExact(organizationId);
    await expectSameAsRaw("after a rebuild", 6);
    // The minute job reads and compacts.
    await insertResponses(responses(organizationId, surveyId, 30));
    await runCommentReading({ budgetMs: 60_000 });
    await expectTableExact(organizationId);
    await expectSameAsRaw("after the minute job", 4);
  }, 240_000);

  it("a narrowed view whose partial months are mostly inside the range (their words: monthly rows less the days outside) equals the raw rows", async () => {
    for (const [from, to, narrowing] of [
      ["2025-10-03", "2026-03-25", ["attr.region", "华东"]],
      ["2025-10-02", "2025-10-30", ["channel", "LINK"]],
      ["2025-11-05", "2026-01-20", ["touchpoint", "开户"]],
    ] as const) {
      const params = new URLSearchParams({ range: "custom", from, to });
      params.append(narrowing[0], narrowing[1]);
      const query = readAnalyticsParams(params).data!;
      const options = { organizationId, surveyId, query, timeZone: TZ, unitIds: null, now: NOW };
      const ours = await getThemesView(options);
      // The long range has enough comments for the words to show (the short ones may be suppressed: still equal).
      if (from === "2025-10-03") expect(ours.words, `${from}..${to} ${narrowing.join("=")}`).not.toBeNull();
      expect(ours, `${from}..${to} ${narrowing.join("=")}`).toEqual(await getThemesView({ ...options, source: "raw" }));
    }
  }, 240_000);

  it("rebuilds the theme rows a local month at a time, with progress, to the same table", async () => {
    // Deltas since the last compaction, so the rebuild has something to fold.
    await insertResponses(responses(organizationId, surveyId, 20));
    await readComments({ organizationId });
    const responsesNow = await db.response.count({ where: { organizationId } });
    const months = await db.$queryRaw<{ count: number }[]>`
      SELECT count(DISTINCT date_trunc('month', "createdAt" AT TIME ZONE ${TZ}))::int AS count FROM "Response" WHERE "organizationId" = ${organizationId}::uuid`;
    const progress: [number, number][] = [];
    const rows = await rebuildThemeAggregates(organizationId, undefined, (done, total) => {
      progress.push([done, total]);
    });
    // One report before the first month and one after each local month, the responses done growing to the total.
    expect(progress).toHaveLength(months[0]!.count + 1);
    expect(progress[0]).toEqual([0, responsesNow]);
    expect(progress.at(-1)).toEqual([responsesNow, responsesNow]);
    for (let i = 1; i < progress.length; i++) expect(progress[i]![0]).toBeGreaterThan(progress[i - 1]![0]);
    // Every key (a local day or month, month edges included) written by exactly one chunk: one row per key.
    const keys = await db.$queryRaw<{ rows: number; keys: number }[]>`
      SELECT count(*)::int AS rows, count(DISTINCT ("surveyId", grain, day, dimension, value, kind, key, polarity))::int AS keys
      FROM "ThemeAggregate" WHERE "organizationId" = ${organizationId}::uuid`;
    expect(keys[0]).toEqual({ rows, keys: rows });
    await expectTableExact(organizationId);
    await expectSameAsRaw("after a month-by-month rebuild", 6);
  }, 240_000);

  it("keeps organisations apart", async () => {
    const options = { organizationId, surveyId, query: readAnalyticsParams({ range: "all" }).data!, timeZone: TZ, unitIds: null, now: NOW };
    const before = await getThemesView(options);
    const counts = await themeMentionCounts(organizationId);
    await insertResponses(responses(foreignOrg, foreignSurvey, 200));
    await readComments({ organizationId: foreignOrg });
    await expectTableExact(foreignOrg);
    expect(await getThemesView(options)).toEqual(before);
    expect(await themeMentionCounts(organizationId)).toEqual(counts);
    expect(await db.themeAggregate.count({ where: { organizationId: foreignOrg, surveyId } })).toBe(0);
    await expectAppError(getThemesView({ ...options, surveyId: foreignSurvey }), "not_found");
    const foreignView = await getThemesView({ ...options, organizationId: foreignOrg, surveyId: foreignSurvey });
    expect(foreignView).toEqual(await getThemesView({ ...options, organizationId: foreignOrg, surveyId: foreignSurvey, source: "raw" }));
  }, 240_000);
});
