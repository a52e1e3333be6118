import "server-only";
import type { AttributeRoleName } from "@/lib/attribute-defaults";
import type { PersonalDataView } from "@/lib/personal-data";
import { getAttributeLabels } from "@/server/attributes/get-attribute-labels";

/** The organisation's attribute roles (key → DIMENSION / PERSONAL / HIDDEN) that masking needs; not read for the full view. */
export async function attributeRolesFor(organizationId: string, view: PersonalDataView): Promise<ReadonlyMap<string, AttributeRoleName>> {
  if (view === "full") return new Map();
  return new Map((await getAttributeLabels(organizationId)).map((a) => [a.key, a.role]));
}
