import "server-only";
import { caseNoteSchema } from "@/schemas/case";
import { db } from "@/server/db";
import { invalidInput } from "./invalid-input";
import { loadCaseFor, type CaseActor } from "./case-actor";

/** Adds a note to a case's timeline. */
export async function addCaseNote({ actor, input }: { actor: CaseActor; input: unknown }): Promise<{ eventId: string }> {
  const parsed = caseNoteSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error);
  return db.$transaction(async (tx) => {
    const c = await loadCaseFor(tx, actor, parsed.data.caseId, { act: true });
    const event = await tx.caseEvent.create({
      data: { organizationId: actor.organizationId, caseId: c.id, kind: "NOTE", actorId: actor.userId, body: parsed.data.body },
    });
    await tx.case.update({ where: { organizationId_id: { organizationId: actor.organizationId, id: c.id } }, data: { updatedAt: new Date() } });
    return { eventId: event.id };
  });
}
