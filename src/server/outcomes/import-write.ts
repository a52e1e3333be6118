import "server-only";
import { randomBytes } from "node:crypto";
import { Prisma } from "@/generated/prisma/client";
import type { ImportedOutcome } from "@/lib/outcome-import";
import type { BatchResult } from "@/server/imports/import-job";
import { eventFollowUpsInsert, markContacts } from "./follow-ups";

/** `count` UUIDv7 ids as uuidv7() (src/server/contacts/upsert-contacts.ts) makes them, from one random draw per batch. */
function uuidv7s(count: number, now: number): string[] {
  const random = randomBytes(16 * count);
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const bytes = random.subarray(16 * i, 16 * i + 16);
    bytes.writeUIntBE(now, 0, 6);
    bytes[6] = 0x70 | ((bytes[6] ?? 0) & 0x0f);
    bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
    const hex = bytes.toString("hex");
    ids.push(`${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`);
  }
  return ids;
}

/**
 * Writes a batch of imported behaviour events in ONE statement (set-based, no row per statement): each row matched
 * to this organisation's contact by customer id (the contact's externalId), else by email (stored lower-cased;
 * erased contacts have none); matched rows inserted with ON CONFLICT (organizationId, externalId) DO NOTHING, so an
 * externalId already stored — or repeated earlier in the batch — is a duplicate that changes nothing. Rows with no
 * contact are returned as skipped ("contact_not_found", by row number), never dropped silently. The stored events are
 * added to the follow-ups of the answers they follow in the same statement (src/server/outcomes/follow-ups.ts). Runs
 * inside the import job's batch transaction: a batch is written whole or not at all.
 */
export async function writeImportedOutcomes(
  tx: Prisma.TransactionClient,
  organizationId: string,
  items: readonly { row: number; item: ImportedOutcome }[],
): Promise<BatchResult> {
  if (items.length === 0) return { created: 0, updated: 0, duplicates: 0, skipped: [] };
  const now = Date.now();
  const [result] = await tx.$queryRaw<{ inserted: number; matched: number; unmatched: number[] }[]>`
    WITH src AS MATERIALIZED (
      SELECT * FROM unnest(
        ${items.map(({ row }) => row)}::int[], ${uuidv7s(items.length, now)}::uuid[], ${items.map(({ item }) => item.externalId)}::text[],
        ${items.map(({ item }) => item.customerId)}::text[], ${items.map(({ item }) => item.email)}::text[], ${items.map(({ item }) => item.type)}::text[],
        ${items.map(({ item }) => new Date(item.occurredAt))}::timestamptz[], ${items.map(({ item }) => item.amount)}::numeric[],
        ${items.map(({ item }) => item.currency)}::text[]
      ) WITH ORDINALITY AS s("row", "id", "externalId", "customerId", "email", "type", "occurredAt", "amount", "currency", "ord")
    ), matched AS MATERIALIZED (
      SELECT s.*, COALESCE(
        (SELECT c."id" FROM "Contact" c WHERE c."organizationId" = ${organizationId}::uuid AND c."externalId" = s."customerId"),
        (SELECT c."id" FROM "Contact" c WHERE c."organizationId" = ${organizationId}::uuid AND c."email" = s."email")
      ) AS "contactId"
      FROM src s
    ), ins AS (
      INSERT INTO "OutcomeEvent" ("id", "organizationId", "contactId", "type", "occurredAt", "amount", "currency", "externalId", "createdAt")
      SELECT m."id", ${organizationId}::uuid, m."contactId", m."type", m."occurredAt", m."amount", m."currency", m."externalId", now()
      FROM matched m WHERE m."contactId" IS NOT NULL
      ORDER BY m."ord"
      ON CONFLICT ("organizationId", "externalId") DO NOTHING
      RETURNING "contactId", "type", "occurredAt", "amount"
    ), "followUps" AS (${eventFollowUpsInsert(organizationId, Prisma.sql`SELECT * FROM ins`)}),
    marks AS (${markContacts(organizationId, Prisma.sql`SELECT "contactId" FROM "followUps"`)})
    SELECT (SELECT count(*) FROM ins)::int AS "inserted",
           (SELECT count(*) FROM matched WHERE "contactId" IS NOT NULL)::int AS "matched",
           COALESCE((SELECT array_agg("row" ORDER BY "row") FROM matched WHERE "contactId" IS NULL), '{}')::int[] AS "unmatched"`;
  const { inserted = 0, matched = 0, unmatched = [] } = result ?? {};
  const byRow = new Map(items.map(({ row, item }) => [row, item]));
  return {
    created: inserted,
    updated: 0,
    duplicates: matched - inserted,
    skipped: unmatched.map((row) => ({ row, reason: "contact_not_found", field: byRow.get(row)?.customerId !== null ? "customerId" : "email" })),
  };
}
