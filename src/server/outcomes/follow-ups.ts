import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { AppError } from "@/lib/errors";
import { OUTCOME_WINDOWS } from "@/schemas/outcome";

/**
 * Keeping "OutcomeFollowUp" equal to the answers and events it summarises (docs/decisions/0028): per answer with a
 * contact and outcome type, the first event of that type in the 365 days after the answer and the sums of their
 * amounts within 90 / 180 / 365 days. Every writer of answers (respondent, response import, seeds) and of events
 * (API, import) calls these in its own transaction; erasing a contact clears the amounts. No triggers (Citus).
 */
type Sql = Pick<Prisma.TransactionClient, "$executeRaw">;

const COLUMNS = Prisma.raw(`"organizationId", "responseId", "type", "contactId", "firstAt", "amount90", "amount180", "amount365"`);

/**
 * Follow-ups of newly written answers from the events already stored (call after inserting them), and their contacts
 * marked for the report's counts (markAnswerContacts), in one statement.
 */
export async function addResponseFollowUps(tx: Sql, organizationId: string, responseIds: string[]): Promise<void> {
  if (responseIds.length === 0) return;
  await tx.$executeRaw`WITH "followUps" AS (${responseFollowUpsInsert(organizationId, responseIds)}) ${markAnswerContacts(organizationId, responseIds)}`;
}

/**
 * Marks the contacts of these answers (their answers, scores, exclusion or follow-ups changed) for the report's counts
 * ("OutcomeStateDirty", docs/decisions/0028): until settle_outcome_state recounts them the report reads their answers
 * row by row. A statement of its own or part of another (a CTE); the answers must be visible to it (written before).
 * Every writer of answers calls it: the fold, answers counted at once, the response import, updateResponsesCounted.
 */
export function markAnswerContacts(organizationId: string, responseIds: string[]): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO "OutcomeStateDirty" ("organizationId", "contactId")
    SELECT DISTINCT ${organizationId}::uuid, r."contactId" FROM "Response" r
    WHERE r."organizationId" = ${organizationId}::uuid AND r."id" = ANY(${responseIds}::uuid[]) AND r."contactId" IS NOT NULL`;
}

/** The same for the contacts a query returns (column "contactId"): event writers, from their follow-up statement. */
export function markContacts(organizationId: string, contacts: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO "OutcomeStateDirty" ("organizationId", "contactId")
    SELECT DISTINCT ${organizationId}::uuid, c."contactId" FROM (${contacts}) c WHERE c."contactId" IS NOT NULL`;
}

/** addResponseFollowUps' statement, for a caller that runs it as part of another (the respondent's aggregate statement). */
export function responseFollowUpsInsert(organizationId: string, responseIds: string[]): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO "OutcomeFollowUp" (${COLUMNS})
    SELECT ${organizationId}::uuid, f.* FROM outcome_follow_up_rows(${organizationId}::uuid, ${responseIds}::uuid[]) f
    ON CONFLICT ("organizationId", "responseId", "type") DO UPDATE SET
      "firstAt" = excluded."firstAt", "amount90" = excluded."amount90", "amount180" = excluded."amount180", "amount365" = excluded."amount365"`;
}

/**
 * The statement that adds newly stored events to the follow-ups of the answers they follow (returning each changed
 * row's "contactId", for markContacts). `events` is a query
 * whose rows have "contactId", "type", "occurredAt" and "amount" — only events just inserted (a duplicate that was
 * not stored must not count twice). A data-modifying CTE can use it with the inserted rows (RETURNING); the window
 * arithmetic is outcome_follow_up_rows' (migration 20261207110400).
 */
export function eventFollowUpsInsert(organizationId: string, events: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO "OutcomeFollowUp" (${COLUMNS})
    SELECT r."organizationId", r."id", e."type", r."contactId", min(e."occurredAt"),
           coalesce(sum(e."amount") FILTER (WHERE e."occurredAt" <= r."createdAt" + make_interval(days => 90)), 0),
           coalesce(sum(e."amount") FILTER (WHERE e."occurredAt" <= r."createdAt" + make_interval(days => 180)), 0),
           coalesce(sum(e."amount"), 0)
    FROM (${events}) e
    JOIN "Response" r ON r."organizationId" = ${organizationId}::uuid AND r."contactId" = e."contactId"
      AND e."occurredAt" > r."createdAt" AND e."occurredAt" <= r."createdAt" + make_interval(days => 365)
    GROUP BY r."organizationId", r."id", e."type", r."contactId"
    ON CONFLICT ("organizationId", "responseId", "type") DO UPDATE SET
      "firstAt" = least("OutcomeFollowUp"."firstAt", excluded."firstAt"),
      "amount90" = "OutcomeFollowUp"."amount90" + excluded."amount90",
      "amount180" = "OutcomeFollowUp"."amount180" + excluded."amount180",
      "amount365" = "OutcomeFollowUp"."amount365" + excluded."amount365"
    RETURNING "contactId"`;
}

/**
 * Adds stored events (by id, just inserted in this transaction) to the follow-ups, and marks the contacts whose
 * follow-ups changed for the report's counts, in one statement.
 */
export async function addEventFollowUps(tx: Sql, organizationId: string, eventIds: string[]): Promise<void> {
  if (eventIds.length === 0) return;
  await tx.$executeRaw`WITH "followUps" AS (${eventFollowUpsInsert(
    organizationId,
    Prisma.sql`SELECT "contactId", "type", "occurredAt", "amount" FROM "OutcomeEvent"
      WHERE "organizationId" = ${organizationId}::uuid AND "id" = ANY(${eventIds}::uuid[]) AND "contactId" IS NOT NULL`,
  )}) ${markContacts(organizationId, Prisma.sql`SELECT "contactId" FROM "followUps"`)}`;
}

/** An erased contact's events keep counting but lose their amounts: so do the follow-ups of the contact's answers. */
export async function clearFollowUpAmounts(tx: Sql, organizationId: string, contactId: string): Promise<void> {
  await tx.$executeRaw`
    WITH cleared AS (
      UPDATE "OutcomeFollowUp" SET "amount90" = 0, "amount180" = 0, "amount365" = 0
      WHERE "organizationId" = ${organizationId}::uuid
        AND "responseId" IN (SELECT r."id" FROM "Response" r WHERE r."organizationId" = ${organizationId}::uuid AND r."contactId" = ${contactId}::uuid)
      RETURNING "contactId"
    ) ${markContacts(organizationId, Prisma.sql`SELECT "contactId" FROM cleared`)}`;
}

/** Recomputes an organisation's follow-ups from its answers and events (bulk loads that wrote rows directly). */
export async function rebuildOutcomeFollowUps(tx: Pick<Prisma.TransactionClient, "$queryRaw">, organizationId: string): Promise<void> {
  await tx.$queryRaw`SELECT rebuild_outcome_follow_ups(${organizationId}::uuid)`;
}

/**
 * The follow-up window in "OutcomeFollowUp"'s terms: an event of the type within `windowDays` after the answer is a
 * first event no later than the answer + the window (the writers' arithmetic, make_interval), and the amounts in the
 * window are the column of that window.
 */
export function followUpWithin(windowDays: number): { interval: Prisma.Sql; amount: Prisma.Sql } {
  if (!(OUTCOME_WINDOWS as readonly number[]).includes(windowDays)) throw new AppError("bad_request", "Use 90, 180 or 365.");
  return { interval: Prisma.sql`make_interval(days => ${windowDays}::int)`, amount: Prisma.raw(`"amount${windowDays}"`) };
}
