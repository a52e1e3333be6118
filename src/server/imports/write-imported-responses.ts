import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { classifyScore } from "@/lib/nps";
import type { ImportedResponse } from "@/lib/response-import";
import { addResponseAggregates } from "@/server/analytics/response-aggregates";
import { addResponseFollowUps } from "@/server/outcomes/follow-ups";
import { ensureAttributeDefinitions } from "@/server/attributes/ensure-attribute-definitions";
import { uuidv7 } from "@/server/contacts/upsert-contacts";

type Tx = Prisma.TransactionClient;

/** The survey the responses belong to, and what an answer copies from it. */
export type ImportTarget = {
  organizationId: string;
  surveyId: string;
  version: number;
  defaultLocale: string;
  touchpoint: string | null;
  /** The NPS question and the follow-up ("reason") question, when the survey has them: their Answer rows. */
  npsQuestionId: string | null;
  commentQuestionId: string | null;
};

export type ImportedResponseWrite = ImportedResponse & { importKey: string };

/**
 * Writes a batch of historical responses in one statement, as the respondent's step 1 writes one
 * (src/server/responses/submit-response.ts): the Response (channel IMPORT, completed, not excluded, created at
 * its original time), its NPS answer and comment answer; contacts matched by email or customer id (none is
 * created); then counted in the dashboard's aggregates in the same transaction (docs/decisions/0011). A row
 * whose import key is already there (a re-run) is skipped. No case is opened and no email sent for history.
 * Returns how many rows were written and how many were already there.
 */
export async function writeImportedResponses(tx: Tx, target: ImportTarget, rows: readonly ImportedResponseWrite[]): Promise<{ created: number; duplicates: number }> {
  if (rows.length === 0) return { created: 0, duplicates: 0 };
  const { organizationId } = target;
  const withAttributes = rows.filter((row) => Object.keys(row.attributes).length > 0).map((row) => row.attributes);
  if (withAttributes.length) await ensureAttributeDefinitions(tx, organizationId, withAttributes);

  const ids = rows.map((row) => uuidv7(row.answeredAt));
  const npsAnswerIds = rows.map((row) => uuidv7(row.answeredAt));
  const commentAnswerIds = rows.map((row) => uuidv7(row.answeredAt));
  const inserted = await tx.$queryRaw<{ id: string }[]>`
    WITH src AS MATERIALIZED (
      SELECT * FROM unnest(
        ${ids}::uuid[], ${rows.map((row) => row.importKey)}::text[], ${rows.map((row) => row.score)}::smallint[],
        ${rows.map((row) => classifyScore(row.score))}::text[], ${rows.map((row) => row.comment)}::text[],
        ${rows.map((row) => row.locale ?? target.defaultLocale)}::text[], ${rows.map((row) => row.touchpoint ?? target.touchpoint)}::text[],
        ${rows.map((row) => JSON.stringify(row.attributes))}::jsonb[], ${rows.map((row) => new Date(row.answeredAt))}::timestamptz[],
        ${rows.map((row) => row.email)}::text[], ${rows.map((row) => row.customerId)}::text[],
        ${npsAnswerIds}::uuid[], ${commentAnswerIds}::uuid[]
      ) AS s("id", "importKey", "score", "category", "comment", "locale", "touchpoint", "attributes", "answeredAt", "email", "customerId", "npsAnswerId", "commentAnswerId")
    ), r AS (
      INSERT INTO "Response" ("id", "organizationId", "surveyId", "contactId", "score", "category", "comment", "locale", "channel", "touchpoint",
                              "attributes", "surveyVersion", "completed", "completedAt", "excluded", "importKey", "createdAt", "updatedAt")
      SELECT s."id", ${organizationId}::uuid, ${target.surveyId}::uuid,
             COALESCE((SELECT c."id" FROM "Contact" c WHERE c."organizationId" = ${organizationId}::uuid AND c."email" = s."email"),
                      (SELECT c."id" FROM "Contact" c WHERE c."organizationId" = ${organizationId}::uuid AND c."externalId" = s."customerId")),
             s."score", s."category"::"NpsCategory", s."comment", s."locale", 'IMPORT'::"Channel", s."touchpoint",
             s."attributes", ${target.version}::int, true, s."answeredAt", false, s."importKey", s."answeredAt", now()
      FROM src s
      ON CONFLICT ("organizationId", "importKey") DO NOTHING
      RETURNING "id"
    ), a AS (
      INSERT INTO "Answer" ("id", "organizationId", "responseId", "questionId", "value", "createdAt", "updatedAt")
      SELECT x."id", ${organizationId}::uuid, s."id", x."questionId", x."value", s."answeredAt", now()
      FROM r JOIN src s ON s."id" = r."id"
      CROSS JOIN LATERAL (VALUES (s."npsAnswerId", ${target.npsQuestionId}::uuid, to_jsonb(s."score"::int)),
                                 (s."commentAnswerId", ${target.commentQuestionId}::uuid, to_jsonb(s."comment"))) AS x("id", "questionId", "value")
      WHERE x."questionId" IS NOT NULL AND x."value" IS NOT NULL AND x."value" <> 'null'::jsonb
    )
    SELECT "id" FROM r`;
  await addResponseAggregates(
    tx,
    organizationId,
    inserted.map((row) => row.id),
  );
  // Historical answers: the contacts' events already stored after them count in the validation report (docs/decisions/0028).
  await addResponseFollowUps(
    tx,
    organizationId,
    inserted.map((row) => row.id),
  );
  return { created: inserted.length, duplicates: rows.length - inserted.length };
}
