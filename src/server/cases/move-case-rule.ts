import "server-only";
import { AppError } from "@/lib/errors";
import { caseRuleMoveSchema } from "@/schemas/case-settings";
import { db } from "@/server/db";
import { assertCanManageCaseSettings, lockCaseSettings, type CaseSettingsActor } from "./case-settings-actor";
import { invalidInput } from "./invalid-input";

export type MoveCaseRuleOptions = { actor: CaseSettingsActor; input: { id: string; direction: "up" | "down" } | unknown };

/**
 * Moves a rule one place up or down in the order the case opener tries them, and renumbers the
 * organisation's rules 0, 1, 2 … (so ties and gaps left by older data disappear). The first rule moving up
 * (or the last moving down) stays where it is.
 */
export async function moveCaseRule({ actor, input }: MoveCaseRuleOptions): Promise<{ order: string[] }> {
  assertCanManageCaseSettings(actor);
  const parsed = caseRuleMoveSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error);
  const { id, direction } = parsed.data;
  const { organizationId } = actor;
  return db.$transaction(async (tx) => {
    await lockCaseSettings(tx, organizationId);
    const rules = await tx.caseRule.findMany({ where: { organizationId }, orderBy: [{ position: "asc" }, { id: "asc" }], select: { id: true, position: true } });
    const from = rules.findIndex((rule) => rule.id === id);
    if (from === -1) throw new AppError("not_found", "Rule not found.");
    const to = direction === "up" ? from - 1 : from + 1;
    const order = rules.map((rule) => rule.id);
    if (to >= 0 && to < order.length) {
      const [moved] = order.splice(from, 1);
      if (moved) order.splice(to, 0, moved);
    }
    for (const [position, ruleId] of order.entries()) {
      if (rules.find((rule) => rule.id === ruleId)?.position === position) continue;
      await tx.caseRule.update({ where: { organizationId_id: { organizationId, id: ruleId } }, data: { position } });
    }
    return { order };
  });
}
