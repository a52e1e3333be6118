import { beforeAll, describe, expect, it } from "vitest";
import { classifyScore } from "@/lib/nps";
import { seededRandom } from "@/lib/random";
import { db } from "@/server/db";
import { createSurvey } from "@/server/surveys/create-survey";
import { readComments } from "@/server/text/read-comments";
import { suggestNewThemes } from "@/server/text/suggest-new-themes";
import { addThemeKeyword } from "@/server/text/update-taxonomy";
import { createOrganization, expectAppError } from "./support/fixtures";
import { insertResponses } from "./support/responses";

const NOW = new Date("2026-06-30T12:00:00Z");
let organizationId: string;
let foreignId: string;

// Comments the banking template tags (queues, staff, the app) and untagged ones; the planted new topic, transfer
// limits (转账限额), appears only in the period, 14 times, once with a phone number.
const TAGGED = ["网点排队太久了", "柜员态度很好", "手机银行老是闪退", "排队等了一个小时", "客服很耐心"];
const UNTAGGED_COMMON = ["还可以吧", "一般般", "挺好的"];
const PLANTED = ["转账限额太低了，每天只能转五万", "希望提高转账限额", "转账限额能不能调高一点", "转账限额太低，很不方便"];

beforeAll(async () => {
  organizationId = (await createOrganization("Suggest Bank")).id;
  foreignId = (await createOrganization("Suggest Foreign")).id;
  const surveyId = (await createSurvey({ organizationId, userId: null, input: { name: "Relationship", brandName: "Bank" } })).id;
  const foreignSurvey = (await createSurvey({ organizationId: foreignId, userId: null, input: { name: "Theirs", brandName: "X" } })).id;
  const random = seededRandom(1207);
  const data = [];
  const at = (daysAgo: number) => new Date(NOW.getTime() - daysAgo * 86_400_000);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  for (let i = 0; i < 120; i++) {
    const inPeriod = i < 60;
    let comment = random() < 0.6 ? pick(TAGGED) : pick(UNTAGGED_COMMON);
    if (inPeriod && i < 14) comment = i === 0 ? "转账限额太低了，电话 13812345678" : pick(PLANTED);
    const score = Math.floor(random() * 11);
    data.push({ organizationId, surveyId, score, category: classifyScore(score), comment, locale: "zh-CN", channel: "LINK" as const, createdAt: at(inPeriod ? 1 + (i % 80) : 120 + i) });
  }
  // The other organisation talks about loyalty points (积分兑换) — never suggested to the first.
  for (let i = 0; i < 30; i++) {
    data.push({ organizationId: foreignId, surveyId: foreignSurvey, score: 5, category: classifyScore(5), comment: "积分兑换太麻烦了", locale: "zh-CN", channel: "LINK" as const, createdAt: at(2) });
  }
  await insertResponses(data);
  await readComments({ organizationId });
  await readComments({ organizationId: foreignId });
});

