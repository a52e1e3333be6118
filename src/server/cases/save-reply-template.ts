import "server-only";
import { AppError } from "@/lib/errors";
import { replyTemplateInputSchema, type ReplyTemplateInput } from "@/schemas/case-settings";
import { db } from "@/server/db";
import { assertCanManageCaseSettings, lockCaseSettings, type CaseSettingsActor } from "./case-settings-actor";
import { invalidInput } from "./invalid-input";

export type SaveReplyTemplateOptions = { actor: CaseSettingsActor; input: ReplyTemplateInput | unknown };

/**
 * Adds a reply template or changes one. Subject and body may use only the placeholders the reply sender
 * fills ({name}, {brand}); anything else would reach the customer as written (422). Moving the last
 * template of a language to the other language is refused (409), as deleting it is.
 */
export async function saveReplyTemplate({ actor, input }: SaveReplyTemplateOptions): Promise<{ id: string }> {
  assertCanManageCaseSettings(actor);
  const parsed = replyTemplateInputSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error);
  const { id, ...values } = parsed.data;
  const { organizationId } = actor;
  if (!id) return db.replyTemplate.create({ data: { organizationId, ...values }, select: { id: true } });
  return db.$transaction(async (tx) => {
    await lockCaseSettings(tx, organizationId);
    const existing = await tx.replyTemplate.findFirst({ where: { organizationId, id }, select: { id: true, locale: true } });
    if (!existing) throw new AppError("not_found", "Template not found.");
    if (existing.locale !== values.locale) {
      const sameLocale = await tx.replyTemplate.count({ where: { organizationId, locale: existing.locale } });
      if (sameLocale <= 1) throw new AppError("conflict", "locale: This is the last template in its language.", { fields: ["locale"], reason: "last_template" });
    }
    await tx.replyTemplate.update({ where: { organizationId_id: { organizationId, id: existing.id } }, data: values });
    return { id: existing.id };
  });
}
