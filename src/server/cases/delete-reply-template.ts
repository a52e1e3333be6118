import "server-only";
import { AppError } from "@/lib/errors";
import { replyTemplateIdSchema } from "@/schemas/case-settings";
import { db } from "@/server/db";
import { assertCanManageCaseSettings, lockCaseSettings, type CaseSettingsActor } from "./case-settings-actor";
import { invalidInput } from "./invalid-input";

/**
 * Deletes a reply template — unless it is the last one in its language (409): case owners always have a
 * starting text in zh-CN and in en. Sent replies keep their text (they are case events).
 */
export async function deleteReplyTemplate({ actor, input }: { actor: CaseSettingsActor; input: { id: string } | unknown }) {
  assertCanManageCaseSettings(actor);
  const parsed = replyTemplateIdSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error);
  const { organizationId } = actor;
  const { id } = parsed.data;
  return db.$transaction(async (tx) => {
    await lockCaseSettings(tx, organizationId);
    const template = await tx.replyTemplate.findFirst({ where: { organizationId, id }, select: { id: true, locale: true } });
    if (!template) throw new AppError("not_found", "Template not found.");
    const sameLocale = await tx.replyTemplate.count({ where: { organizationId, locale: template.locale } });
    if (sameLocale <= 1) throw new AppError("conflict", "This is the last template in its language.", { reason: "last_template" });
    await tx.replyTemplate.delete({ where: { organizationId_id: { organizationId, id: template.id } } });
    return { id };
  });
}