describe("possible new themes (suggestNewThemes)", () => {
  it("ranks the planted untagged phrase first, with its count and masked examples, and never a word a theme already matches", async () => {
    const result = await suggestNewThemes({ organizationId, role: "ADMIN", days: 90, now: NOW });
    // Comments no theme caught, with at least one content word, recomputed from the rows.
    const cutoff = new Date(NOW.getTime() - 90 * 86_400_000);
    const counted = (where: object) => db.responseText.count({ where: { organizationId, tokens: { isEmpty: false }, themes: { isEmpty: true }, response: where } });
    expect(result.periodComments).toBe(await counted({ createdAt: { gte: cutoff } }));
    expect(result.backgroundComments).toBe(await counted({ createdAt: { lt: cutoff } }));
    expect(result.periodComments).toBeGreaterThan(14);
    expect(result.sampled).toBe(false);
    const top = result.terms[0]!;
    expect(top.term).toBe("转账限额");
    expect(top.parts).toEqual(["转账", "限额"]);
    expect(top.count).toBe(14);
    expect(top.background).toBe(0);
    expect(top.examples.length).toBe(3);
    for (const example of top.examples) expect(example.comment).toContain("转账限额");
    // The phone number typed into one comment is masked.
    const all = result.terms.flatMap((t) => t.examples.map((e) => e.comment)).join("\n");
    expect(all).not.toContain("13812345678");
    const raw = await db.response.findFirst({ where: { organizationId, comment: { contains: "13812345678" } }, select: { id: true } });
    expect(top.examples.some((e) => e.responseId === raw!.id)).toBe(true);
    // The phrase stands for its words: 转账 and 限额 are not listed again.
    const terms = result.terms.map((t) => t.term);
    expect(terms).not.toContain("转账");
    expect(terms).not.toContain("限额");
    // Words the taxonomy matches (queues, staff, the app), sentiment words and stop words are never suggested.
    for (const word of ["排队", "手机银行", "闪退", "太低", "挺好", "不方便"]) expect(terms.some((t) => t.includes(word))).toBe(false);
    // Tenants are isolated: the other organisation's topic does not appear.
    expect(terms.some((t) => t.includes("积分"))).toBe(false);
  });

  it("looks at the comments no theme caught: a frequent word of tagged comments (柜员, in 柜员态度很好) is not suggested", async () => {
    const result = await suggestNewThemes({ organizationId, role: "ADMIN", days: 90, now: NOW });
    expect(result.terms.map((t) => t.term)).not.toContain("柜员");
    // It is frequent enough: in more than 3 of the period's comments, all tagged staff_attitude.
    const tagged = await db.responseText.count({ where: { organizationId, tokens: { has: "柜员" }, response: { createdAt: { gte: new Date(NOW.getTime() - 90 * 86_400_000) } } } });
    expect(tagged).toBeGreaterThan(3);
  });

  it("scores by TF-IDF against earlier comments: a word as common before the period ranks below a new one", async () => {
    const result = await suggestNewThemes({ organizationId, role: "ADMIN", days: 90, now: NOW });
    for (const t of result.terms) {
      expect(t.score).toBeCloseTo(t.count * (Math.log((1 + result.backgroundComments) / (1 + t.background)) + 1), 2);
    }
    const scores = result.terms.map((t) => t.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it("disappears once added as a keyword and the comments are read again", async () => {
    const other = (await createOrganization("Suggest Accept")).id;
    const survey = (await createSurvey({ organizationId: other, userId: null, input: { name: "S", brandName: "B" } })).id;
    await insertResponses(
      Array.from({ length: 6 }, (_, i) => ({ organizationId: other, surveyId: survey, score: 3, category: classifyScore(3), comment: PLANTED[i % PLANTED.length]!, locale: "zh-CN", channel: "LINK" as const, createdAt: new Date(NOW.getTime() - 86_400_000) })),
    );
    await readComments({ organizationId: other });
    const before = await suggestNewThemes({ organizationId: other, role: "ADMIN", days: 30, now: NOW });
    expect(before.terms[0]?.term).toBe("转账限额");
    await addThemeKeyword({ actor: { organizationId: other, role: "ADMIN" }, input: { key: "mobile_app", keyword: before.terms[0]!.term } });
    await readComments({ organizationId: other });
    const after = await suggestNewThemes({ organizationId: other, role: "ADMIN", days: 30, now: NOW });
    expect(after.terms.map((t) => t.term)).not.toContain("转账限额");
    const tagged = await db.responseText.count({ where: { organizationId: other, themes: { has: "mobile_app" } } });
    expect(tagged).toBe(6);
  });

  it("shows as examples comments it counted (no theme caught them), newest first; the reader copies each response's time", async () => {
    const other = (await createOrganization("Suggest Examples")).id;
    const survey = (await createSurvey({ organizationId: other, userId: null, input: { name: "S", brandName: "B" } })).id;
    const at = (hoursAgo: number) => new Date(NOW.getTime() - hoursAgo * 3_600_000);
    await insertResponses([
      ...Array.from({ length: 5 }, (_, i) => ({ organizationId: other, surveyId: survey, score: 4, category: classifyScore(4), comment: PLANTED[i % PLANTED.length]!, locale: "zh-CN", channel: "LINK" as const, createdAt: at(10 + i) })),
      // Newer, and mentioning the phrase too, but about queues: a theme caught it, so it is not one of the counted comments.
      { organizationId: other, surveyId: survey, score: 2, category: classifyScore(2), comment: "网点排队太久了，转账限额也太低", locale: "zh-CN", channel: "LINK" as const, createdAt: at(1) },
    ]);
    await readComments({ organizationId: other });
    const readings = await db.responseText.findMany({ where: { organizationId: other }, select: { respondedAt: true, themes: true, response: { select: { createdAt: true } } } });
    expect(readings).toHaveLength(6);
    for (const r of readings) expect(r.respondedAt).toEqual(r.response.createdAt);
    expect(readings.filter((r) => r.themes.length > 0)).toHaveLength(1);
    const result = await suggestNewThemes({ organizationId: other, role: "ADMIN", days: 30, now: NOW });
    expect(result.periodComments).toBe(5);
    const top = result.terms[0]!;
    expect(top.term).toBe("转账限额");
    expect(top.count).toBe(5);
    expect(top.examples.map((e) => e.comment)).toEqual([PLANTED[0], PLANTED[1], PLANTED[2]]);
  });

  it("is for admins only", async () => {
    await expectAppError(suggestNewThemes({ organizationId, role: "MANAGER", days: 90, now: NOW }), "forbidden");
  });
});
