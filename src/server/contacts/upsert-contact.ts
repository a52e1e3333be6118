import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { AppError } from "@/lib/errors";
import { contactInputSchema, type ContactInput } from "@/schemas/contact";
import { upsertContacts } from "./upsert-contacts";

type Tx = Prisma.TransactionClient;

/**
 * Creates the contact or updates it (matched by email within the organisation): the given fields replace the
 * stored ones, attributes are merged. The same statement as the bulk import (upsertContacts), for one row.
 */
export async function upsertContact(tx: Tx, { organizationId, input }: { organizationId: string; input: ContactInput }) {
  const data = contactInputSchema.parse(input);
  const { skipped } = await upsertContacts(tx, {
    organizationId,
    onDuplicate: "update",
    rows: [
      {
        row: 1,
        contact: {
          email: data.email,
          name: data.name ?? null,
          phone: data.phone ?? null,
          locale: data.locale ?? null,
          externalId: data.externalId ?? null,
          attributes: data.attributes ?? {},
        },
      },
    ],
  });
  if (skipped.length) throw new AppError("conflict", "This external id already belongs to another contact.");
  return tx.contact.findUniqueOrThrow({ where: { organizationId_email: { organizationId, email: data.email } } });
}
