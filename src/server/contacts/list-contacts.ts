import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { maskAttributes, maskContactDetails, type PersonalDataView } from "@/lib/personal-data";
import { db } from "@/server/db";
import { attributeRolesFor } from "./attribute-roles";

export const CONTACTS_PAGE_SIZE = 50;

export type ListContactsOptions = {
  organizationId: string;
  /** Searches email, name, phone and external id (case-insensitive substring); ignored for the masked view. */
  q?: string;
  /** 1-based. */
  page?: number;
  take?: number;
  /**
   * "masked" (viewers, src/lib/personal-data.ts): details and personal attributes masked, and no search — a search
   * by email or phone would tell who holds them.
   */
  personalData?: PersonalDataView;
};

/** One page of the organisation's contacts, newest first, with the total matching count. */
export async function listContacts({ organizationId, q = "", page = 1, take = CONTACTS_PAGE_SIZE, personalData = "full" }: ListContactsOptions) {
  const search = personalData === "full" ? q.trim() : "";
  const where: Prisma.ContactWhereInput = search
    ? {
        organizationId,
        OR: [
          { email: { contains: search, mode: "insensitive" } },
          { name: { contains: search, mode: "insensitive" } },
          { phone: { contains: search } },
          { externalId: { contains: search, mode: "insensitive" } },
        ],
      }
    : { organizationId };
  const [total, contacts] = await Promise.all([
    db.contact.count({ where }),
    db.contact.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (Math.max(1, page) - 1) * take,
      take,
      select: {
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
      },
    }),
  ]);
  const roles = await attributeRolesFor(organizationId, personalData);
  return {
    total,
    page: Math.max(1, page),
    pages: Math.max(1, Math.ceil(total / take)),
    personalData,
    contacts: contacts.map((contact) => ({
      ...maskContactDetails(contact, personalData),
      attributes: maskAttributes(contact.attributes as Record<string, unknown>, personalData, roles),
    })),
  };
}
