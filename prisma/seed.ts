/**
 * Demo data (product.md "Demo data"): one organisation, a user per role, a relationship survey and a
 * transactional survey in zh-CN and en, a few hundred contacts with realistic attributes and a year of
 * responses with comments in Chinese and English. Deterministic (seeded random numbers).
 *
 * `npm run db:seed` seeds DATABASE_URL (or the embedded dev database) when it has no organisation yet;
 * `npm run dev` calls seedIfEmpty() on start.
 */
import { randomBytes } from "node:crypto";
import { pathToFileURL } from "node:url";
import { scrypt } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient, type Prisma } from "../src/generated/prisma/client.ts";
import { COMMON_ATTRIBUTE_LABELS } from "../src/lib/attribute-defaults.ts";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../src/lib/demo-accounts.ts";
import { classifyScore } from "../src/lib/nps.ts";
import { seededRandom } from "../src/lib/random.ts";
import { seedAccountability } from "./seed-accountability.ts";
import { seedClosedLoop } from "./seed-closed-loop.ts";
import { seedOutcomes } from "./seed-outcomes.ts";
import { seedJourneys } from "./seed-journeys.ts";

export { DEMO_ACCOUNTS, DEMO_PASSWORD };

/** Same format as src/server/auth/password.ts (which is server-only and cannot be imported here). */
async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const N = 2 ** 15;
  const key = await new Promise<Buffer>((resolve, reject) =>
    scrypt(password.normalize("NFKC"), salt, 64, { N, r: 8, p: 1, maxmem: 256 * 1024 * 1024 }, (e, k) =>
      e ? reject(e) : resolve(k),
    ),
  );
  return ["scrypt", N, 8, 1, salt.toString("base64"), key.toString("base64")].join("$");
}

/**
 * Driver ratings with a known structure for the key drivers page: staff service (CSAT) matters and is rated
 * well, waiting time matters and is rated poorly (the priority fix), the mobile app hardly moves the score.
 * About one in ten skips a rating (not a complete case).
 */
function demoDriverAnswers(
  rng: { next: () => number },
  score: number,
  drivers: { staff: { id: string }; waiting: { id: string }; app: { id: string } },
): { questionId: string; value: number }[] {
  const s = (score - 7) / 2.5;
  const noise = () => (rng.next() + rng.next() + rng.next() - 1.5) * 1.4;
  const rate = (centre: number, slope: number) => Math.max(1, Math.min(5, Math.round(centre + slope * s + noise())));
  return [
    { questionId: drivers.staff.id, value: rate(4, 0.7) },
    { questionId: drivers.waiting.id, value: rate(2.6, 0.8) },
    { questionId: drivers.app.id, value: rate(3.4, 0.1) },
  ].filter(() => rng.next() > 0.035);
}

function random(seed: number) {
  const next = seededRandom(seed);
  const pick = <T,>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  return { next, pick };
}

const REGIONS = {
  华东: ["上海陆家嘴支行", "杭州西湖支行", "南京新街口支行"],
  华北: ["北京国贸支行", "天津和平支行"],
  华南: ["广州天河支行", "深圳福田支行"],
  西南: ["成都春熙路支行", "重庆解放碑支行"],
} as const;
const TIERS = ["普通", "金卡", "白金", "私人银行"] as const;
const PRODUCTS = ["借记卡", "信用卡", "理财", "房贷", "手机银行"] as const;
const SURNAMES = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林"];
const GIVEN = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "婷", "宇轩", "子涵", "浩然"];
const EN_FIRST = ["Emily", "James", "Olivia", "Daniel", "Sophie", "Michael", "Grace", "David", "Chloe", "Ryan"];
const EN_LAST = ["Smith", "Brown", "Taylor", "Wilson", "Clark", "Walker", "Hall", "Young"];
const PINYIN = ["wang", "li", "zhang", "liu", "chen", "yang", "huang", "zhao", "wu", "zhou", "xu", "sun", "ma", "zhu", "hu", "guo", "he", "lin"];

