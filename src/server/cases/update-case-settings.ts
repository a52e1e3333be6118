import "server-only";
import { caseSlaSettingsSchema, type CaseSlaSettingsInput } from "@/schemas/case-settings";
import { db } from "@/server/db";
import { assertCanManageCaseSettings, assertMember, type CaseSettingsActor } from "./case-settings-actor";
import { invalidInput } from "./invalid-input";

export type UpdateCaseSettingsOptions = { actor: CaseSettingsActor; input: CaseSlaSettingsInput | unknown };

/** Sets the SLA hours per priority (new cases only: open cases keep their due time) and the fallback owner (a member, or none). */
export async function updateCaseSettings({ actor, input }: UpdateCaseSettingsOptions) {
  assertCanManageCaseSettings(actor);
  const parsed = caseSlaSettingsSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error);
  const { slaHours, fallbackOwnerId } = parsed.data;
  if (fallbackOwnerId) await assertMember(db, actor.organizationId, fallbackOwnerId, "fallbackOwnerId");
  const updated = await db.organization.update({
    where: { id: actor.organizationId },
    data: { caseSlaHours: slaHours, fallbackCaseOwnerId: fallbackOwnerId },
    select: { caseSlaHours: true, fallbackCaseOwnerId: true },
  });
  return { slaHours, fallbackOwnerId: updated.fallbackCaseOwnerId };
}
