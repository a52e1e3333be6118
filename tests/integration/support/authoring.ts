import { NextRequest } from "next/server";
import { Prisma } from "@/generated/prisma/client";
import { withPending } from "@/server/analytics/pending-responses";
import type { Viewer } from "@/server/auth/session";
import type { RoleName } from "@/lib/roles";
import type { SurveyContent, SurveyContentInput, SurveyQuestionInput } from "@/schemas/survey-content";
import { db } from "@/server/db";
import { createInvitation } from "@/server/distribution/create-invitation";
import { generateToken } from "@/server/distribution/token";
import { createSurvey } from "@/server/surveys/create-survey";
import { getSurveyContent } from "@/server/surveys/get-survey-content";
import { setSurveyStatus } from "@/server/surveys/set-survey-status";
import { updateSurveyContent } from "@/server/surveys/update-survey-content";

export const ORIGIN = "http://localhost:3000";

export const both = (zh: string, en: string) => ({ "zh-CN": zh, en });

export const CHOICES = [
  { key: "speed", label: both("速度", "Speed") },
  { key: "staff", label: both("员工", "Staff") },
  { key: "price", label: both("价格", "Price") },
];

/** One driver question of every type; `rating` is the one required question. */
export const DRIVERS: SurveyQuestionInput[] = [
  { key: "rating", type: "RATING", required: true, text: both("柜台服务评分", "Rate the counter service"), settings: { lowLabel: both("很差", "Poor"), highLabel: both("很好", "Excellent") } },
  { key: "csat", type: "CSAT", text: both("您对本次服务满意吗？", "How satisfied were you?") },
  { key: "ces", type: "CES", text: both("办理业务是否省力？", "How easy was it?") },
  { key: "channel", type: "SINGLE_CHOICE", text: both("您通过哪个渠道办理？", "Which channel did you use?"), settings: { options: CHOICES } },
  { key: "liked", type: "MULTIPLE_CHOICE", text: both("您喜欢哪些方面？", "What did you like?"), settings: { options: CHOICES } },
  { key: "more", type: "OPEN_TEXT", text: both("还有什么想说的？", "Anything else?") },
  { key: "sq_rel", type: "SERVQUAL", text: both("{brand}第一次就把服务做好", "{brand} does it right the first time"), settings: { dimension: "reliability" } },
  { key: "kano_login", type: "KANO", text: both("指纹登录", "Fingerprint login"), settings: { functional: both("如果有指纹登录，您觉得？", "If there is fingerprint login?"), dysfunctional: both("如果没有指纹登录，您觉得？", "If there is no fingerprint login?") } },
];

/** A valid, complete step-2 form for DRIVERS. */
export const GOOD_DRIVER_FORM: Record<string, string | string[]> = {
  q_rating: "4",
  q_csat: "5",
  q_ces: "6",
  q_channel: "staff",
  q_liked: ["price", "speed"],
  q_more: "  柜台很快，谢谢！  ",
  q_sq_rel_e: "7",
  q_sq_rel_p: "5",
  q_kano_login_f: "like",
  q_kano_login_d: "dislike",
};

/** The stored Answer.value per question key for GOOD_DRIVER_FORM. */
export const GOOD_DRIVER_VALUES: Record<string, unknown> = {
  rating: 4,
  csat: 5,
  ces: 6,
  channel: "staff",
  liked: ["speed", "price"],
  more: "柜台很快，谢谢！",
  sq_rel: { expectation: 7, perception: 5 },
  kano_login: { functional: "like", dysfunctional: "dislike" },
};

export function reader(fields: Record<string, string | string[]>): (name: string) => string[] {
  return (name) => {
    const value = fields[name];
    return value === undefined ? [] : Array.isArray(value) ? value : [value];
  };
}

export function formBody(fields: Record<string, string | string[] | undefined>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) params.append(name, v);
  }
  return params.toString();
}

/** A user to be the author of revisions (SurveyRevision.createdById is a foreign key). */
export async function createUser(prefix: string) {
  return db.user.create({ data: { email: `${prefix}-${generateToken().toLowerCase()}@example.com`, name: prefix, passwordHash: "x" } });
}

