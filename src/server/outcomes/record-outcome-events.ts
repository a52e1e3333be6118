import "server-only";
import { recordOutcomesSchema, type RecordOutcomesResult } from "@/schemas/outcome";
import { validationError } from "@/server/http/respond";
import { db, TX_OPTIONS } from "@/server/db";
import { addEventFollowUps } from "./follow-ups";

/**
 * POST /api/v1/outcomes: stores behaviour events matched to contacts by email (lower-cased) or customer id (the
 * contact's externalId). Idempotent by externalId: an id already stored — or repeated earlier in the same call —
 * counts as a duplicate and changes nothing. Events without a matching contact are not stored and are reported by
 * their index. Erased contacts (no email any more) do not match by email.
 */
export async function recordOutcomeEvents({ organizationId, input }: { organizationId: string; input: unknown }): Promise<RecordOutcomesResult> {
  const parsed = recordOutcomesSchema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error);
  const { events } = parsed.data;

  const emails = [...new Set(events.flatMap((e) => (e.email === undefined ? [] : [e.email.toLowerCase()])))];
  const customerIds = [...new Set(events.flatMap((e) => (e.customerId === undefined ? [] : [e.customerId])))];
  const [byEmail, byCustomerId] = await Promise.all([
    emails.length
      ? db.contact.findMany({ where: { organizationId, email: { in: emails } }, select: { id: true, email: true } })
      : Promise.resolve([]),
    customerIds.length
      ? db.contact.findMany({ where: { organizationId, externalId: { in: customerIds } }, select: { id: true, externalId: true } })
      : Promise.resolve([]),
  ]);
  const emailMap = new Map(byEmail.map((c) => [c.email!, c.id]));
  const customerMap = new Map(byCustomerId.map((c) => [c.externalId!, c.id]));

  const unmatched: RecordOutcomesResult["unmatched"] = [];
  const seen = new Set<string>();
  let repeated = 0;
  const rows: { organizationId: string; contactId: string; type: string; occurredAt: Date; amount: string | null; currency: string | null; externalId: string }[] = [];
  events.forEach((event, index) => {
    const contactId = event.email !== undefined ? emailMap.get(event.email.toLowerCase()) : customerMap.get(event.customerId!);
    if (contactId === undefined) {
      unmatched.push({ index, reason: "contact_not_found" });
      return;
    }
    if (seen.has(event.externalId)) {
      repeated += 1;
      return;
    }
    seen.add(event.externalId);
    rows.push({
      organizationId,
      contactId,
      type: event.type,
      occurredAt: new Date(event.occurredAt),
      amount: event.amount === undefined ? null : event.amount.toFixed(4),
      currency: event.amount === undefined ? (event.currency ?? null) : (event.currency ?? "CNY"),
      externalId: event.externalId,
    });
  });
  // The stored events and their part of the answers' follow-ups (docs/decisions/0028) in one transaction.
  const count = rows.length
    ? await db.$transaction(async (tx) => {
        const created = await tx.outcomeEvent.createManyAndReturn({ data: rows, skipDuplicates: true, select: { id: true } });
        await addEventFollowUps(tx, organizationId, created.map((e) => e.id));
        return created.length;
      }, { ...TX_OPTIONS, timeout: 60_000 })
    : 0;
  return { accepted: count, duplicates: repeated + rows.length - count, unmatched };
}
