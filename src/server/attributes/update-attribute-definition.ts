import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { AppError } from "@/lib/errors";
import { attributeDefinitionUpdateSchema, type AttributeDefinitionUpdate } from "@/schemas/attributes";
import { invalidInput } from "@/server/cases/invalid-input";
import { db } from "@/server/db";
import { assertCanManageAttributes, type AttributeActor } from "./actor";
import { scheduleAggregateRebuild } from "./aggregate-rebuild";
import { readAliases, readBands } from "./list-attribute-definitions";

export type UpdateAttributeDefinitionOptions = {
  actor: AttributeActor;
  input: AttributeDefinitionUpdate | unknown;
  /** false: wait for the aggregate rebuild (tests); default: it runs in the server's background. */
  background?: boolean;
};

export type UpdateAttributeDefinitionResult = { key: string; rebuild: boolean };

function sameAliases(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => b[key] === a[key]);
}

/**
 * An admin's change to one attribute definition of their organisation: display names, kind, role, number bands,
 * merged values, position. The key itself never changes (responses keep it). When what responses count under
 * changes (role, kind, bands, merged values) the organisation's aggregates are rebuilt in the background
 * (getAggregateRebuildStatus shows the progress); names and position apply at once.
 */
export async function updateAttributeDefinition({ actor, input, background = true }: UpdateAttributeDefinitionOptions): Promise<UpdateAttributeDefinitionResult> {
  assertCanManageAttributes(actor);
  const parsed = attributeDefinitionUpdateSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error);
  const { key, labelZh, labelEn, kind, role, bands, valueAliases, position } = parsed.data;
  const { organizationId } = actor;
  const rebuild = await db.$transaction(async (tx) => {
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
    if (changesCounting) await tx.aggregateCombination.updateMany({ where: { organizationId, keys: { has: key } }, data: { readyAt: null } });
    return changesCounting;
  });
  if (rebuild) await scheduleAggregateRebuild(organizationId, { background });
  return { key, rebuild };
}
