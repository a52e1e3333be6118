import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { AppError } from "@/lib/errors";
import { attributeDefinitionUpdateSchema, type AttributeDefinitionUpdate } from "@/schemas/attributes";
import { invalidInput } from "@/server/cases/invalid-input";
import { db } from "@/server/db";
import { assertCanManageAttributes, type AttributeActor } from "./actor";
import { requestAggregateRebuild } from "@/server/org-settings/aggregate-rebuilds";
import { readAliases, readBands } from "./list-attribute-definitions";

export type UpdateAttributeDefinitionOptions = {
  actor: AttributeActor;
  input: AttributeDefinitionUpdate | unknown;
};

/** `rebuildId`: the aggregate rebuild the change queued for the worker (null when nothing counts differently). */
export type UpdateAttributeDefinitionResult = { key: string; rebuild: boolean; rebuildId: string | null };

function sameAliases(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => b[key] === a[key]);
}

/**
 * An admin's change to one attribute definition of their organisation: display names, kind, role, number bands,
 * merged values, position. The key itself never changes (responses keep it). When what responses count under
 * changes (role, kind, bands, merged values) the change's transaction also queues a rebuild of the organisation's
 * aggregates for the worker (src/server/org-settings/aggregate-rebuilds.ts: a row with its state and progress,
 * which the page polls); names and position apply at once.
 */
export async function updateAttributeDefinition({ actor, input }: UpdateAttributeDefinitionOptions): Promise<UpdateAttributeDefinitionResult> {
  assertCanManageAttributes(actor);
  const parsed = attributeDefinitionUpdateSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error);
  const { key, labelZh, labelEn, kind, role, bands, valueAliases, position } = parsed.data;
  const { organizationId } = actor;
  const rebuildId = await db.$transaction(async (tx) => {
    const current = await tx.attributeDefinition.findUnique({ where: { organizationId_key: { organizationId, key } } });
    if (!current) throw new AppError("not_found", "No such attribute.");
    const oldBands = readBands(current.bands);
    const changesCounting =
      current.role !== role ||
      current.kind !== kind ||
      JSON.stringify(oldBands) !== JSON.stringify(bands) ||
      !sameAliases(readAliases(current.valueAliases), valueAliases);
    await tx.attributeDefinition.update({
      where: { organizationId_key: { organizationId, key } },
      data: { labelZh, labelEn, kind, role, bands: bands ?? Prisma.DbNull, valueAliases, position },
    });
    // The combinations holding this key count under its old definition until the rebuild: not read meanwhile
    // (docs/decisions/0027, "Readiness"); the rebuild marks them ready again.
    if (!changesCounting) return null;
    await tx.aggregateCombination.updateMany({ where: { organizationId, keys: { has: key } }, data: { readyAt: null } });
    return requestAggregateRebuild({ organizationId, userId: actor.userId, reason: "attribute", tx });
  });
  return { key, rebuild: rebuildId !== null, rebuildId };
}
