import "server-only";
import { z } from "zod";
import { pageOf } from "@/lib/api-cursor";
import { AppError } from "@/lib/errors";
import { contactInputSchema } from "@/schemas/contact";
import type { ApiKeyPrincipal } from "@/server/api-keys/require-api-key";
import { eraseContact } from "@/server/contacts/erase-contact";
import { upsertContacts } from "@/server/contacts/upsert-contacts";
import { db } from "@/server/db";
import { validationError } from "@/server/http/respond";
import { assertKnownParams, PAGE_PARAMS, pathId, readPage } from "./params";

export const MAX_CONTACT_BATCH = 1000;

export const contactBatchSchema = z.object({
  contacts: z.array(contactInputSchema).min(1).max(MAX_CONTACT_BATCH),
});

const CONTACT_SELECT = {
  id: true,
  email: true,
  name: true,
  phone: true,
  locale: true,
  externalId: true,
  attributes: true,
  unsubscribedAt: true,
  erasedAt: true,
  createdAt: true,
  updatedAt: true,
} as const;

/** GET /api/v1/contacts: the organisation's contacts, newest first (personal data: the key needs the permission). */
export async function listApiContacts({ principal, searchParams }: { principal: ApiKeyPrincipal; searchParams: URLSearchParams }) {
  assertKnownParams(searchParams, [...PAGE_PARAMS, "email", "externalId"]);
  const { limit, beforeId } = readPage(searchParams);
  const email = searchParams.get("email")?.trim().toLowerCase() || null;
  const externalId = searchParams.get("externalId")?.trim() || null;
  const rows = await db.contact.findMany({
    where: {
      organizationId: principal.organizationId,
      ...(email ? { email } : {}),
      ...(externalId ? { externalId } : {}),
      ...(beforeId ? { id: { lt: beforeId } } : {}),
    },
    orderBy: { id: "desc" },
    take: limit + 1,
    select: CONTACT_SELECT,
  });
  return pageOf(rows, limit);
}

/** GET /api/v1/contacts/{id}. */
export async function getApiContact({ principal, id }: { principal: ApiKeyPrincipal; id: string }) {
  const contactId = pathId(id, "Contact");
  const row = await db.contact.findFirst({ where: { organizationId: principal.organizationId, id: contactId }, select: CONTACT_SELECT });
  if (!row) throw new AppError("not_found", "Contact not found.");
  return row;
}

/**
 * POST /api/v1/contacts/batch: up to 1,000 contacts created or updated by email (fields replaced, attributes
 * merged; the contact import's statement), all in one transaction. A row whose external id belongs to another
 * contact is skipped and reported. Invalid input writes nothing (422 naming the row and field).
 */
export async function upsertApiContacts({ principal, input }: { principal: ApiKeyPrincipal; input: unknown }) {
  const parsed = contactBatchSchema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error);
  const { organizationId } = principal;
  const rows = parsed.data.contacts.map((data, index) => ({
    row: index + 1,
    contact: {
      email: data.email,
      name: data.name ?? null,
      phone: data.phone ?? null,
      locale: data.locale ?? null,
      externalId: data.externalId ?? null,
      attributes: data.attributes ?? {},
    },
  }));
  const result = await db.$transaction((tx) => upsertContacts(tx, { organizationId, rows, onDuplicate: "update" }), { timeout: 60_000 });
  const emails = [...new Set(rows.map((row) => row.contact.email))];
  const stored = await db.contact.findMany({ where: { organizationId, email: { in: emails } }, select: { id: true, email: true } });
  return {
    created: result.created,
    updated: result.updated,
    skipped: result.skipped.map((skip) => ({ index: skip.row - 1, reason: skip.reason, field: skip.field ?? null })),
    contacts: stored.map((contact) => ({ id: contact.id, email: contact.email })),
  };
}

/** DELETE /api/v1/contacts/{id}: erases the contact's personal data (scores kept), like the contact page's erase. */
export async function eraseApiContact({ principal, id }: { principal: ApiKeyPrincipal; id: string }) {
  const contactId = pathId(id, "Contact");
  const result = await eraseContact({ actor: { organizationId: principal.organizationId, userId: principal.createdById, role: "ADMIN" }, contactId });
  return { id: contactId, erased: true, ...result };
}
