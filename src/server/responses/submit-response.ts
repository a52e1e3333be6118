import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { pickLocale } from "@/i18n/locales";
import { AppError } from "@/lib/errors";
import { classifyScore, type NpsCategory } from "@/lib/nps";
import { driverQuestions } from "@/lib/survey-content";
import { submitResponseSchema, tokenSchema } from "@/schemas/response";
import { FOLLOW_UP_KEY, NPS_KEY } from "@/schemas/survey-content";
import { openCaseForResponse } from "@/server/cases/open-case-for-response";
import { db } from "@/server/db";
import { questionsFromRows } from "@/server/surveys/survey-content";
import { findLinkResponse } from "./find-link-response";

/** `input` is untrusted (form or JSON); it is validated here. */
export type SubmitResponseOptions = { token: string; input: unknown };

export type SubmitResponseResult = {
  responseId: string;
  category: NpsCategory | null;
  locale: string;
  brand: string;
  /** "drivers" when the survey asks more after the score; the response is then partial until they are sent. */
  next: "drivers" | "done";
  /** For anonymous (public-link) responses: the key naming this response in the follow-on URL. */
  resume: string | null;
};

type Tx = Prisma.TransactionClient;
type SurveyWithQuestions = Prisma.SurveyGetPayload<{ include: { questions: true } }>;

function invalid(parsed: { error: { issues: { path: PropertyKey[]; message: string }[] } }): never {
  const issue = parsed.error.issues[0];
  throw new AppError("validation_failed", issue ? `${issue.path.map(String).join(".")}: ${issue.message}` : "Invalid answer.", {
    fields: parsed.error.issues.map((i) => i.path.map(String).join(".")),
  });
}

/**
 * Step 1 of answering: the score and the follow-up comment. A personal link records one response per
 * invitation (the invitation row is locked and a unique key (organizationId, invitationId) makes a double
 * submit impossible, even across processes: the second gets `already_answered`). A public link records
 * an anonymous response per form: the form's one-time key is unique, so a double submit finds the first.
 * When the survey has driver questions the response stays partial (completed = false) until step 2.
 */