const COMMENTS = {
  "zh-CN": {
    PROMOTER: [
      "柜员非常专业，办理业务很快。",
      "手机银行好用，转账方便。",
      "理财经理很耐心，解释得很清楚。",
      "网点环境好，排队时间短。",
      "服务态度一流，会推荐给家人。",
    ],
    PASSIVE: [
      "总体还可以，就是排队有点久。",
      "App 功能齐全，但有时候比较卡。",
      "服务不错，手续费偏高。",
      "还行吧，没有特别的感受。",
    ],
    DETRACTOR: [
      "排队一个多小时，效率太低。",
      "信用卡额度调整太麻烦，打了三次电话。",
      "手机银行经常登录失败。",
      "理财产品风险没讲清楚，很失望。",
      "客服电话一直打不通。",
      // Queues are what a bank's detractors complain about most (issue 14's "What customers say" shows it first).
      "网点只开了一个窗口，排队等了四十分钟。",
      "周末去网点人太多，排了很久的队。",
      "取号后等了一个多小时才轮到我，太浪费时间。",
    ],
  },
  en: {
    PROMOTER: [
      "The staff were friendly and sorted everything in one visit.",
      "Great mobile app, transfers are instant.",
      "My relationship manager really knows her stuff.",
    ],
    PASSIVE: ["Fine overall, but the fees are a bit high.", "Decent service, the wait was long though."],
    DETRACTOR: [
      "Waited over an hour and nobody explained why.",
      "The app keeps logging me out.",
      "Hidden fees on my account, very disappointing.",
      "The queue at the branch was ridiculous, only one counter open.",
    ],
  },
} as const;

/** Score model: a base mean that varies by region, tier and a slow trend over the year. */
function drawScore(rng: ReturnType<typeof random>, region: string, tier: string, monthsAgo: number): number {
  const regionShift: Record<string, number> = { 华东: 0.5, 华北: 0, 华南: 0.3, 西南: -0.8 };
  const tierShift: Record<string, number> = { 普通: -0.4, 金卡: 0, 白金: 0.4, 私人银行: 0.8 };
  const mean = 7.4 + (regionShift[region] ?? 0) + (tierShift[tier] ?? 0) + (12 - monthsAgo) * 0.04;
  // Sum of uniforms ≈ normal; scores cluster like real NPS data (heavy at 8–10, long tail down).
  const noise = (rng.next() + rng.next() + rng.next() - 1.5) * 3.2;
  const skew = rng.next() < 0.08 ? -4 : 0;
  return Math.max(0, Math.min(10, Math.round(mean + noise + skew)));
}

export type SeedSummary = { organizations: number; contacts: number; responses: number };

