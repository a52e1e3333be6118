import "server-only";
import { randomBytes } from "node:crypto";
import { Prisma } from "@/generated/prisma/client";
import type { Locale } from "@/i18n/locales";
import type { RowError } from "@/lib/contact-import";
import { ensureAttributeDefinitions } from "@/server/attributes/ensure-attribute-definitions";

type Tx = Prisma.TransactionClient;

export type AttributeValue = string | number | boolean;

/** A contact to create or update, matched by (lower-cased) email within the organisation. */
export type ContactWrite = {
  email: string;
  name: string | null;
  phone: string | null;
  locale: Locale | null;
  externalId: string | null;
  attributes: Record<string, AttributeValue>;
};

/** "update": an existing contact gets the non-empty fields and its attributes merged; "skip": it is left alone. */
export type OnDuplicate = "update" | "skip";

export type UpsertContactsOptions = {
  organizationId: string;
  /** `row` is the source row number reported with a skip (1 for a single API / form contact). */
  rows: readonly { row: number; contact: ContactWrite }[];
  onDuplicate: OnDuplicate;
};

export type UpsertContactsResult = { created: number; updated: number; skipped: RowError[] };

/** A UUID version 7 (time-ordered, like the schema's `uuid(7)` default that Prisma applies on create). */
export function uuidv7(now = Date.now()): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = 0x70 | ((bytes[6] ?? 0) & 0x0f);
  bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * THE contact upsert (one implementation for the import, the invite form and the API): creates or updates
 * many contacts in one `INSERT … ON CONFLICT` statement. Run it inside a transaction.
 *
 * - Emails are matched as given (callers lower-case them: src/lib/contact-import.ts normalizeEmail, the zod
 *   contact schema).
 * - A repeated email within `rows`: with "update" the later row's values win (and count as an update); with
 *   "skip" the later row is skipped as `duplicate_in_file`.
 * - Attribute keys the organisation has not met before get a definition (ensureAttributeDefinitions), in the
 *   same transaction.
 * - An external id that already belongs to another contact (or to an earlier row with another email) skips the
 *   row as `external_id_taken` rather than failing the whole batch on the unique key.
 */
export async function upsertContacts(tx: Tx, { organizationId, rows, onDuplicate }: UpsertContactsOptions): Promise<UpsertContactsResult> {
  const skipped: RowError[] = [];
  let merged = 0;
  const byEmail = new Map<string, { row: number; contact: ContactWrite }>();
  for (const item of rows) {
    const earlier = byEmail.get(item.contact.email);
    if (!earlier) {
      byEmail.set(item.contact.email, { row: item.row, contact: { ...item.contact, attributes: { ...item.contact.attributes } } });
      continue;
    }
    if (onDuplicate === "skip") {
      skipped.push({ row: item.row, reason: "duplicate_in_file", field: "email" });
      continue;
    }
    const next = item.contact;
    earlier.contact = {
      email: next.email,
      name: next.name ?? earlier.contact.name,
      phone: next.phone ?? earlier.contact.phone,
      locale: next.locale ?? earlier.contact.locale,
      externalId: next.externalId ?? earlier.contact.externalId,
      attributes: { ...earlier.contact.attributes, ...next.attributes },
    };
    merged++;
  }

  // External ids: unique per organisation, and owned by whoever has them now.
  const candidates = [...byEmail.values()];
  const externalIds = candidates.flatMap((item) => (item.contact.externalId === null ? [] : [item.contact.externalId]));
  const owners = new Map<string, string | null>();
  if (externalIds.length) {
    const existing = await tx.$queryRaw<{ externalId: string; email: string | null }[]>`
      SELECT "externalId", "email" FROM "Contact"
      WHERE "organizationId" = ${organizationId}::uuid AND "externalId" = ANY(${externalIds}::text[])`;
    for (const owner of existing) owners.set(owner.externalId, owner.email);
  }
  const writes: { row: number; contact: ContactWrite }[] = [];
  for (const item of candidates) {
    const externalId = item.contact.externalId;
    if (externalId !== null) {
      if (owners.has(externalId) && owners.get(externalId) !== item.contact.email) {
        skipped.push({ row: item.row, reason: "external_id_taken", field: "externalId" });
        continue;
      }
      owners.set(externalId, item.contact.email);
    }
    writes.push(item);
  }
  if (!writes.length) return { created: 0, updated: 0, skipped: sortRows(skipped) };
  // Attribute keys met for the first time get their definitions (never a dimension for ids, emails, free text).
  await ensureAttributeDefinitions(tx, organizationId, writes.map((item) => item.contact.attributes));

  const now = Date.now();
  const ids = writes.map(() => uuidv7(now));
  const emails = writes.map((item) => item.contact.email);
  const names = writes.map((item) => item.contact.name);
  const phones = writes.map((item) => item.contact.phone);
  const locales = writes.map((item) => item.contact.locale);
  const externals = writes.map((item) => item.contact.externalId);
  const attributes = writes.map((item) => JSON.stringify(item.contact.attributes));
  const source = Prisma.sql`
    SELECT u.id, ${organizationId}::uuid, u.email, u.name, u.phone, u.locale, u.external_id, u.attributes, now(), now()
    FROM unnest(${ids}::uuid[], ${emails}::text[], ${names}::text[], ${phones}::text[], ${locales}::text[],
                ${externals}::text[], ${attributes}::jsonb[]) AS u(id, email, name, phone, locale, external_id, attributes)`;
  const columns = Prisma.sql`("id", "organizationId", "email", "name", "phone", "locale", "externalId", "attributes", "createdAt", "updatedAt")`;

  if (onDuplicate === "skip") {
    const inserted = await tx.$queryRaw<{ email: string }[]>`
      INSERT INTO "Contact" ${columns} ${source}
      ON CONFLICT ("organizationId", "email") DO NOTHING
      RETURNING "email"`;
    const written = new Set(inserted.map((row) => row.email));
    for (const item of writes) {
      if (!written.has(item.contact.email)) skipped.push({ row: item.row, reason: "exists", field: "email" });
    }
    return { created: inserted.length, updated: 0, skipped: sortRows(skipped) };
  }
  const result = await tx.$queryRaw<{ inserted: boolean }[]>`
    INSERT INTO "Contact" ${columns} ${source}
    ON CONFLICT ("organizationId", "email") DO UPDATE SET
      "name" = COALESCE(EXCLUDED."name", "Contact"."name"),
      "phone" = COALESCE(EXCLUDED."phone", "Contact"."phone"),
      "locale" = COALESCE(EXCLUDED."locale", "Contact"."locale"),
      "externalId" = COALESCE(EXCLUDED."externalId", "Contact"."externalId"),
      "attributes" = "Contact"."attributes" || EXCLUDED."attributes",
      -- The row's now(), not now() here: Citus takes only IMMUTABLE functions in DO UPDATE SET (docs/decisions/0012).
      "updatedAt" = EXCLUDED."updatedAt"
    RETURNING (xmax = 0) AS "inserted"`;
  const created = result.filter((row) => row.inserted).length;
  return { created, updated: result.length - created + merged, skipped: sortRows(skipped) };
}

function sortRows(errors: RowError[]): RowError[] {
  return errors.sort((a, b) => a.row - b.row);
}
