import "server-only";
import type { AttributeRoleName } from "@/lib/attribute-defaults";
import { maskAttributes, maskEmail, type PersonalDataView } from "@/lib/personal-data";
import type { ExportRow } from "./response-rows";

/**
 * An exported response as `view` may see it (src/lib/personal-data.ts): for "masked", the contact's email and the
 * personal attributes (by the organisation's roles) masked; scores, comments and dimensions unchanged.
 */
export function maskExportRow(row: ExportRow, view: PersonalDataView, roles: ReadonlyMap<string, AttributeRoleName>): ExportRow {
  if (view === "full") return row;
  const attributes =
    row.attributes !== null && typeof row.attributes === "object" && !Array.isArray(row.attributes)
      ? maskAttributes(row.attributes as Record<string, unknown>, view, roles)
      : row.attributes;
  return { ...row, email: row.email ? maskEmail(row.email) : row.email, attributes };
}
