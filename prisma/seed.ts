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
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../src/lib/demo-accounts.ts";
import { classifyScore } from "../src/lib/nps.ts";
import { seededRandom } from "../src/lib/random.ts";

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
        created.push({ survey, spec, nps, reason });
      }

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
      type Pending = { token: string; score: number; comment: string | null; reasonId: string; npsId: string };
      const pendingAnswers: Pending[] = [];
      for (const { survey, spec, nps, reason } of created) {
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
            completed: true,
            createdAt: respondedAt,
            updatedAt: respondedAt,
          });
          pendingAnswers.push({ token, score, comment, reasonId: reason.id, npsId: nps.id });
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
      }
      await tx.answer.createMany({ data: answerRows });
      return { organizations: 1, contacts: contacts.length, responses };
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
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
