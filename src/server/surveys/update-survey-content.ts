import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { AppError } from "@/lib/errors";
import { canonicalJson, lockViolations, missingTranslations, type LockViolation } from "@/lib/survey-content";
import { surveyContentSchema, type SurveyContent } from "@/schemas/survey-content";
import { surveyIdSchema } from "@/schemas/survey";
import { db } from "@/server/db";
import { surveyContentOf, surveyLocales } from "./survey-content";

export type UpdateSurveyContentOptions = { organizationId: string; surveyId: string; userId: string | null; input: unknown };
export type UpdateSurveyContentResult = { changed: boolean; version: number };

type Tx = Prisma.TransactionClient;

/** Zod issues as {path, message} for the builder to show at the field. */
export function contentIssues(error: { issues: { path: PropertyKey[]; message: string }[] }) {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message }));
}

/**
 * Saves the builder's content. Drafts change freely. A published survey must stay written in all its
 * languages, and once it has responses its questions keep their meaning (see lockViolations): wording
 * edits are allowed and each one is a new version with a SurveyRevision, so every response records the
 * wording its respondent saw. The survey row is locked while saving; all or nothing.
 */
export async function updateSurveyContent({ organizationId, surveyId, userId, input }: UpdateSurveyContentOptions): Promise<UpdateSurveyContentResult> {
  const id = surveyIdSchema.safeParse(surveyId);
  if (!id.success) throw new AppError("not_found", "Survey not found.");
  const parsed = surveyContentSchema.safeParse(input);
  if (!parsed.success) {
    throw new AppError("validation_failed", parsed.error.issues[0]?.message ?? "Invalid survey.", { issues: contentIssues(parsed.error) });
  }
  const next = parsed.data;

  return db.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ id: string }[]>`
      SELECT "id" FROM "Survey" WHERE "id" = ${id.data}::uuid AND "organizationId" = ${organizationId}::uuid FOR UPDATE`;
    if (locked.length === 0) throw new AppError("not_found", "Survey not found.");
    const survey = await tx.survey.findUniqueOrThrow({ where: { organizationId_id: { organizationId, id: id.data } }, include: { questions: true } });
    const previous = surveyContentOf(survey, survey.questions);
    const hasResponses = (await tx.response.count({ where: { organizationId, surveyId: survey.id }, take: 1 })) > 0;

    if (hasResponses) {
      const violations: LockViolation[] = lockViolations(previous.questions, next.questions);
      if (next.kind !== previous.kind) violations.push({ key: "kind", reason: "type_changed" });
      if (violations.length > 0) {
        throw new AppError("survey_locked", "This survey has responses: its questions and scales cannot change meaning.", { violations });
      }
    }
    if (survey.status !== "DRAFT") {
      const missing = missingTranslations(next, surveyLocales(survey));
      if (missing.length > 0) {
        throw new AppError("translations_missing", "A published survey needs every text in each of its languages.", { missing });
      }
    }
    if (canonicalJson(previous) === canonicalJson(next)) return { changed: false, version: survey.version };

    await writeQuestions(tx, organizationId, survey.id, survey.questions, next);
    const version = survey.status === "DRAFT" ? survey.version : survey.version + 1;
    await tx.survey.update({
      where: { organizationId_id: { organizationId, id: survey.id } },
      data: {
        name: next.name,
        brandName: next.brandName,
        brandNames: next.brandNames,
        kind: next.kind,
        touchpoint: next.kind === "TRANSACTIONAL" ? next.touchpoint : null,
        defaultLocale: next.defaultLocale,
        followUpEnabled: next.followUpEnabled,
        thankYou: next.thankYou as Prisma.InputJsonObject,
        version,
      },
    });
    if (survey.status !== "DRAFT") {
      await tx.surveyRevision.create({
        data: { organizationId, surveyId: survey.id, version, createdById: userId, content: next as unknown as Prisma.InputJsonObject },
      });
    }
    return { changed: true, version };
  });
}

/** Questions matched by key keep their id (answers point at it); new keys are created, missing ones deleted. */
async function writeQuestions(
  tx: Tx,
  organizationId: string,
  surveyId: string,
  existing: readonly { id: string; key: string }[],
  content: SurveyContent,
) {
  const byKey = new Map(existing.map((question) => [question.key, question.id]));
  const kept = new Set(content.questions.map((question) => question.key));
  const removed = existing.filter((question) => !kept.has(question.key)).map((question) => question.id);
  if (removed.length > 0) await tx.question.deleteMany({ where: { organizationId, surveyId, id: { in: removed } } });
  for (const [position, question] of content.questions.entries()) {
    const data = {
      type: question.type,
      position,
      required: question.required,
      text: question.text as Prisma.InputJsonObject,
      settings: question.settings as Prisma.InputJsonObject,
    };
    const questionId = byKey.get(question.key);
    if (questionId) await tx.question.update({ where: { organizationId_id: { organizationId, id: questionId } }, data });
    else await tx.question.create({ data: { ...data, organizationId, surveyId, key: question.key } });
  }
}
