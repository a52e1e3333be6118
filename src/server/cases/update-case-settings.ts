import "server-only";
import { caseSlaSettingsSchema, type CaseSlaSettingsInput } from "@/schemas/case-settings";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import { auditIpOrNull } from "@/server/audit/request-context";
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
  const before = await db.organization.findUniqueOrThrow({ where: { id: actor.organizationId }, select: { caseSlaHours: true, fallbackCaseOwnerId: true } });
  const updated = await db.organization.update({
    where: { id: actor.organizationId },
    data: { caseSlaHours: slaHours, fallbackCaseOwnerId: fallbackOwnerId },
    select: { caseSlaHours: true, fallbackCaseOwnerId: true },
  });
  await recordAuditEvent({
    organizationId: actor.organizationId,
    actorId: actor.userId,
    action: "settings.change",
    targetType: "Organization",
    targetId: actor.organizationId,
    details: {
      section: "cases",
      before: { slaHours: before.caseSlaHours, fallbackOwnerId: before.fallbackCaseOwnerId },
      after: { slaHours: updated.caseSlaHours, fallbackOwnerId: updated.fallbackCaseOwnerId },
    },
    ip: await auditIpOrNull(),
  });
  return { slaHours, fallbackOwnerId: updated.fallbackCaseOwnerId };
}
