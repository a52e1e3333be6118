import "server-only";
import { emitWebhookEvent } from "@/server/webhooks/emit-webhook-event";
import type { Prisma } from "@/generated/prisma/client";
import { AppError } from "@/lib/errors";
import { updateDriverAnswersCounted } from "@/server/analytics/response-aggregates";
import { parseDriverAnswers, type AnswerError } from "@/lib/survey-content";
import { tokenSchema } from "@/schemas/response";
import { db, TX_OPTIONS } from "@/server/db";
import { questionsFromRows } from "@/server/surveys/survey-content";
import { findLinkResponse } from "./find-link-response";

export type SubmitDriverAnswersOptions = {
  token: string;
  /** Key of an anonymous response (public links); personal links find theirs by invitation. */
  resume?: string | null;
  /** Every value posted under a form field name. */
  read: (name: string) => string[];
};

export type DriverAnswerErrors = Record<string, AnswerError>;

/**
 * Step 2 of answering: the driver questions after the score. Adds the answers to the respondent's
 * (partial) response and marks it complete, in one transaction with the response row locked; a second
 * submit changes nothing. Invalid answers: `validation_failed` with the error per question key, nothing
 * written.
 */
export async function submitDriverAnswers({ token, resume, read }: SubmitDriverAnswersOptions) {
  const parsedToken = tokenSchema.safeParse(token);
  if (!parsedToken.success) throw new AppError("not_found", "This survey link is not valid.");

  return db.$transaction(async (tx) => {
    const found = await findResponseId(tx, parsedToken.data, resume ?? null);
    if (!found) throw new AppError("not_found", "There is no answer to continue for this link.");
    // The response locked, its survey's content held steady (KEY SHARE: see lockSurveyContent), in one statement.
    const { organizationId, id: responseId } = found;
    await tx.$queryRaw`
      SELECT r."id" FROM "Response" r
      JOIN "Survey" s ON s."organizationId" = r."organizationId" AND s."id" = r."surveyId"
      WHERE r."organizationId" = ${organizationId}::uuid AND r."id" = ${responseId}::uuid
      FOR UPDATE OF r FOR KEY SHARE OF s`;
    const response = await tx.response.findUniqueOrThrow({
      where: { organizationId_id: { organizationId, id: responseId } },
      include: { survey: { include: { questions: true } } },
    });
    const { survey } = response;
    if (response.completed) return { responseId, category: response.category, locale: response.locale, alreadyComplete: true };
    if (survey.status === "CLOSED") throw new AppError("survey_closed", "This survey is closed.");

    const questions = questionsFromRows(survey.questions);
    const { answers, errors } = parseDriverAnswers(questions, read);
    if (errors.size > 0) {
      throw new AppError("validation_failed", "Some answers need a look.", { answerErrors: Object.fromEntries(errors) });
    }
    const idByKey = new Map(survey.questions.map((q) => [q.key, q.id]));
    const rows: Prisma.AnswerCreateManyInput[] = [];
    for (const [key, value] of answers) {
      const questionId = idByKey.get(key);
      if (questionId) rows.push({ organizationId, responseId, questionId, value: value as Prisma.InputJsonValue });
    }
    // The answers change the response's place in the key-driver pre-aggregate (docs/decisions/0032): uncounted
    // before, counted after, with the response locked above.
    if (rows.length > 0) {
      await updateDriverAnswersCounted(tx, organizationId, [responseId], () => tx.answer.createMany({ data: rows, skipDuplicates: true }));
    }
    await tx.response.update({ where: { organizationId_id: { organizationId, id: responseId } }, data: { completed: true, completedAt: new Date() } });
    await emitWebhookEvent(tx, { organizationId, type: "response.completed", data: { responseId, surveyId: survey.id, score: response.score, category: response.category }, unitId: response.unitId });
    return { responseId, category: response.category, locale: response.locale, alreadyComplete: false };
  }, TX_OPTIONS);
}

async function findResponseId(tx: Prisma.TransactionClient, token: string, resume: string | null): Promise<{ organizationId: string; id: string } | null> {
  const invitation = await tx.invitation.findFirst({ where: { token }, select: { organizationId: true, response: { select: { id: true } } } });
  if (invitation) return invitation.response ? { organizationId: invitation.organizationId, id: invitation.response.id } : null;
  const link = await tx.surveyLink.findFirst({ where: { token }, select: { id: true, organizationId: true } });
  const response = link ? await findLinkResponse(tx, link, resume) : null;
  return link && response ? { organizationId: link.organizationId, id: response.id } : null;
}
