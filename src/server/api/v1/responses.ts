import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { encodeCursor } from "@/lib/api-cursor";
import { AppError } from "@/lib/errors";
import { maskAttributes, showPersonal, type PersonalDataView } from "@/lib/personal-data";
import { NPS_REPEATABLE_PARAMS } from "@/schemas/api";
import { resolveFilter, responseWhere } from "@/server/analytics/filter";
import type { ApiKeyPrincipal } from "@/server/api-keys/require-api-key";
import { assertKnownDimensions } from "@/server/attributes/assert-known-dimensions";
import { attributeRolesFor } from "@/server/contacts/attribute-roles";
import { db } from "@/server/db";
import { readFilterQuery } from "../read-nps-params";
import { pathId, readInstant, readPage } from "./params";

export const RESPONSE_LIST_SINGLE_PARAMS = ["range", "from", "to", "limit", "cursor", "updatedSince"] as const;
export const RESPONSE_LIST_REPEATABLE_PARAMS = NPS_REPEATABLE_PARAMS;

const RESPONSE_SELECT = {
  id: true,
  surveyId: true,
  contactId: true,
  score: true,
  category: true,
  comment: true,
  locale: true,
  channel: true,
  touchpoint: true,
  attributes: true,
  completed: true,
  completedAt: true,
  unitId: true,
  employeeId: true,
  surveyVersion: true,
  createdAt: true,
  updatedAt: true,
  answers: { select: { value: true, question: { select: { key: true, type: true } } } },
  text: { select: { sentiment: true, polarity: true, themes: true } },
} as const;

type ResponseRow = Prisma.ResponseGetPayload<{ select: typeof RESPONSE_SELECT }>;

function viewOf(principal: ApiKeyPrincipal): PersonalDataView {
  return principal.personalData ? "full" : "masked";
}

/** A response as the API shows it: personal data (comment, open-text answers, personal attributes) masked without the key's permission. */
function toApiResponse(row: ResponseRow, view: PersonalDataView, roles: Awaited<ReturnType<typeof attributeRolesFor>>) {
  const { answers, text, attributes, comment, ...rest } = row;
  const attributeRecord = attributes !== null && typeof attributes === "object" && !Array.isArray(attributes) ? (attributes as Record<string, unknown>) : {};
  return {
    ...rest,
    comment: showPersonal(comment, view),
    attributes: maskAttributes(attributeRecord, view, roles),
    answers: answers.map((answer) => ({
      questionKey: answer.question.key,
      type: answer.question.type,
      value: answer.question.type === "OPEN_TEXT" && typeof answer.value === "string" ? showPersonal(answer.value, view) : answer.value,
    })),
    text: text ? { sentiment: text.sentiment, polarity: text.polarity, themes: text.themes } : null,
  };
}

/**
 * GET /api/v1/responses: responses in the dashboard's filter (range — default 90 days, like the dashboard —,
 * survey, channel, touchpoint, attr.<key>; test and spam excluded; the key's unit scope applied), optionally only
 * those changed since `updatedSince`, newest first with cursor paging.
 */
export async function listApiResponses({
  principal,
  searchParams,
  now = new Date(),
}: {
  principal: ApiKeyPrincipal;
  searchParams: URLSearchParams;
  now?: Date;
}) {
  const query = readFilterQuery(searchParams, {
    single: RESPONSE_LIST_SINGLE_PARAMS,
    repeatable: RESPONSE_LIST_REPEATABLE_PARAMS,
    ignore: ["limit", "cursor", "updatedSince"],
  });
  const { limit, beforeId } = readPage(searchParams);
  const updatedSince = readInstant(searchParams, "updatedSince");
  const { organizationId } = principal;
  const organization = await db.organization.findUniqueOrThrow({ where: { id: organizationId }, select: { timeZone: true } });
  await assertKnownDimensions({ organizationId, attributes: query.attributes });
  const filter = resolveFilter(query, { organizationId, timeZone: organization.timeZone, unitIds: principal.unitIds }, now);

  const conditions = [responseWhere(filter)];
  if (beforeId) conditions.push(Prisma.sql`r."id" < ${beforeId}::uuid`);
  if (updatedSince) conditions.push(Prisma.sql`r."updatedAt" >= ${updatedSince}`);
  const ids = await db.$queryRaw<{ id: string }[]>(Prisma.sql`
    SELECT r."id"::text AS "id" FROM "Response" r WHERE ${Prisma.join(conditions, " AND ")}
    ORDER BY r."id" DESC LIMIT ${limit + 1}`);
  const pageIds = ids.slice(0, limit).map((row) => row.id);
  const rows = await db.response.findMany({
    where: { organizationId, id: { in: pageIds } },
    orderBy: { id: "desc" },
    select: RESPONSE_SELECT,
  });
  const view = viewOf(principal);
  const roles = await attributeRolesFor(organizationId, view);
  const last = pageIds[pageIds.length - 1];
  return {
    data: rows.map((row) => toApiResponse(row, view, roles)),
    nextCursor: ids.length > limit && last ? encodeCursor(last) : null,
  };
}

/** GET /api/v1/responses/{id}: one response of the organisation (and the key's unit scope). */
export async function getApiResponse({ principal, id }: { principal: ApiKeyPrincipal; id: string }) {
  const responseId = pathId(id, "Response");
  const { organizationId } = principal;
  const row = await db.response.findFirst({
    where: { organizationId, id: responseId, ...(principal.unitIds ? { unitId: { in: principal.unitIds } } : {}) },
    select: RESPONSE_SELECT,
  });
  if (!row) throw new AppError("not_found", "Response not found.");
  const view = viewOf(principal);
  return toApiResponse(row, view, await attributeRolesFor(organizationId, view));
}
