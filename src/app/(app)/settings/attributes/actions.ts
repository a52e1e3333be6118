"use server";

import { revalidatePath } from "next/cache";
import { isAppError } from "@/lib/errors";
import { parseAliasesText, parseBandsText } from "@/schemas/attributes";
import { updateAttributeDefinition } from "@/server/attributes/update-attribute-definition";
import { requireRole } from "@/server/auth/session";
import { retryFailedAggregateRebuild } from "@/server/org-settings/aggregate-rebuilds";
import { requestAggregateRebuildRun } from "@/server/queue/boss";
import type { AttributesMessageKey, AttributesState } from "./state";

const PATH = "/settings/attributes";

function fieldMessage(field: string): AttributesMessageKey {
  switch (field) {
    case "labelZh":
    case "labelEn":
      return "attributes.error.label";
    case "bands":
      return "attributes.error.bands";
    case "valueAliases":
      return "attributes.error.aliases";
    case "role":
      return "attributes.error.role";
    case "position":
      return "attributes.error.position";
    default:
      return "attributes.error.invalid";
  }
}

const text = (formData: FormData, name: string) => String(formData.get(name) ?? "");

/** Saves one attribute definition: role check (ADMIN+), the form's text fields parsed, then the service. */
export async function updateAttributeAction(_state: AttributesState, formData: FormData): Promise<AttributesState> {
  const values = {
    key: text(formData, "key"),
    labelZh: text(formData, "labelZh"),
    labelEn: text(formData, "labelEn"),
    kind: text(formData, "kind"),
    role: text(formData, "role"),
    bands: text(formData, "bands"),
    valueAliases: text(formData, "valueAliases"),
    position: text(formData, "position"),
  };
  const at = Date.now();
  const aliases = parseAliasesText(values.valueAliases);
  if ("badLine" in aliases) {
    return { ok: false, at, error: "attributes.error.invalid", fields: { valueAliases: "attributes.error.aliasLine" }, params: { line: aliases.badLine }, values };
  }
  try {
    const viewer = await requireRole("ADMIN");
    const result = await updateAttributeDefinition({
      actor: { organizationId: viewer.organizationId, userId: viewer.userId, role: viewer.role },
      input: {
        key: values.key,
        labelZh: values.labelZh,
        labelEn: values.labelEn,
        kind: values.kind,
        role: values.role,
        bands: parseBandsText(values.bands),
        valueAliases: aliases.aliases,
        position: values.position === "" ? 0 : values.position,
      },
    });
    // The rebuild is queued with the change; the worker is woken now rather than at its next minute.
    if (result.rebuildId) await requestAggregateRebuildRun();
    revalidatePath(PATH);
    return { ok: true, at, rebuild: result.rebuild };
  } catch (error) {
    if (!isAppError(error)) throw error;
    if (error.code === "forbidden" || error.code === "unauthorized") return { ok: false, at, error: "attributes.error.forbidden", values };
    if (error.code === "not_found") return { ok: false, at, error: "attributes.error.notFound", values };
    const details = (error.details ?? {}) as { fields?: unknown };
    if (error.code === "validation_failed" && Array.isArray(details.fields)) {
      const fields: Record<string, AttributesMessageKey> = {};
      for (const path of details.fields.map(String)) {
        const field = path.split(".")[0] ?? path;
        fields[field] ??= fieldMessage(field);
      }
      return { ok: false, at, error: "attributes.error.invalid", fields, values };
    }
    return { ok: false, at, error: "attributes.error.failed", values };
  }
}

/** Asks the worker again for the organisation's last aggregate rebuild after it failed (ADMIN+). */
export async function retryAggregateRebuildAction(): Promise<void> {
  const viewer = await requireRole("ADMIN");
  if (await retryFailedAggregateRebuild({ organizationId: viewer.organizationId, userId: viewer.userId })) await requestAggregateRebuildRun();
  revalidatePath(PATH);
}
