/**
 * Demo customer journeys (issue 13): the account opening journey (预约 → 网点办理 → 手机银行激活, the branch stage being the
 * demo's 开户 transactional survey) and the loan application journey (线上申请 → 客户经理面签 → 审批放款), each with one
 * stage customers love and one they suffer, so the journey page shows a true delight point and a true pain point.
 * The other stages' answers come from two further transactional surveys answered through their public links
 * (no contact, so no throttling or loop figures of the demo move); their own generator keeps every other seeded
 * figure as it was. Called by seed.ts inside its transaction, before the aggregates are rebuilt.
 */
import { randomBytes } from "node:crypto";
import type { Prisma } from "../src/generated/prisma/client.ts";
import { classifyScore, type NpsCategory } from "../src/lib/nps.ts";
import { seededRandom } from "../src/lib/random.ts";

type Tx = Prisma.TransactionClient;
type Text = { "zh-CN": string; en: string };
type Kind = "PHYSICAL" | "DIGITAL" | "INTERPERSONAL";
type QuestionRow = { key: string; type: string; required: boolean; text: Prisma.JsonValue; settings: Prisma.JsonValue };
type SurveyRow = { name: string; brandName: string; brandNames: Prisma.JsonValue; kind: string; touchpoint: string | null; defaultLocale: string; followUpEnabled: boolean };

export type SeedJourneysOptions = {
  organizationId: string;
  ownerId: string;
  now: Date;
  /** The demo's 开户 transactional survey's touchpoint (its answers are the branch stage). */
  branchTouchpoint: string;
  /** seed.ts's first-revision content builder (the same shape for every published survey). */
  revisionContent: (survey: SurveyRow, questions: QuestionRow[]) => Prisma.InputJsonObject;
};

const DAY = 24 * 60 * 60 * 1000;
const both = (zh: string, en: string): Text => ({ "zh-CN": zh, en });

/** A stage's touchpoint: how often it is answered per year and its promoter / detractor shares. */
type Point = { touchpoint: string; perYear: number; promoters: number; detractors: number; comments: Record<NpsCategory, Text[]> };

const BOOKING: Point = {
  touchpoint: "开户预约",
  perYear: 380,
  promoters: 0.72,
  detractors: 0.06,
  comments: {
    PROMOTER: [both("在手机上预约开户很方便，到网点不用等。", "Booking the appointment on my phone was easy, no waiting at the branch."), both("预约流程简单明了。", "The booking was quick and clear.")],
    PASSIVE: [both("预约还行，可选时间有点少。", "Booking was fine, not many time slots though.")],
    DETRACTOR: [both("预约成功了到网点却说没有记录。", "I booked, but the branch had no record of it.")],
  },
};
const ACTIVATION: Point = {
  touchpoint: "手机银行激活",
  perYear: 380,
  promoters: 0.14,
  detractors: 0.58,
  comments: {
    PROMOTER: [both("激活很顺利。", "Activation went smoothly.")],
    PASSIVE: [both("激活步骤有点多，不过最后成功了。", "Too many activation steps, but it worked in the end.")],
    DETRACTOR: [
      both("手机银行激活一直收不到验证码，折腾了一个小时。", "The activation code never arrived; it took me an hour."),
      both("激活时人脸识别反复失败，只好又跑一趟网点。", "Face recognition kept failing during activation, I had to go back to the branch."),
      both("激活流程太复杂，客服也说不清楚。", "The activation process is too complicated and the hotline could not explain it."),
    ],
  },
};
const LOAN_ONLINE: Point = {
  touchpoint: "贷款线上申请",
  perYear: 360,
  promoters: 0.38,
  detractors: 0.24,
  comments: {
    PROMOTER: [both("线上填写申请很快。", "The online application was fast.")],
    PASSIVE: [both("要上传的材料有点多。", "Quite a lot of documents to upload.")],
    DETRACTOR: [both("申请页面经常卡住，只能重新填写。", "The application page kept freezing and I had to start again.")],
  },
};
const LOAN_MEETING: Point = {
  touchpoint: "贷款面签",
  perYear: 360,
  promoters: 0.74,
  detractors: 0.05,
  comments: {
    PROMOTER: [both("客户经理很专业，把每一项费用都讲清楚了。", "The relationship manager was professional and explained every fee."), both("面签时客户经理很耐心。", "The manager was very patient at the signing.")],
    PASSIVE: [both("面签还可以，等了一会儿。", "The signing was okay, a short wait.")],
    DETRACTOR: [both("面签时间被改了两次。", "My signing appointment was moved twice.")],
  },
};
const LOAN_APPROVAL: Point = {
  touchpoint: "贷款审批放款",
  perYear: 360,
  promoters: 0.12,
  detractors: 0.6,
  comments: {
    PROMOTER: [both("放款比预期快。", "The money arrived sooner than expected.")],
    PASSIVE: [both("审批时间一般。", "Approval took an average time.")],
    DETRACTOR: [
      both("审批太慢了，等了三周也没人告诉我进度。", "Approval was far too slow: three weeks and nobody told me where it stood."),
      both("放款一拖再拖，影响了我的购房计划。", "The payout was delayed again and again and upset my house purchase."),
    ],
  },
};

