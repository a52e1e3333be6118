import "server-only";
import { db } from "@/server/db";

/** The organisation's units for the chat channel form: code and name, ordered by code. */
export async function listChatUnits(organizationId: string): Promise<{ id: string; label: string }[]> {
  const units = await db.orgUnit.findMany({ where: { organizationId }, orderBy: { code: "asc" }, select: { id: true, code: true, name: true }, take: 2000 });
  return units.map((u) => ({ id: u.id, label: `${u.name} (${u.code})` }));
}