export async function seedDemo(db: PrismaClient): Promise<SeedSummary> {
  const rng = random(20260601);
  // Its own generator, so the key driver answers leave every other seeded figure as it was.
  const driverRng = random(20261206);
  const now = Date.now();
  const day = 24 * 60 * 60 * 1000;
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  return db.$transaction(
    async (tx) => {
      const org = await tx.organization.create({
        data: { name: "示例银行 Demo Bank", slug: "demo-bank", defaultLocale: "zh-CN", timeZone: "Asia/Shanghai" },
      });
      for (const account of DEMO_ACCOUNTS) {
        const user = await tx.user.upsert({
          where: { email: account.email },
          update: {},
          create: { email: account.email, name: account.name, passwordHash, locale: "zh-CN" },
        });
        await tx.membership.create({ data: { organizationId: org.id, userId: user.id, role: account.role } });
      }
      const owner = await tx.user.findUniqueOrThrow({ where: { email: DEMO_ACCOUNTS[0].email } });

      const npsText = (zh: string, en: string) => ({ "zh-CN": zh, en });
      const surveys = [
        {
          name: "2026 客户关系 NPS · Relationship NPS",
          kind: "RELATIONSHIP" as const,
          touchpoint: null,
          question: npsText("您有多大可能向朋友或同事推荐示例银行？", "How likely are you to recommend Demo Bank to a friend or colleague?"),
          share: 0.6,
        },
        {
          name: "开户体验 · Account opening",
          kind: "TRANSACTIONAL" as const,
          touchpoint: "开户",
          question: npsText(
            "根据这次开户的体验，您有多大可能向朋友或同事推荐示例银行？",
            "Based on opening your account, how likely are you to recommend Demo Bank to a friend or colleague?",
          ),
          share: 0.4,
        },
      ];
      const created = [];
      for (const spec of surveys) {
        const survey = await tx.survey.create({
          data: {
            organizationId: org.id,
            name: spec.name,
            kind: spec.kind,
            touchpoint: spec.touchpoint,
            brandName: "示例银行",
            // The brand in each language's "{brand}" (src/lib/brand.ts): English readers see "Demo Bank".
            brandNames: { "zh-CN": "示例银行", en: "Demo Bank" },
            status: "ACTIVE",
            publishedAt: new Date(now - 370 * day),
            createdAt: new Date(now - 372 * day),
            createdById: owner.id,
          },
        });
        const nps = await tx.question.create({
          data: {
            organizationId: org.id,
            surveyId: survey.id,
            key: "nps",
            type: "NPS",
            position: 0,
            required: true,
            text: spec.question,
            settings: {
              lowLabel: npsText("完全不可能", "Not at all likely"),
              highLabel: npsText("极有可能", "Extremely likely"),
            },
          },
        });
        const reason = await tx.question.create({
          data: {
            organizationId: org.id,
            surveyId: survey.id,
            key: "reason",
            type: "OPEN_TEXT",
            position: 1,
            text: npsText("您给出这个分数的主要原因是什么？", "What is the main reason for your score?"),
          },
        });
        const drivers =
          spec.kind === "TRANSACTIONAL"
            ? {
                ces: await tx.question.create({
                  data: {
                    organizationId: org.id,
                    surveyId: survey.id,
                    key: "ces_ease",
                    type: "CES",
                    position: 2,
                    required: true,
                    text: npsText("示例银行让开户变得很轻松。", "Demo Bank made opening my account easy."),
                  },
                }),
                // Key drivers (docs: the drivers page): staff and waiting time move the score, the app barely does.
                staff: await tx.question.create({
                  data: {
                    organizationId: org.id,
                    surveyId: survey.id,
                    key: "csat_staff",
                    type: "CSAT",
                    position: 4,
                    text: npsText("您对柜员和客户经理的服务满意吗？", "How satisfied are you with our tellers and relationship managers?"),
                  },
                }),
                waiting: await tx.question.create({
                  data: {
                    organizationId: org.id,
                    surveyId: survey.id,
                    key: "rating_waiting",
                    type: "RATING",
                    position: 5,
                    text: npsText("请为排队等候时间打分。", "Please rate the waiting time."),
                    settings: { lowLabel: npsText("很差", "Very poor"), highLabel: npsText("很好", "Very good") },
                  },
                }),
                app: await tx.question.create({
                  data: {
                    organizationId: org.id,
                    surveyId: survey.id,
                    key: "rating_app",
                    type: "RATING",
                    position: 6,
                    text: npsText("请为手机银行 App 打分。", "Please rate the mobile banking app."),
                    settings: { lowLabel: npsText("很差", "Very poor"), highLabel: npsText("很好", "Very good") },
                  },
                }),
                where: await tx.question.create({
                  data: {
                    organizationId: org.id,
                    surveyId: survey.id,
                    key: "opened_via",
                    type: "SINGLE_CHOICE",
                    position: 3,
                    text: npsText("您是通过什么方式开户的？", "How did you open your account?"),
                    settings: {
                      options: [
                        { key: "branch", label: npsText("网点柜台", "At a branch") },
                        { key: "app", label: npsText("手机银行 App", "Mobile app") },
                        { key: "video", label: npsText("远程视频", "Video call") },
                      ],
                    },
                  },
                }),
              }
            : null;
        const questions = await tx.question.findMany({ where: { surveyId: survey.id }, orderBy: { position: "asc" } });
        await tx.surveyRevision.create({
          data: {
            organizationId: org.id,
            surveyId: survey.id,
            version: 1,
            createdById: owner.id,
            createdAt: new Date(now - 370 * day),
            content: revisionContent(survey, questions),
          },
        });
        created.push({ survey, spec, nps, reason, drivers });
      }

      // The demo's attributes as analysis dimensions with names in both languages (docs/decisions/0010), defined
      // before any response is written (aggregates count the dimensions defined at write time).
      const dimensions: { key: keyof typeof COMMON_ATTRIBUTE_LABELS; kind?: "NUMBER"; bands?: number[] }[] = [
        { key: "region" },
        { key: "branch" },
        { key: "tier" },
        { key: "product" },
        { key: "tenure", kind: "NUMBER", bands: [1, 3, 5, 10] },
      ];
      await tx.attributeDefinition.createMany({
        data: dimensions.map((d, position) => {
          const labels = COMMON_ATTRIBUTE_LABELS[d.key] ?? { labelZh: d.key, labelEn: d.key };
          return { organizationId: org.id, key: d.key, ...labels, kind: d.kind ?? "CATEGORY", role: "DIMENSION", position, ...(d.bands ? { bands: d.bands } : {}) };
        }),
      });
      // A combined analysis (docs/decisions/0027): tier × product narrowed, grouped by branch, from aggregate rows.
      await tx.aggregateCombination.create({ data: { organizationId: org.id, keys: ["branch", "product", "tier"] } });

      // Contacts
      const contactRows: Prisma.ContactCreateManyInput[] = [];
      for (let i = 0; i < 400; i += 1) {
        const region = rng.pick(Object.keys(REGIONS) as (keyof typeof REGIONS)[]);
        const english = rng.next() < 0.15;
        const surnameIndex = Math.floor(rng.next() * SURNAMES.length);
        const name = english
          ? `${rng.pick(EN_FIRST)} ${rng.pick(EN_LAST)}`
          : `${SURNAMES[surnameIndex]}${rng.pick(GIVEN)}`;
        const local = english ? name.toLowerCase().replace(" ", ".") : `${PINYIN[surnameIndex]}${i}`;
        contactRows.push({
          organizationId: org.id,
          email: `${local}.${i}@example.com`,
          name,
          locale: english ? "en" : "zh-CN",
          externalId: `CRM-${String(100000 + i)}`,
          attributes: {
            region,
            branch: rng.pick(REGIONS[region]),
            tier: rng.pick(TIERS),
            product: rng.pick(PRODUCTS),
            tenure: Math.floor(rng.next() * 15) + 1,
          },
          createdAt: new Date(now - (380 + Math.floor(rng.next() * 400)) * day),
        });
      }
      await tx.contact.createMany({ data: contactRows });
      const contacts = await tx.contact.findMany({ where: { organizationId: org.id }, orderBy: { externalId: "asc" } });

      // A year of invitations, about 40 % answered.
      let responses = 0;
      const invitationRows: Prisma.InvitationCreateManyInput[] = [];
      const responseRows: Prisma.ResponseCreateManyInput[] = [];
      type Pending = {
        token: string;
        score: number;
        comment: string | null;
        reasonId: string;
        npsId: string;
        drivers: { questionId: string; value: Prisma.InputJsonValue }[];
      };
      const pendingAnswers: Pending[] = [];
      for (const { survey, spec, nps, reason, drivers } of created) {
        const count = Math.round(3000 * spec.share);
        for (let i = 0; i < count; i += 1) {
          const contact = rng.pick(contacts);
          const attributes = contact.attributes as { region: string; tier: string };
          const daysAgo = Math.floor(rng.next() * 365);
          const sentAt = new Date(now - daysAgo * day - Math.floor(rng.next() * day));
          const token = randomBytes(32).toString("base64url");
          const answered = rng.next() < 0.4;
          const respondedAt = answered ? new Date(Math.min(now - 60_000, sentAt.getTime() + rng.next() * 3 * day)) : null;
          invitationRows.push({
            organizationId: org.id,
            surveyId: survey.id,
            contactId: contact.id,
            token,
            channel: "EMAIL",
            createdAt: sentAt,
            sentAt,
            openedAt: answered || rng.next() < 0.3 ? sentAt : null,
            respondedAt,
          });
          if (!answered || !respondedAt) continue;
          const score = drawScore(rng, attributes.region, attributes.tier, daysAgo / 30);
          const category = classifyScore(score);
          const locale = contact.locale === "en" ? "en" : "zh-CN";
          const comment = rng.next() < 0.6 ? rng.pick(COMMENTS[locale][category]) : null;
          // Transactional answers go on to the driver questions; about one in seven leaves after the score.
          const completed = !drivers || rng.next() > 0.15;
          const consent = rng.next() < 0.35;
          const driverAnswers =
            drivers && completed
              ? [
                  { questionId: drivers.ces.id, value: Math.max(1, Math.min(7, Math.round(score * 0.25 + 3.2 + (rng.next() - 0.5) * 4))) },
                  ...(rng.next() < 0.8 ? [{ questionId: drivers.where.id, value: rng.pick(["branch", "branch", "app", "app", "app", "video"]) }] : []),
                  ...demoDriverAnswers(driverRng, score, drivers),
                ]
              : [];
          responseRows.push({
            organizationId: org.id,
            surveyId: survey.id,
            contactId: contact.id,
            invitationId: token, // replaced with the invitation id below
            score,
            category,
            comment,
            locale,
            channel: "EMAIL",
            touchpoint: survey.touchpoint,
            attributes: contact.attributes as Prisma.InputJsonObject,
            completed,
            completedAt: completed ? respondedAt : null,
            // About a third agree to be contacted; some promoters and passives already got their message.
            contactConsent: consent,
            loopMessageSentAt: consent && category !== "DETRACTOR" && rng.next() < 0.4 ? respondedAt : null,
            createdAt: respondedAt,
            updatedAt: respondedAt,
          });
          pendingAnswers.push({ token, score, comment, reasonId: reason.id, npsId: nps.id, drivers: driverAnswers });
          responses += 1;
        }
      }
      await tx.invitation.createMany({ data: invitationRows });
      const idByToken = new Map(
        (await tx.invitation.findMany({ where: { organizationId: org.id }, select: { id: true, token: true } })).map(
          (row) => [row.token, row.id],
        ),
      );
      for (const row of responseRows) row.invitationId = idByToken.get(row.invitationId as string) ?? null;
      await tx.response.createMany({ data: responseRows });
      const responseIdByInvitation = new Map(
        (
          await tx.response.findMany({ where: { organizationId: org.id }, select: { id: true, invitationId: true } })
        ).map((row) => [row.invitationId, row.id]),
      );
      const answerRows: Prisma.AnswerCreateManyInput[] = [];
      for (const pending of pendingAnswers) {
        const responseId = responseIdByInvitation.get(idByToken.get(pending.token) ?? null);
        if (!responseId) continue;
        answerRows.push({ organizationId: org.id, responseId, questionId: pending.npsId, value: pending.score });
        if (pending.comment) {
          answerRows.push({ organizationId: org.id, responseId, questionId: pending.reasonId, value: pending.comment });
        }
        for (const driver of pending.drivers) answerRows.push({ organizationId: org.id, responseId, ...driver });
      }
      await tx.answer.createMany({ data: answerRows });
      responses += await seedServiceQualitySurvey(tx, { organizationId: org.id, ownerId: owner.id, rng, now, day });
      await seedAccountability(tx, { organizationId: org.id, ownerId: owner.id, now: new Date(now) });
      await seedClosedLoop(tx, { organizationId: org.id, ownerId: owner.id, now: new Date(now) });
      await seedOutcomes(tx, { organizationId: org.id, surveyId: created[0]!.survey.id, now: new Date(now) });
      // After the loop and outcomes seeds, so their figures stay as they were; before the aggregates are rebuilt.
      responses += await seedJourneys(tx, { organizationId: org.id, ownerId: owner.id, now: new Date(now), branchTouchpoint: "开户", revisionContent });
      // Responses were written straight into the table: make the dashboard's aggregates exact (docs/decisions/0011).
      await tx.$executeRaw`SELECT rebuild_response_aggregates(${org.id}::uuid)`;
      // ... and the validation report's follow-ups of the answers from the seeded behaviour events (docs/decisions/0028).
      await tx.$executeRaw`SELECT rebuild_outcome_follow_ups(${org.id}::uuid)`;
      return { organizations: 1, contacts: contacts.length, responses };
    },
    // Generous: on a loaded machine (CI with parallel builds) the seed has taken over two minutes.
    { timeout: 600_000, maxWait: 10_000 },
  );
}