/** A transactional survey answered at several touchpoints (its public link), with a CSAT and two rating drivers. */
async function seedTouchpointSurvey(
  tx: Tx,
  options: SeedJourneysOptions & { name: string; question: Text; drivers: { key: string; text: Text }[]; points: Point[]; seed: number },
): Promise<number> {
  const { organizationId, ownerId, now } = options;
  const rng = seededRandom(options.seed);
  const pick = <T,>(items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T;
  const survey = await tx.survey.create({
    data: {
      organizationId,
      name: options.name,
      kind: "TRANSACTIONAL",
      touchpoint: options.points[0]?.touchpoint ?? null,
      brandName: "示例银行",
      brandNames: { "zh-CN": "示例银行", en: "Demo Bank" },
      status: "ACTIVE",
      publishedAt: new Date(now.getTime() - 370 * DAY),
      createdAt: new Date(now.getTime() - 372 * DAY),
      createdById: ownerId,
    },
  });
  const base = { organizationId, surveyId: survey.id };
  const scaleLabels = { lowLabel: both("很差", "Very poor"), highLabel: both("很好", "Very good") };
  await tx.question.createMany({
    data: [
      { ...base, key: "nps", type: "NPS", position: 0, required: true, text: options.question, settings: { lowLabel: both("完全不可能", "Not at all likely"), highLabel: both("极有可能", "Extremely likely") } },
      { ...base, key: "reason", type: "OPEN_TEXT", position: 1, text: both("您给出这个分数的主要原因是什么？", "What is the main reason for your score?") },
      { ...base, key: "csat_step", type: "CSAT", position: 2, text: both("您对这一步的办理满意吗？", "How satisfied are you with this step?") },
      ...options.drivers.map((d, i) => ({ ...base, key: d.key, type: "RATING" as const, position: 3 + i, text: d.text, settings: scaleLabels })),
    ],
  });
  const questions = await tx.question.findMany({ where: { organizationId, surveyId: survey.id }, orderBy: { position: "asc" } });
  await tx.surveyRevision.create({
    data: { ...base, version: 1, createdById: ownerId, createdAt: new Date(now.getTime() - 370 * DAY), content: options.revisionContent(survey, questions) },
  });
  const link = await tx.surveyLink.create({
    data: { ...base, token: randomBytes(32).toString("base64url"), name: `${options.name} · App`, channel: "LINK", createdById: ownerId, createdAt: new Date(now.getTime() - 370 * DAY) },
  });
  const idOf = new Map(questions.map((q) => [q.key, q.id]));
  const rows: Prisma.ResponseCreateManyInput[] = [];
  const answers: { key: string; question: string; value: Prisma.InputJsonValue }[] = [];
  for (const point of options.points) {
    for (let i = 0; i < point.perYear; i += 1) {
      const key = randomBytes(24).toString("base64url");
      const u = rng();
      const score = u < point.promoters ? 9 + Math.floor(rng() * 2) : u < point.promoters + point.detractors ? Math.floor(rng() * 7) : 7 + Math.floor(rng() * 2);
      const category = classifyScore(score);
      const locale = rng() < 0.85 ? "zh-CN" : "en";
      const comment = rng() < 0.55 ? pick(point.comments[category])[locale] : null;
      const createdAt = new Date(now.getTime() - Math.floor(rng() * 365 * DAY) - 60_000);
      rows.push({ ...base, surveyLinkId: link.id, submissionKey: key, score, category, comment, locale, channel: "LINK", touchpoint: point.touchpoint, completed: true, completedAt: createdAt, createdAt, updatedAt: createdAt });
      answers.push({ key, question: "nps", value: score });
      if (comment) answers.push({ key, question: "reason", value: comment });
      const noise = () => (rng() - 0.5) * 2;
      // The first driver moves the score most, the second less: the stage's top driver is the first.
      answers.push({ key, question: "csat_step", value: Math.max(1, Math.min(5, Math.round(1 + score * 0.32 + noise()))) });
      const [first, second] = options.drivers;
      if (first) answers.push({ key, question: first.key, value: Math.max(1, Math.min(5, Math.round(1 + score * 0.38 + noise() * 0.8))) });
      if (second) answers.push({ key, question: second.key, value: Math.max(1, Math.min(5, Math.round(3 + noise() * 2))) });
    }
  }
  await tx.response.createMany({ data: rows });
  const idByKey = new Map(
    (await tx.response.findMany({ where: { organizationId, surveyId: survey.id }, select: { id: true, submissionKey: true } })).map((r) => [r.submissionKey, r.id]),
  );
  await tx.answer.createMany({
    data: answers.flatMap((a) => {
      const responseId = idByKey.get(a.key);
      const questionId = idOf.get(a.question);
      return responseId && questionId ? [{ organizationId, responseId, questionId, value: a.value }] : [];
    }),
  });
  return rows.length;
}

async function createJourney(tx: Tx, organizationId: string, name: Text, stages: { name: Text; touchpoints: [string, Kind][] }[], createdAt: Date) {
  const journey = await tx.journey.create({ data: { organizationId, nameZh: name["zh-CN"], nameEn: name.en, createdAt }, select: { id: true } });
  for (const [position, stage] of stages.entries()) {
    const created = await tx.journeyStage.create({
      data: { organizationId, journeyId: journey.id, position, nameZh: stage.name["zh-CN"], nameEn: stage.name.en },
      select: { id: true },
    });
    await tx.journeyTouchpoint.createMany({
      data: stage.touchpoints.map(([touchpoint, kind], i) => ({ organizationId, journeyId: journey.id, stageId: created.id, touchpoint, kind, position: i })),
    });
  }
}

/** The demo's journeys and the answers of their stages; returns how many responses were written. */
export async function seedJourneys(tx: Tx, options: SeedJourneysOptions): Promise<number> {
  let responses = await seedTouchpointSurvey(tx, {
    ...options,
    name: "开户预约与激活回访 · Booking and app activation",
    question: both("根据这一步的体验，您有多大可能向朋友或同事推荐示例银行？", "Based on this step, how likely are you to recommend Demo Bank to a friend or colleague?"),
    drivers: [
      { key: "rating_clarity", text: both("请为操作指引的清晰程度打分。", "Please rate how clear the instructions were.") },
      { key: "rating_speed", text: both("请为办理速度打分。", "Please rate the speed.") },
    ],
    points: [BOOKING, ACTIVATION],
    seed: 20261207,
  });
  responses += await seedTouchpointSurvey(tx, {
    ...options,
    name: "贷款申请体验 · Loan application",
    question: both("根据这次贷款申请的体验，您有多大可能向朋友或同事推荐示例银行？", "Based on your loan application, how likely are you to recommend Demo Bank to a friend or colleague?"),
    drivers: [
      { key: "rating_progress", text: both("请为进度告知的及时程度打分。", "Please rate how well we kept you informed of progress.") },
      { key: "rating_documents", text: both("请为所需材料的合理程度打分。", "Please rate how reasonable the paperwork was.") },
    ],
    points: [LOAN_ONLINE, LOAN_MEETING, LOAN_APPROVAL],
    seed: 20261208,
  });
  const at = new Date(options.now.getTime() - 30 * DAY);
  await createJourney(
    tx,
    options.organizationId,
    both("开户", "Account opening"),
    [
      { name: both("预约", "Booking"), touchpoints: [[BOOKING.touchpoint, "DIGITAL"]] },
      { name: both("网点办理", "At the branch"), touchpoints: [[options.branchTouchpoint, "PHYSICAL"]] },
      { name: both("手机银行激活", "App activation"), touchpoints: [[ACTIVATION.touchpoint, "DIGITAL"]] },
    ],
    at,
  );
  await createJourney(
    tx,
    options.organizationId,
    both("贷款申请", "Loan application"),
    [
      { name: both("线上申请", "Online application"), touchpoints: [[LOAN_ONLINE.touchpoint, "DIGITAL"]] },
      { name: both("客户经理面签", "Signing with the manager"), touchpoints: [[LOAN_MEETING.touchpoint, "INTERPERSONAL"]] },
      { name: both("审批放款", "Approval and payout"), touchpoints: [[LOAN_APPROVAL.touchpoint, "DIGITAL"]] },
    ],
    new Date(at.getTime() + 60_000),
  );
  return responses;
}
