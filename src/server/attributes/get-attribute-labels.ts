import "server-only";
import type { AttributeKindName, AttributeRoleName } from "@/lib/attribute-defaults";
import type { Locale } from "@/i18n/locales";
import { db } from "@/server/db";

export type AttributeLabel = { key: string; label: Record<Locale, string>; role: AttributeRoleName; kind: AttributeKindName; position: number };

/** Display names of the organisation's attributes (all roles), in their settings order. */
export async function getAttributeLabels(organizationId: string): Promise<AttributeLabel[]> {
  const rows = await db.attributeDefinition.findMany({
    where: { organizationId },
    select: { key: true, labelZh: true, labelEn: true, role: true, kind: true, position: true },
    orderBy: [{ position: "asc" }, { key: "asc" }],
  });
  return rows.map((row) => ({ key: row.key, label: { "zh-CN": row.labelZh, en: row.labelEn }, role: row.role, kind: row.kind, position: row.position }));
}
