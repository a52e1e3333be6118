import "server-only";
import { AppError } from "@/lib/errors";
import { parseRuleMatch } from "@/lib/case-rules";
import { caseRuleInputSchema, mergeRuleMatch, ruleMatchProblem, type CaseRuleInput } from "@/schemas/case-settings";
import { db } from "@/server/db";
import { assertCanManageCaseSettings, assertMember, assertUnit, lockCaseSettings, type CaseSettingsActor } from "./case-settings-actor";
import { invalidInput } from "./invalid-input";

export type SaveCaseRuleOptions = { actor: CaseSettingsActor; input: CaseRuleInput | unknown };

/**
 * Adds an assignment rule (last in the order) or changes one. On a change the conditions the settings form
 * edits (categories, max score, touchpoints, attributes) are replaced; other stored conditions are kept.
 * The owner is a member of the organisation, the manager of one of its units, or neither (then the
 * manager of the response's unit, the fallback owner …). A rule needs at least one condition.
 */
export async function saveCaseRule({ actor, input }: SaveCaseRuleOptions): Promise<{ id: string; position: number }> {
  assertCanManageCaseSettings(actor);
  const parsed = caseRuleInputSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error);
  const data = parsed.data;
  const { organizationId } = actor;
  return db.$transaction(async (tx) => {
    await lockCaseSettings(tx, organizationId);
    if (data.ownerId) await assertMember(tx, organizationId, data.ownerId, "ownerId");
    if (data.ownerUnitId) await assertUnit(tx, organizationId, data.ownerUnitId, "ownerUnitId");
    const existing = data.id
      ? await tx.caseRule.findUnique({ where: { organizationId_id: { organizationId, id: data.id } }, select: { id: true, match: true, position: true } })
      : null;
    if (data.id && !existing) throw new AppError("not_found", "Rule not found.");
    const match = existing ? mergeRuleMatch(parseRuleMatch(existing.match), data.match) : mergeRuleMatch(null, data.match);
    const problem = ruleMatchProblem(match);
    if (problem) {
      const message = problem === "match" ? "Add at least one condition." : "The highest score is below the lowest.";
      throw new AppError("validation_failed", `${problem}: ${message}`, { fields: [problem] });
    }
    const values = { name: data.name, match, ownerId: data.ownerId, ownerUnitId: data.ownerUnitId, priority: data.priority, active: data.active };
    if (existing) {
      await tx.caseRule.update({ where: { organizationId_id: { organizationId, id: existing.id } }, data: values });
      return { id: existing.id, position: existing.position };
    }
    const last = await tx.caseRule.aggregate({ where: { organizationId }, _max: { position: true } });
    const position = (last._max.position ?? -1) + 1;
    const created = await tx.caseRule.create({ data: { organizationId, position, ...values }, select: { id: true } });
    return { id: created.id, position };
  });
}