export async function submitResponse({ token, input }: SubmitResponseOptions): Promise<SubmitResponseResult> {
  const parsedToken = tokenSchema.safeParse(token);
  if (!parsedToken.success) throw new AppError("not_found", "This survey link is not valid.");
  const parsed = submitResponseSchema.safeParse(input);
  if (!parsed.success) invalid(parsed);
  const data = parsed.data;

  try {
    return await db.$transaction(async (tx) => {
      const locked = await tx.$queryRaw<{ id: string; surveyId: string }[]>`
        SELECT "id", "surveyId" FROM "Invitation" WHERE "token" = ${parsedToken.data} FOR UPDATE`;
      const invitation = locked[0];
      if (invitation) {
        await lockSurveyContent(tx, invitation.surveyId);
        return answerInvitation(tx, invitation.id, data);
      }
      const link = await tx.surveyLink.findUnique({ where: { token: parsedToken.data }, select: { surveyId: true } });
      if (link) await lockSurveyContent(tx, link.surveyId);
      return answerPublicLink(tx, parsedToken.data, data);
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      const existing = await findAnonymousResponse(parsedToken.data, input);
      if (existing) return existing;
      throw new AppError("already_answered", "This link has already been answered.");
    }
    throw error;
  }
}

/**
 * Holds the survey's content steady while answering: a share lock on the survey row waits for a builder
 * save in progress (which locks it FOR UPDATE) and makes a save wait for this answer, so the questions read
 * here are the ones the answers are written against, and a save sees every response already made.
 */
export async function lockSurveyContent(tx: Tx, surveyId: string): Promise<void> {
  await tx.$queryRaw`SELECT 1 FROM "Survey" WHERE "id" = ${surveyId}::uuid FOR SHARE`;
}

type Step1 = { score: number; comment?: string; locale?: string; key?: string; consent?: boolean };

function openOrThrow(survey: { status: string }) {
  if (survey.status === "CLOSED") throw new AppError("survey_closed", "This survey is closed.");
  if (survey.status === "DRAFT") throw new AppError("survey_not_open", "This survey is not open yet.");
}

function checkFollowUp(survey: SurveyWithQuestions, comment: string | undefined) {
  const followUp = survey.questions.find((q) => q.key === FOLLOW_UP_KEY);
  if (followUp?.required && !comment) {
    throw new AppError("validation_failed", "comment: Please answer the follow-up question.", { fields: ["comment"], required: ["comment"] });
  }
}

async function answerInvitation(tx: Tx, invitationId: string, data: Step1): Promise<SubmitResponseResult> {
  const invitation = await tx.invitation.findUniqueOrThrow({
    where: { id: invitationId },
    include: { survey: { include: { questions: true } }, contact: true },
  });
  if (invitation.respondedAt) throw new AppError("already_answered", "This link has already been answered.");
  const { survey, contact } = invitation;
  openOrThrow(survey);
  checkFollowUp(survey, data.comment);
  const locale = pickLocale(data.locale, invitation.locale, contact.locale, survey.defaultLocale);
  const result = await writeStep1(tx, survey, data, locale, {
    invitationId: invitation.id,
    contactId: contact.id,
    unitId: invitation.unitId,
    employeeId: invitation.employeeId,
    contactConsent: data.consent === true,
    channel: invitation.channel,
    attributes: (contact.attributes ?? {}) as Prisma.InputJsonObject,
  });
  await tx.invitation.update({ where: { id: invitation.id }, data: { respondedAt: result.createdAt } });
  return { responseId: result.responseId, category: result.category, locale: result.locale, brand: result.brand, next: result.next, resume: null };
}

async function answerPublicLink(tx: Tx, token: string, data: Step1): Promise<SubmitResponseResult> {
  const link = await tx.surveyLink.findUnique({ where: { token }, include: { survey: { include: { questions: true } } } });
  if (!link) throw new AppError("not_found", "This survey link is not valid.");
  openOrThrow(link.survey);
  if (link.disabledAt) throw new AppError("survey_closed", "This survey link is no longer active.");
  const key = tokenSchema.safeParse(data.key ?? "");
  if (!key.success) {
    throw new AppError("validation_failed", "key: The form is missing its one-time key; reload the page.", { fields: ["key"] });
  }
  checkFollowUp(link.survey, data.comment);
  const locale = pickLocale(data.locale, link.survey.defaultLocale);
  const attributes: Record<string, string> = link.attributeKey && link.attributeValue ? { [link.attributeKey]: link.attributeValue } : {};
  const result = await writeStep1(tx, link.survey, data, locale, {
    surveyLinkId: link.id,
    submissionKey: key.data,
    channel: link.channel,
    attributes,
  });
  return { responseId: result.responseId, category: result.category, locale: result.locale, brand: result.brand, next: result.next, resume: key.data };
}

async function writeStep1(
  tx: Tx,
  survey: SurveyWithQuestions,
  data: Step1,
  locale: string,
  source: {
    invitationId?: string;
    contactId?: string;
    surveyLinkId?: string;
    submissionKey?: string;
    unitId?: string | null;
    employeeId?: string | null;
    contactConsent?: boolean;
    channel: Prisma.ResponseCreateInput["channel"];
    attributes: Prisma.InputJsonObject;
  },
) {
  const { organizationId } = survey;
  const category = classifyScore(data.score);
  const hasDrivers = driverQuestions(survey.questions).length > 0;
  const now = new Date();
  const response = await tx.response.create({
    data: {
      organizationId,
      surveyId: survey.id,
      invitationId: source.invitationId ?? null,
      contactId: source.contactId ?? null,
      surveyLinkId: source.surveyLinkId ?? null,
      submissionKey: source.submissionKey ?? null,
      unitId: source.unitId ?? null,
      employeeId: source.employeeId ?? null,
      contactConsent: source.contactConsent ?? false,
      score: data.score,
      category,
      comment: data.comment ?? null,
      locale,
      channel: source.channel,
      touchpoint: survey.touchpoint,
      attributes: source.attributes,
      surveyVersion: survey.version,
      completed: !hasDrivers,
      completedAt: hasDrivers ? null : now,
    },
  });
  const answers: Prisma.AnswerCreateManyInput[] = [];
  const npsQuestion = survey.questions.find((q) => q.type === "NPS" || q.key === NPS_KEY);
  const reasonQuestion = survey.questions.find((q) => q.key === FOLLOW_UP_KEY);
  if (npsQuestion) answers.push({ organizationId, responseId: response.id, questionId: npsQuestion.id, value: data.score });
  if (reasonQuestion && data.comment) {
    answers.push({ organizationId, responseId: response.id, questionId: reasonQuestion.id, value: data.comment });
  }
  if (answers.length > 0) await tx.answer.createMany({ data: answers });
  await openCaseForResponse(tx, response.id);
  return { responseId: response.id, createdAt: response.createdAt, category, locale, brand: survey.brandName, next: hasDrivers ? ("drivers" as const) : ("done" as const) };
}

/** A repeated anonymous submit (same one-time key) answers with the response the first one made. */
async function findAnonymousResponse(token: string, input: unknown): Promise<SubmitResponseResult | null> {
  const link = await db.surveyLink.findUnique({ where: { token }, select: { id: true, organizationId: true } });
  if (!link) return null;
  const found = await findLinkResponse(db, link, (input as { key?: unknown } | null)?.key);
  if (!found) return null;
  const response = await db.response.findUniqueOrThrow({ where: { id: found.id }, include: { survey: { include: { questions: true } } } });
  const survey = response.survey;
  const pending = !response.completed && driverQuestions(questionsFromRows(survey.questions)).length > 0;
  return {
    responseId: response.id,
    category: response.category,
    locale: response.locale,
    brand: survey.brandName,
    next: pending ? "drivers" : "done",
    resume: found.submissionKey,
  };
}