type QuestionRow = { key: string; type: string; required: boolean; text: Prisma.JsonValue; settings: Prisma.JsonValue };

/** The content a published survey's first SurveyRevision records (same shape as src/schemas/survey-content.ts). */
function revisionContent(
  survey: { name: string; brandName: string; brandNames: Prisma.JsonValue; kind: string; touchpoint: string | null; defaultLocale: string; followUpEnabled: boolean },
  questions: QuestionRow[],
): Prisma.InputJsonObject {
  return {
    name: survey.name,
    brandName: survey.brandName,
    brandNames: survey.brandNames as Prisma.InputJsonValue,
    kind: survey.kind,
    touchpoint: survey.touchpoint,
    defaultLocale: survey.defaultLocale,
    followUpEnabled: survey.followUpEnabled,
    thankYou: { promoterAsk: {} },
    questions: questions.map((q) => ({ key: q.key, type: q.type, required: q.required, text: q.text, settings: q.settings }) as Prisma.InputJsonObject),
  };
}

const SERVQUAL_ITEMS = [
  { dimension: "reliability", zh: "示例银行第一次就能把业务办对。", en: "Demo Bank gets things right the first time.", gap: -1.1 },
  { dimension: "responsiveness", zh: "示例银行的员工能及时为您办理业务。", en: "Demo Bank's staff serve you promptly.", gap: -1.6 },
  { dimension: "assurance", zh: "在示例银行办理业务让您感到放心。", en: "You feel safe in your transactions with Demo Bank.", gap: -0.4 },
  { dimension: "empathy", zh: "示例银行会给予您个性化的关注。", en: "Demo Bank gives you individual attention.", gap: -0.9 },
  { dimension: "tangibles", zh: "示例银行的网点和 App 看起来现代、清晰。", en: "Demo Bank's branches and app look modern and clear.", gap: 0.2 },
] as const;

