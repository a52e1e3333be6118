import "server-only";
import { pageOf } from "@/lib/api-cursor";
import { AppError } from "@/lib/errors";
import type { ApiKeyPrincipal } from "@/server/api-keys/require-api-key";
import { db } from "@/server/db";
import { assertKnownParams, PAGE_PARAMS, pathId, readEnum, readPage } from "./params";

export const SURVEY_STATUSES = ["DRAFT", "ACTIVE", "CLOSED"] as const;

const SURVEY_SELECT = {
  id: true,
  name: true,
  kind: true,
  status: true,
  touchpoint: true,
  brandName: true,
  defaultLocale: true,
  locales: true,
  version: true,
  createdAt: true,
  updatedAt: true,
  publishedAt: true,
  closedAt: true,
} as const;

/** GET /api/v1/surveys: the organisation's surveys, newest first, optionally by status. */
export async function listApiSurveys({ principal, searchParams }: { principal: ApiKeyPrincipal; searchParams: URLSearchParams }) {
  assertKnownParams(searchParams, [...PAGE_PARAMS, "status"]);
  const { limit, beforeId } = readPage(searchParams);
  const status = readEnum(searchParams, "status", SURVEY_STATUSES);
  const rows = await db.survey.findMany({
    where: {
      organizationId: principal.organizationId,
      ...(status ? { status } : {}),
      ...(beforeId ? { id: { lt: beforeId } } : {}),
    },
    orderBy: { id: "desc" },
    take: limit + 1,
    select: SURVEY_SELECT,
  });
  return pageOf(rows, limit);
}

/** GET /api/v1/surveys/{id}: one survey with its questions in order (as respondents see them now). */
export async function getApiSurvey({ principal, id }: { principal: ApiKeyPrincipal; id: string }) {
  const surveyId = pathId(id, "Survey");
  const survey = await db.survey.findFirst({
    where: { organizationId: principal.organizationId, id: surveyId },
    select: {
      ...SURVEY_SELECT,
      questions: {
        where: { organizationId: principal.organizationId },
        orderBy: { position: "asc" },
        select: { id: true, key: true, type: true, position: true, required: true, text: true, settings: true },
      },
    },
  });
  if (!survey) throw new AppError("not_found", "Survey not found.");
  return survey;
}
