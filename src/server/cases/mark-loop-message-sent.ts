import "server-only";
import { AppError } from "@/lib/errors";
import { db } from "@/server/db";
import type { CaseActor } from "./case-actor";
import { assertLoopAccess, LOOP_LISTS, loopResponsesWhere, markLoopSentInputSchema } from "./list-loop-contacts";

/**
 * Records that the referral / review ask (promoter) or activation message (passive) went out. Idempotent: the
 * first time sets loopMessageSentAt to `now`; later calls keep that first time and return it. A response not
 * on either list for the actor (other tenant, out of scope, not consented, a detractor) is not_found.
 */
export async function markLoopMessageSent({ actor, input, now = new Date() }: { actor: CaseActor; input: unknown; now?: Date }): Promise<{ sentAt: Date; changed: boolean }> {
  assertLoopAccess(actor);
  const parsed = markLoopSentInputSchema.safeParse(input);
  if (!parsed.success) throw new AppError("not_found", "Response not found.");
  const onList = { OR: LOOP_LISTS.map((list) => loopResponsesWhere(actor, list)) };
  const where = { AND: [onList, { id: parsed.data.responseId }] };
  const updated = await db.response.updateMany({ where: { AND: [where, { loopMessageSentAt: null }] }, data: { loopMessageSentAt: now } });
  const row = await db.response.findFirst({ where, select: { loopMessageSentAt: true } });
  if (!row?.loopMessageSentAt) throw new AppError("not_found", "Response not found.");
  return { sentAt: row.loopMessageSentAt, changed: updated.count > 0 };
}
