import "server-only";
import { AppError } from "@/lib/errors";
import { caseRuleIdSchema } from "@/schemas/case-settings";
import { db } from "@/server/db";
import { assertCanManageCaseSettings, lockCaseSettings, type CaseSettingsActor } from "./case-settings-actor";
import { invalidInput } from "./invalid-input";

/**
 * Deletes a rule that no case refers to (409 otherwise: cases keep the rule that assigned them, so such a
 * rule can only be deactivated), and closes the gap in the order.
 */
export async function deleteCaseRule({ actor, input }: { actor: CaseSettingsActor; input: { id: string } | unknown }) {
  assertCanManageCaseSettings(actor);
  const parsed = caseRuleIdSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error);
  const { organizationId } = actor;
  const { id } = parsed.data;
  return db.$transaction(async (tx) => {
    await lockCaseSettings(tx, organizationId);
    const rule = await tx.caseRule.findUnique({ where: { organizationId_id: { organizationId, id } }, select: { id: true, position: true } });
    if (!rule) throw new AppError("not_found", "Rule not found.");
    const cases = await tx.case.count({ where: { organizationId, ruleId: id } });
    if (cases > 0) throw new AppError("conflict", "Cases were assigned by this rule: deactivate it instead.", { cases });
    await tx.caseRule.delete({ where: { organizationId_id: { organizationId, id } } });
    await tx.caseRule.updateMany({ where: { organizationId, position: { gt: rule.position } }, data: { position: { decrement: 1 } } });
    return { id };
  });
}
