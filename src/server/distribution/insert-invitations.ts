import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { throttleCutoff } from "@/lib/throttle";

type Tx = Prisma.TransactionClient;

export type SkipReasonName = "THROTTLED" | "UNSUBSCRIBED" | "NO_EMAIL" | "ERASED";

export type InsertInvitationsOptions = {
  organizationId: string;
  surveyId: string;
  campaignId: string | null;
  /** Recorded on each skip: "campaign" or "api". */
  source: "campaign" | "api";
  channel: "EMAIL" | "API";
  /** A subquery selecting the audience's contact ids (column `id`) within the organisation. */
  audience: Prisma.Sql;
  throttleDays: number;
  now: Date;
  sendAfter: Date | null;
  context?: Prisma.InputJsonObject;
};

export type InsertInvitationsResult = {
  invited: { invitationId: string; contactId: string }[];
  skipped: { contactId: string; reason: SkipReasonName }[];
};

/**
 * Serialises invitation creation per organisation for the rest of the transaction, so two sends at the
 * same moment cannot both pass the throttle for one contact.
 */
export async function lockOrganizationInvitations(tx: Tx, organizationId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`invitations:${organizationId}`}, 0))`;
}

/**
 * The set-based heart of sending: one INSERT … SELECT creates the invitations of every eligible contact
 * in `audience` (tokens of 256 random bits generated in SQL, base64url; attributes and locale snapshotted;
 * queued now) and one records each skip with its reason. Skip precedence: erased, no email, unsubscribed,
 * throttled — a contact invited (any survey, any channel, not failed) or sent to within the window is
 * throttled. Call inside a transaction after lockOrganizationInvitations.
 */
export async function insertInvitations(tx: Tx, options: InsertInvitationsOptions): Promise<InsertInvitationsResult> {
  const { organizationId, surveyId, campaignId, now } = options;
  const cutoff = throttleCutoff(now, options.throttleDays);
  const throttled = cutoff
    ? Prisma.sql`(c."lastInvitedAt" > ${cutoff} OR EXISTS (
        SELECT 1 FROM "Invitation" i
        WHERE i."organizationId" = ${organizationId}::uuid AND i."contactId" = c."id"
          AND i."createdAt" > ${cutoff} AND i."failedAt" IS NULL))`
    : Prisma.sql`FALSE`;
  // Two v4 UUIDs carry 244 random bits; as 32 bytes in base64url that is a 43-character token.
  const token = Prisma.sql`translate(encode(decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex'), 'base64'), '+/=', '-_')`;
  const rows = await tx.$queryRaw<{ kind: "invited" | "skipped"; invitationId: string | null; contactId: string; reason: SkipReasonName | null }[]>`
    WITH audience AS (SELECT DISTINCT a."id" FROM (${options.audience}) a),
    -- Campaign invitations credit the branch named by the contact's "branch" attribute (a BRANCH unit's code
    -- or name, when exactly one unit matches); API triggers pass their unit explicitly instead.
    branch_keys AS (
      SELECT k."key", (array_agg(DISTINCT u."id"))[1] AS "unitId", count(DISTINCT u."id") AS "matches"
      FROM "OrgUnit" u CROSS JOIN LATERAL (VALUES (u."code"), (u."name")) AS k("key")
      WHERE u."organizationId" = ${organizationId}::uuid AND u."kind" = 'BRANCH' AND ${options.source === "campaign"}
      GROUP BY k."key"
    ),
    classified AS (
      SELECT c."id" AS "contactId", c."attributes", c."locale",
        (SELECT b."unitId" FROM branch_keys b WHERE b."key" = c."attributes"->>'branch' AND b."matches" = 1) AS "unitId",
        CASE
          WHEN c."erasedAt" IS NOT NULL THEN 'ERASED'
          WHEN c."email" IS NULL OR c."email" = '' THEN 'NO_EMAIL'
          WHEN c."unsubscribedAt" IS NOT NULL THEN 'UNSUBSCRIBED'
          WHEN ${throttled} THEN 'THROTTLED'
        END AS "reason"
      FROM "Contact" c JOIN audience ON audience."id" = c."id"
      WHERE c."organizationId" = ${organizationId}::uuid
    ),
    invited AS (
      INSERT INTO "Invitation" ("id", "organizationId", "surveyId", "contactId", "token", "channel", "context", "campaignId",
                                "attributes", "locale", "createdAt", "sendAfter", "queuedAt", "unitId")
      SELECT gen_random_uuid(), ${organizationId}::uuid, ${surveyId}::uuid, k."contactId", ${token}, ${options.channel}::"Channel",
             ${JSON.stringify(options.context ?? {})}::jsonb, ${campaignId}::uuid, k."attributes", k."locale", ${now}, ${options.sendAfter}::timestamptz, ${now}, k."unitId"
      FROM classified k WHERE k."reason" IS NULL
      RETURNING "id", "contactId"
    ),
    skipped AS (
      INSERT INTO "InvitationSkip" ("id", "organizationId", "surveyId", "campaignId", "contactId", "reason", "source", "createdAt")
      SELECT gen_random_uuid(), ${organizationId}::uuid, ${surveyId}::uuid, ${campaignId}::uuid, k."contactId", k."reason"::"SkipReason", ${options.source}, ${now}
      FROM classified k WHERE k."reason" IS NOT NULL
      RETURNING "contactId", "reason"
    )
    SELECT 'invited' AS "kind", "id"::text AS "invitationId", "contactId"::text AS "contactId", NULL::text AS "reason" FROM invited
    UNION ALL
    SELECT 'skipped', NULL, "contactId"::text, "reason"::text FROM skipped`;
  const result: InsertInvitationsResult = { invited: [], skipped: [] };
  for (const row of rows) {
    if (row.kind === "invited" && row.invitationId) result.invited.push({ invitationId: row.invitationId, contactId: row.contactId });
    else if (row.reason) result.skipped.push({ contactId: row.contactId, reason: row.reason });
  }
  return result;
}

/** Skip counts by reason, as the Campaign row stores them (skippedCount: no email or erased). */
export function countSkips(skipped: InsertInvitationsResult["skipped"]) {
  let throttledCount = 0;
  let unsubscribedCount = 0;
  let skippedCount = 0;
  for (const skip of skipped) {
    if (skip.reason === "THROTTLED") throttledCount += 1;
    else if (skip.reason === "UNSUBSCRIBED") unsubscribedCount += 1;
    else skippedCount += 1;
  }
  return { throttledCount, unsubscribedCount, skippedCount };
}
