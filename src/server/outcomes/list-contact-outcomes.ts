import "server-only";
import { db } from "@/server/db";

export type ContactOutcome = { id: string; type: string; occurredAt: Date; amount: number | null; currency: string | null };

/** Newest first; how many the contact page shows. */
export const CONTACT_OUTCOMES_LIMIT = 50;

/**
 * A contact's behaviour events for their page's timeline, newest first, scoped to the organisation. Amounts are
 * left out for a masked view (a viewer's), as the contact's other personal data is.
 */
export async function listContactOutcomes({
  organizationId,
  contactId,
  personalData,
}: {
  organizationId: string;
  contactId: string;
  personalData: "full" | "masked";
}): Promise<{ total: number; events: ContactOutcome[] }> {
  const [total, rows] = await Promise.all([
    db.outcomeEvent.count({ where: { organizationId, contactId } }),
    db.outcomeEvent.findMany({
      where: { organizationId, contactId },
      orderBy: [{ occurredAt: "desc" }, { id: "desc" }],
      take: CONTACT_OUTCOMES_LIMIT,
      select: { id: true, type: true, occurredAt: true, amount: true, currency: true },
    }),
  ]);
  return {
    total,
    events: rows.map((row) => ({
      id: row.id,
      type: row.type,
      occurredAt: row.occurredAt,
      amount: personalData === "full" && row.amount !== null ? Number(row.amount) : null,
      currency: personalData === "full" ? row.currency : null,
    })),
  };
}
