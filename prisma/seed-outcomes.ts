/**
 * Demo behaviour data (issue 15): churn, purchases, revenue and complaints for the demo bank's contacts with a
 * planted relationship to their relationship-survey answers — detractors churn and complain more, promoters buy
 * more — so the validation report ("does NPS predict behaviour here?") shows a true verdict. Each contact's event
 * follows their latest relationship answer that is at least 180 days old (the report's default window); contacts
 * whose latest mature invitation went unanswered churn more (the report's non-response comparison), others get events
 * at the base rates. Its own random numbers: every other seeded figure stays as it was.
 * Called by prisma/seed.ts inside its transaction, after the responses.
 */
import type { Prisma } from "../src/generated/prisma/client.ts";
import { classifyScore, type NpsCategory } from "../src/lib/nps.ts";
import { seededRandom } from "../src/lib/random.ts";

const DAY = 86_400_000;
const WINDOW_DAYS = 180;

/** Chance of each outcome within the window after the answer, per category (the planted relationship). */
const RATES: Record<NpsCategory, { churned: number; purchased: number; complaint: number; revenue: number }> = {
  DETRACTOR: { churned: 0.3, purchased: 0.12, complaint: 0.25, revenue: 0.5 },
  PASSIVE: { churned: 0.14, purchased: 0.22, complaint: 0.08, revenue: 0.65 },
  PROMOTER: { churned: 0.06, purchased: 0.38, complaint: 0.03, revenue: 0.8 },
};
const BASE = { churned: 0.12, purchased: 0.2, complaint: 0.08, revenue: 0.6 };
/** Invited and never answered: they leave more than the average respondent, as banks usually find. */
const SILENT = { churned: 0.22, purchased: 0.14, complaint: 0.1, revenue: 0.55 };

export async function seedOutcomes(
  tx: Prisma.TransactionClient,
  { organizationId, surveyId, now }: { organizationId: string; surveyId: string; now: Date },
): Promise<number> {
  const next = seededRandom(20261207);
  const matureBefore = now.getTime() - WINDOW_DAYS * DAY;
  const contacts = await tx.contact.findMany({ where: { organizationId }, select: { id: true, externalId: true }, orderBy: { externalId: "asc" } });
  const answers = await tx.response.findMany({
    where: { organizationId, surveyId, score: { not: null }, contactId: { not: null }, excluded: false, createdAt: { lte: new Date(matureBefore) } },
    select: { contactId: true, score: true, createdAt: true },
    orderBy: { createdAt: "asc" },
  });
  const latest = new Map<string, { score: number; at: number }>();
  for (const answer of answers) latest.set(answer.contactId!, { score: answer.score!, at: answer.createdAt.getTime() });
  // Contacts whose latest invitation at least a window old went unanswered (how the report's non-response comparison
  // sees them): their events follow that invitation, at the rates of customers who stay silent.
  const silentSince = new Map<string, number>();
  for (const invitation of await tx.invitation.findMany({
    where: { organizationId, surveyId, createdAt: { lte: new Date(matureBefore) } },
    select: { contactId: true, createdAt: true, respondedAt: true },
    orderBy: { createdAt: "asc" },
  })) {
    if (invitation.respondedAt) silentSince.delete(invitation.contactId);
    else silentSince.set(invitation.contactId, invitation.createdAt.getTime());
  }

  const rows: Prisma.OutcomeEventCreateManyInput[] = [];
  for (const contact of contacts) {
    const invitedAt = silentSince.get(contact.id);
    const answer = invitedAt === undefined ? latest.get(contact.id) : undefined;
    const rates = answer ? RATES[classifyScore(answer.score)] : invitedAt !== undefined ? SILENT : BASE;
    // Without a mature answer or invitation, events fall anywhere in the last year.
    const start = answer ? answer.at : (invitedAt ?? now.getTime() - 365 * DAY);
    const span = answer || invitedAt !== undefined ? WINDOW_DAYS - 2 : 364;
    const at = () => new Date(Math.min(now.getTime() - DAY, start + (1 + next() * span) * DAY));
    let n = 0;
    const add = (type: string, amount?: number) =>
      rows.push({
        organizationId,
        contactId: contact.id,
        type,
        occurredAt: at(),
        externalId: `demo-${contact.externalId ?? contact.id}-${type}-${n++}`,
        ...(amount === undefined ? {} : { amount: amount.toFixed(2), currency: "CNY" }),
      });
    if (next() < rates.churned) add("churned");
    if (next() < rates.purchased) add("purchased", 2000 + Math.round(next() * 30000));
    if (next() < rates.complaint) add("complaint");
    if (next() < rates.revenue) add("revenue", Math.round((answer && classifyScore(answer.score) === "PROMOTER" ? 1800 : 1100) * (0.5 + next())));
  }
  await tx.outcomeEvent.createMany({ data: rows });
  return rows.length;
}
