import "server-only";
import { db } from "@/server/db";

/** The units a key can be limited to, for the key page's select: "code · name", by code. */
export async function listApiKeyUnitOptions({ organizationId }: { organizationId: string }): Promise<{ id: string; label: string }[]> {
  const units = await db.orgUnit.findMany({ where: { organizationId }, orderBy: { code: "asc" }, select: { id: true, code: true, name: true }, take: 2000 });
  return units.map((unit) => ({ id: unit.id, label: `${unit.code} · ${unit.name}` }));
}
