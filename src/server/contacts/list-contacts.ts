import "server-only";
import { db } from "@/server/db";

export async function listContacts({ organizationId, take = 100 }: { organizationId: string; take?: number }) {
  const [total, contacts] = await Promise.all([
    db.contact.count({ where: { organizationId } }),
    db.contact.findMany({
      where: { organizationId },
      orderBy: { createdAt: "desc" },
      take,
      select: { id: true, email: true, name: true, locale: true, attributes: true, unsubscribedAt: true, createdAt: true },
    }),
  ]);
  return {
    total,
    contacts: contacts.map((contact) => ({ ...contact, attributes: contact.attributes as Record<string, unknown> })),
  };
}
