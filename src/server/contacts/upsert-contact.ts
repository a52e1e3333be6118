import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { contactInputSchema, type ContactInput } from "@/schemas/contact";

type Tx = Prisma.TransactionClient;

/** Creates the contact or updates it (matched by email within the organisation); attributes are merged. */
export async function upsertContact(tx: Tx, { organizationId, input }: { organizationId: string; input: ContactInput }) {
  const data = contactInputSchema.parse(input);
  const existing = await tx.contact.findUnique({
    where: { organizationId_email: { organizationId, email: data.email } },
  });
  if (!existing) {
    return tx.contact.create({
      data: {
        organizationId,
        email: data.email,
        name: data.name ?? null,
        locale: data.locale ?? null,
        attributes: data.attributes ?? {},
      },
    });
  }
  const attributes = {
    ...(existing.attributes as Record<string, unknown>),
    ...(data.attributes ?? {}),
  } as Prisma.InputJsonObject;
  return tx.contact.update({
    where: { id: existing.id },
    data: {
      name: data.name ?? existing.name,
      locale: data.locale ?? existing.locale,
      attributes,
    },
  });
}