export function viewerFor(organizationId: string, userId: string, role: RoleName): Viewer {
  return {
    userId,
    name: "Tester",
    email: "tester@example.com",
    locale: "en",
    organizationId,
    organizationName: "Org",
    role,
    minN: 30,
    suppressN: 5,
    timeZone: "Asia/Shanghai",
  };
}

/** The survey's content as the builder reads it, as an input to edit. */
export async function contentOf(organizationId: string, surveyId: string): Promise<SurveyContent> {
  return (await getSurveyContent({ organizationId, surveyId })).content;
}

/**
 * A published survey built the way the builder does: a draft from the standard template, its content
 * saved with `drivers` added (and the given settings), then published.
 */
export async function createPublishedSurvey(options: {
  organizationId: string;
  userId?: string | null;
  drivers?: SurveyQuestionInput[];
  overrides?: Partial<SurveyContentInput>;
  name?: string;
  publish?: boolean;
}): Promise<string> {
  const { organizationId, userId = null, drivers = DRIVERS, overrides = {}, publish = true } = options;
  const survey = await createSurvey({
    organizationId,
    userId,
    draft: true,
    input: { name: options.name ?? "Driver survey", brandName: "浦发演示银行", kind: "TRANSACTIONAL", touchpoint: "开户" },
  });
  const base = await contentOf(organizationId, survey.id);
  await updateSurveyContent({
    organizationId,
    surveyId: survey.id,
    userId,
    input: { ...base, ...overrides, questions: [...base.questions, ...drivers] },
  });
  if (publish) await setSurveyStatus({ organizationId, surveyId: survey.id, userId, transition: "publish" });
  return survey.id;
}

export async function invite(organizationId: string, surveyId: string, locale: "zh-CN" | "en" = "zh-CN") {
  const { invitation, contact } = await createInvitation({
    organizationId,
    surveyId,
    contact: { email: `steps-${generateToken().toLowerCase()}@example.com`, locale, attributes: { tier: "gold" } },
  });
  return { token: invitation.token, invitation, contact };
}

export async function createLink(organizationId: string, surveyId: string, overrides: { disabledAt?: Date | null } = {}) {
  return db.surveyLink.create({
    data: {
      organizationId,
      surveyId,
      token: generateToken(),
      name: "浦东支行柜台",
      channel: "QR",
      attributeKey: "branch",
      attributeValue: "浦东支行",
      disabledAt: overrides.disabledAt ?? null,
    },
  });
}

export function pageRequest(token: string, query = "", headers: Record<string, string> = {}) {
  return new NextRequest(`${ORIGIN}/s/${encodeURIComponent(token)}${query}`, { headers });
}

export function answerRequest(token: string, fields: Record<string, string | string[] | undefined>, headers: Record<string, string> = {}) {
  return new NextRequest(`${ORIGIN}/s/${encodeURIComponent(token)}/answer`, {
    method: "POST",
    body: formBody(fields),
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
  });
}

/** A survey's counted scores in the dashboard's aggregates (all-responses rows, daily and monthly): n and the histogram. */
export async function rollupTotals(surveyId: string): Promise<{ daily: { n: number; h: number[] }; monthly: { n: number; h: number[] } }> {
  const { organizationId } = await db.survey.findFirstOrThrow({ where: { id: surveyId }, select: { organizationId: true } });
  const sum = async (grain: "D" | "M") => {
    // As every reader reads it: with the responses still pending their fold (docs/decisions/0034).
    const rows = await db.$queryRaw<Record<string, bigint | number | null>[]>`
      SELECT coalesce(sum(n),0)::int AS n, ${Prisma.raw(Array.from({ length: 11 }, (_, i) => `coalesce(sum(h${i}),0)::int AS h${i}`).join(", "))}
      FROM ${withPending("ResponseAggregate", organizationId)} a
      WHERE "organizationId" = ${organizationId}::uuid AND "surveyId" = ${surveyId}::uuid AND "grain" = ${grain} AND "dimension" = '' AND "scope" = ''`;
    const row = rows[0] ?? {};
    return { n: Number(row.n ?? 0), h: Array.from({ length: 11 }, (_, i) => Number(row[`h${i}`] ?? 0)) };
  };
  return { daily: await sum("D"), monthly: await sum("M") };
}
