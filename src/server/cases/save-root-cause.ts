import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { AppError } from "@/lib/errors";
import { rootCauseInputSchema, rootCauseRenameSchema, type RootCauseInput, type RootCauseRenameInput } from "@/schemas/case-settings";
import { db } from "@/server/db";
import { assertCanManageCaseSettings, type CaseSettingsActor } from "./case-settings-actor";
import { invalidInput } from "./invalid-input";

export type SaveRootCauseOptions = { actor: CaseSettingsActor; input: RootCauseInput | RootCauseRenameInput | unknown };

function duplicateKey(): AppError {
  return new AppError("conflict", "key: A root cause with this key exists already.", { fields: ["key"] });
}

/**
 * Adds a root cause (key unique per organisation: 409 naming `key` when taken) or, with an `id`, renames
 * one in both languages — the key stays, since reports and exports refer to it.
 */
export async function saveRootCause({ actor, input }: SaveRootCauseOptions): Promise<{ id: string; key: string }> {
  assertCanManageCaseSettings(actor);
  const { organizationId } = actor;
  const hasId = typeof input === "object" && input !== null && "id" in input && (input as { id: unknown }).id !== undefined && (input as { id: unknown }).id !== "";
  if (hasId) {
    const parsed = rootCauseRenameSchema.safeParse(input);
    if (!parsed.success) throw invalidInput(parsed.error);
    const { id, labelZh, labelEn } = parsed.data;
    const found = await db.rootCause.findUnique({ where: { organizationId_id: { organizationId, id } }, select: { id: true, key: true } });
    if (!found) throw new AppError("not_found", "Root cause not found.");
    await db.rootCause.update({ where: { organizationId_id: { organizationId, id } }, data: { label: { "zh-CN": labelZh, en: labelEn } } });
    return found;
  }
  const parsed = rootCauseInputSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error);
  const { key, labelZh, labelEn } = parsed.data;
  const taken = await db.rootCause.findUnique({ where: { organizationId_key: { organizationId, key } }, select: { id: true } });
  if (taken) throw duplicateKey();
  try {
    return await db.rootCause.create({ data: { organizationId, key, label: { "zh-CN": labelZh, en: labelEn } }, select: { id: true, key: true } });
  } catch (error) {
    // Another admin added the same key in between.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") throw duplicateKey();
    throw error;
  }
}