const KANO_FEATURES = [
  {
    key: "kano_face_login",
    zh: "手机银行刷脸登录",
    en: "Face login in the mobile app",
    f: npsPair("如果手机银行支持刷脸登录，您感觉如何？", "If the app offers face login, how do you feel?"),
    d: npsPair("如果手机银行不支持刷脸登录，您感觉如何？", "If the app does not offer face login, how do you feel?"),
    // functional / dysfunctional answer weights: mostly attractive
    functional: ["like", "like", "like", "must-be", "neutral"],
    dysfunctional: ["neutral", "neutral", "live-with", "neutral", "dislike"],
  },
  {
    key: "kano_instant_alerts",
    zh: "每笔账户变动即时提醒",
    en: "Instant alerts for every account movement",
    f: npsPair("如果每笔账户变动都即时提醒您，您感觉如何？", "If you get an instant alert for every account movement, how do you feel?"),
    d: npsPair("如果没有即时提醒，您感觉如何？", "If you do not get instant alerts, how do you feel?"),
    // mostly must-be
    functional: ["must-be", "must-be", "neutral", "like", "must-be"],
    dysfunctional: ["dislike", "dislike", "dislike", "live-with", "dislike"],
  },
] as const;

function npsPair(zh: string, en: string) {
  return { "zh-CN": zh, en };
}

