import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { AppError } from "@/lib/errors";
import { missingTranslations } from "@/lib/survey-content";
import { surveyIdSchema } from "@/schemas/survey";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import { auditIpOrNull } from "@/server/audit/request-context";
import { db } from "@/server/db";
import { surveyContentOf, surveyLocales } from "./survey-content";

export type SurveyTransition = "publish" | "close" | "reopen";

const FROM = { publish: "DRAFT", close: "ACTIVE", reopen: "CLOSED" } as const;

/**
 * draft → active (publish: every text written in every language; records wording version 1) → closed
 * (its links show a polite closed page) → active again (reopen). Other moves are conflicts.
 */
export async function setSurveyStatus(options: { organizationId: string; surveyId: string; userId: string | null; transition: SurveyTransition }) {
  const { organizationId, surveyId, userId, transition } = options;
  const id = surveyIdSchema.safeParse(surveyId);
  if (!id.success) throw new AppError("not_found", "Survey not found.");
  const ip = await auditIpOrNull();
  return db.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ id: string }[]>`
      SELECT "id" FROM "Survey" WHERE "id" = ${id.data}::uuid AND "organizationId" = ${organizationId}::uuid FOR UPDATE`;
    if (locked.length === 0) throw new AppError("not_found", "Survey not found.");
    const survey = await tx.survey.findUniqueOrThrow({ where: { organizationId_id: { organizationId, id: id.data } }, include: { questions: true } });
    if (survey.status !== FROM[transition]) {
      throw new AppError("conflict", `A ${survey.status.toLowerCase()} survey cannot be ${transition === "publish" ? "published" : transition === "close" ? "closed" : "reopened"}.`);
    }
    const now = new Date();
    await recordAuditEvent(
      {
        organizationId,
        actorId: userId,
        action: transition === "publish" ? "survey.publish" : transition === "close" ? "survey.close" : "survey.reopen",
        targetType: "Survey",
        targetId: survey.id,
        details: { before: survey.status, after: transition === "close" ? "CLOSED" : "ACTIVE", version: survey.version },
        ip,
        at: now,
      },
      tx,
    );
    if (transition === "publish") {
      const content = surveyContentOf(survey, survey.questions);
      const missing = missingTranslations(content, surveyLocales(survey));
      if (missing.length > 0) {
        throw new AppError("translations_missing", "Write every text in each of the survey's languages before publishing.", { missing });
      }
      await tx.surveyRevision.upsert({
        where: { organizationId_surveyId_version: { organizationId, surveyId: survey.id, version: survey.version } },
        create: { organizationId, surveyId: survey.id, version: survey.version, createdById: userId, content: content as unknown as Prisma.InputJsonObject },
        update: { content: content as unknown as Prisma.InputJsonObject, createdById: userId, createdAt: now },
      });
      return tx.survey.update({ where: { organizationId_id: { organizationId, id: survey.id } }, data: { status: "ACTIVE", publishedAt: now, closedAt: null } });
    }
    if (transition === "close") return tx.survey.update({ where: { organizationId_id: { organizationId, id: survey.id } }, data: { status: "CLOSED", closedAt: now } });
    return tx.survey.update({ where: { organizationId_id: { organizationId, id: survey.id } }, data: { status: "ACTIVE", closedAt: null } });
  });
}
