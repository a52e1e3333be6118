import "server-only";
import { AppError } from "@/lib/errors";
import { caseRuleActiveSchema } from "@/schemas/case-settings";
import { db } from "@/server/db";
import { assertCanManageCaseSettings, type CaseSettingsActor } from "./case-settings-actor";
import { invalidInput } from "./invalid-input";

/** Switches a rule on or off (an inactive rule keeps its place and its cases, and matches nothing). */
export async function setCaseRuleActive({ actor, input }: { actor: CaseSettingsActor; input: { id: string; active: "true" | "false" } | unknown }) {
  assertCanManageCaseSettings(actor);
  const parsed = caseRuleActiveSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error);
  const updated = await db.caseRule.updateMany({ where: { organizationId: actor.organizationId, id: parsed.data.id }, data: { active: parsed.data.active } });
  if (updated.count === 0) throw new AppError("not_found", "Rule not found.");
  return { id: parsed.data.id, active: parsed.data.active };
}