/**
 * A third demo survey answered anonymously through a QR code at a branch counter: the NPS question, its
 * follow-up, a SERVQUAL battery (one item per dimension) and two Kano pairs, so the instrument results
 * have something true to show.
 */
async function seedServiceQualitySurvey(
  tx: Prisma.TransactionClient,
  options: { organizationId: string; ownerId: string; rng: ReturnType<typeof random>; now: number; day: number },
): Promise<number> {
  const { organizationId, ownerId, rng, now, day } = options;
  const survey = await tx.survey.create({
    data: {
      organizationId,
      name: "服务质量调研 · Service quality (SERVQUAL · Kano)",
      kind: "RELATIONSHIP",
      brandName: "示例银行",
      status: "ACTIVE",
      publishedAt: new Date(now - 95 * day),
      createdAt: new Date(now - 96 * day),
      createdById: ownerId,
      thankYou: { promoterAsk: npsPair("愿意在应用商店给我们写条评价吗？", "Would you leave us a review in the app store?"), promoterUrl: "https://example.com/review" },
    },
  });
  const base = { organizationId, surveyId: survey.id };
  const questionRows: Prisma.QuestionCreateManyInput[] = [
    {
      ...base,
      key: "nps",
      type: "NPS",
      position: 0,
      required: true,
      text: npsPair("您有多大可能向朋友或同事推荐{brand}？", "How likely are you to recommend {brand} to a friend or colleague?"),
      settings: { lowLabel: npsPair("完全不可能", "Not at all likely"), highLabel: npsPair("极有可能", "Extremely likely") },
    },
    {
      ...base,
      key: "reason",
      type: "OPEN_TEXT",
      position: 1,
      text: npsPair("您给出这个分数的主要原因是什么？", "What is the main reason for your score?"),
      settings: { byCategory: { PROMOTER: npsPair("您最喜欢我们的哪一点？", "What do you like most about us?"), PASSIVE: {}, DETRACTOR: npsPair("我们哪里做得不好？", "Where did we fall short?") } },
    },
    ...SERVQUAL_ITEMS.map((item, i) => ({
      ...base,
      key: `sq_${item.dimension}`,
      type: "SERVQUAL" as const,
      position: 2 + i,
      text: npsPair(item.zh, item.en),
      settings: { dimension: item.dimension, scale: 7 },
    })),
    ...KANO_FEATURES.map((feature, i) => ({
      ...base,
      key: feature.key,
      type: "KANO" as const,
      position: 2 + SERVQUAL_ITEMS.length + i,
      text: npsPair(feature.zh, feature.en),
      settings: { functional: feature.f, dysfunctional: feature.d },
    })),
  ];
  await tx.question.createMany({ data: questionRows });
  const questions = await tx.question.findMany({ where: { surveyId: survey.id }, orderBy: { position: "asc" } });
  await tx.surveyRevision.create({
    data: { ...base, version: 1, createdById: ownerId, createdAt: new Date(now - 95 * day), content: revisionContent(survey, questions) },
  });
  const link = await tx.surveyLink.create({
    data: {
      ...base,
      token: randomBytes(32).toString("base64url"),
      name: "上海陆家嘴支行柜台二维码 · Lujiazui counter QR",
      channel: "QR",
      attributeKey: "branch",
      attributeValue: "上海陆家嘴支行",
      createdById: ownerId,
      createdAt: new Date(now - 95 * day),
    },
  });
  const idOf = new Map(questions.map((q) => [q.key, q.id]));
  const responseRows: Prisma.ResponseCreateManyInput[] = [];
  const answers: { key: string; question: string; value: Prisma.InputJsonValue }[] = [];
  const n = 160;
  for (let i = 0; i < n; i += 1) {
    const key = randomBytes(32).toString("base64url");
    const createdAt = new Date(now - Math.floor(rng.next() * 90 * day) - 60_000);
    const score = Math.max(0, Math.min(10, Math.round(7.4 + (rng.next() + rng.next() + rng.next() - 1.5) * 4)));
    const category = classifyScore(score);
    const locale = rng.next() < 0.85 ? "zh-CN" : "en";
    const comment = rng.next() < 0.4 ? rng.pick(COMMENTS[locale][category]) : null;
    responseRows.push({
      ...base,
      surveyLinkId: link.id,
      submissionKey: key,
      score,
      category,
      comment,
      locale,
      channel: "QR",
      attributes: { branch: "上海陆家嘴支行", region: "华东" },
      completed: true,
      completedAt: createdAt,
      createdAt,
      updatedAt: createdAt,
    });
    answers.push({ key, question: "nps", value: score });
    if (comment) answers.push({ key, question: "reason", value: comment });
    for (const item of SERVQUAL_ITEMS) {
      const expectation = Math.max(4, Math.min(7, Math.round(6.2 + (rng.next() - 0.5) * 2)));
      const perception = Math.max(1, Math.min(7, Math.round(expectation + item.gap + (score - 7) * 0.25 + (rng.next() - 0.5) * 2)));
      answers.push({ key, question: `sq_${item.dimension}`, value: { expectation, perception } });
    }
    for (const feature of KANO_FEATURES) {
      if (rng.next() < 0.1) continue;
      answers.push({ key, question: feature.key, value: { functional: rng.pick(feature.functional), dysfunctional: rng.pick(feature.dysfunctional) } });
    }
  }
  await tx.response.createMany({ data: responseRows });
  const responseIdByKey = new Map(
    (await tx.response.findMany({ where: { organizationId, surveyId: survey.id }, select: { id: true, submissionKey: true } })).map((r) => [r.submissionKey, r.id]),
  );
  await tx.answer.createMany({
    data: answers.flatMap((a) => {
      const responseId = responseIdByKey.get(a.key);
      const questionId = idOf.get(a.question);
      return responseId && questionId ? [{ organizationId, responseId, questionId, value: a.value }] : [];
    }),
  });
  return n;
}

/** Seeds the demo organisation when the database has no organisation at all. */
export async function seedIfEmpty(databaseUrl: string): Promise<SeedSummary | null> {
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
  try {
    if ((await db.organization.count()) > 0) return null;
    return await seedDemo(db);
  } finally {
    await db.$disconnect();
  }
}

export function printDemoLogins(log: (line: string) => void = console.log): void {
  log("Demo sign-ins (password for all: " + DEMO_PASSWORD + "):");
  for (const account of DEMO_ACCOUNTS) log(`  ${account.role.padEnd(8)} ${account.email}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { resolveDatabase } = await import("../scripts/lib/database.ts");
  const { applyMigrations } = await import("../scripts/lib/migrations.ts");
  const database = await resolveDatabase();
  try {
    await applyMigrations(database.url, { log: console.log });
    const summary = await seedIfEmpty(database.url);
    console.log(summary ? `seeded: ${JSON.stringify(summary)}` : "the database already has data; nothing seeded");
    printDemoLogins();
  } finally {
    await database.stop();
  }
}
