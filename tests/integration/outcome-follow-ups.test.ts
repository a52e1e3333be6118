/**
 * "OutcomeFollowUp" (docs/decisions/0028) is kept by every writer in its own transaction: answers written before and
 * after their contacts' events, events through the API and the import (duplicates included), an erased contact. After
 * each mix of writes the table equals a rebuild from the raw rows, and the validation report — for every window and
 * several types, with value at stake — equals a recomputation from the raw answers and events.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { classifyScore, roundTo } from "@/lib/nps";
import { revenueWeightedNps, type ValueCategories } from "@/lib/outcome-value";
import { eraseContact } from "@/server/contacts/erase-contact";
import { db } from "@/server/db";
import { getOutcomeReport } from "@/server/outcomes/get-outcome-report";
import { writeImportedOutcomes } from "@/server/outcomes/import-write";
import { recordOutcomeEvents } from "@/server/outcomes/record-outcome-events";
import { createSurvey } from "@/server/surveys/create-survey";
import { createOrganization } from "./support/fixtures";
import { insertResponses } from "./support/responses";

const DAY = 86_400_000;
const NOW = new Date(Date.UTC(2026, 11, 7));
const CONTACTS = 90;

let organizationId: string;
let foreignId: string;
let surveyId: string;
let contacts: { id: string; externalId: string; email: string }[] = [];

async function followUps(org: string) {
  const rows = await db.outcomeFollowUp.findMany({ where: { organizationId: org }, orderBy: [{ responseId: "asc" }, { type: "asc" }] });
  return rows.map((r) => ({ ...r, amount90: r.amount90.toString(), amount180: r.amount180.toString(), amount365: r.amount365.toString() }));
}

/** The table as the writers left it, then as rebuilt from the raw rows: equal. */
async function expectEqualToRebuild(org: string) {
  const kept = await followUps(org);
  await db.$executeRaw`SELECT rebuild_outcome_follow_ups(${org}::uuid)`;
  expect(kept).toEqual(await followUps(org));
  return kept.length;
}

type Answer = { contactId: string; score: number; at: number };
type Event = { contactId: string; type: string; at: number; amount: number };

/** The report's rows recomputed from the raw answers and events read back from the database. */
async function recompute(type: string, windowDays: number) {
  const answers: Answer[] = (
    await db.response.findMany({ where: { organizationId, surveyId, contactId: { not: null }, score: { not: null }, excluded: false }, select: { contactId: true, score: true, createdAt: true } })
  ).map((r) => ({ contactId: r.contactId!, score: r.score!, at: r.createdAt.getTime() }));
  const events: Event[] = (
    await db.outcomeEvent.findMany({ where: { organizationId, contactId: { not: null } }, select: { contactId: true, type: true, occurredAt: true, amount: true } })
  ).map((e) => ({ contactId: e.contactId!, type: e.type, at: e.occurredAt.getTime(), amount: e.amount === null ? 0 : Number(e.amount) }));
  const matureBefore = NOW.getTime() - windowDays * DAY;
  const byContact = new Map<string, Answer[]>();
  for (const a of answers) byContact.set(a.contactId, [...(byContact.get(a.contactId) ?? []), a]);
  const groups = { promoter: { n: 0, events: 0, amount: 0 }, passive: { n: 0, events: 0, amount: 0 }, detractor: { n: 0, events: 0, amount: 0 } };
  const empty = () => ({ n: 0, revenue: 0, revenueSquares: 0, churned: 0, churnedRevenue: 0 });
  const value: ValueCategories = { promoter: empty(), passive: empty(), detractor: empty() };
  let tooRecent = 0;
  for (const [contactId, list] of byContact) {
    const mature = list.filter((a) => a.at <= matureBefore).sort((a, b) => b.at - a.at);
    const picked = mature[0];
    if (!picked) {
      tooRecent++;
      continue;
    }
    const inWindow = (t: string) => events.filter((e) => e.contactId === contactId && e.type === t && e.at > picked.at && e.at <= picked.at + windowDays * DAY);
    const key = classifyScore(picked.score).toLowerCase() as keyof typeof groups;
    const own = inWindow(type);
    groups[key].n++;
    if (own.length > 0) groups[key].events++;
    groups[key].amount += own.reduce((s, e) => s + e.amount, 0);
    const revenue = Math.max(0, inWindow("revenue").reduce((s, e) => s + e.amount, 0));
    const churned = inWindow("churned").length > 0;
    const sums = value[key];
    sums.n++;
    sums.revenue += revenue;
    sums.revenueSquares += revenue * revenue;
    sums.churned += churned ? 1 : 0;
    sums.churnedRevenue += churned ? revenue : 0;
  }
  return { groups, value, tooRecent };
}

async function expectReportEqualsRecomputation() {
  for (const windowDays of [90, 180, 365]) {
    for (const type of ["churned", "revenue", "purchased", "complaint"]) {
      const report = await getOutcomeReport({ organizationId, surveyId, searchParams: new URLSearchParams(`type=${type}&windowDays=${windowDays}`), now: NOW, withValue: true });
      const truth = await recompute(type, windowDays);
      expect(report.api.excludedTooRecent, `${type} ${windowDays}`).toBe(truth.tooRecent);
      for (const group of report.api.groups) {
        const want = truth.groups[group.key];
        expect({ key: group.key, n: group.n, events: group.events }, `${type} ${windowDays}`).toEqual({ key: group.key, n: want.n, events: want.events });
        if (type === "revenue") expect("meanAmount" in group ? group.meanAmount : undefined, `${type} ${windowDays}`).toBe(roundTo(want.amount / want.n, 2));
      }
      expect(report.value?.weighted?.nps, `${type} ${windowDays}`).toBeCloseTo(revenueWeightedNps(truth.value)!.nps, 6);
    }
  }
}

function apiEvent(contact: (typeof contacts)[number], externalId: string, type: string, at: number, amount?: number, byEmail = false) {
  return {
    externalId,
    ...(byEmail ? { email: contact.email } : { customerId: contact.externalId }),
    type,
    occurredAt: new Date(at).toISOString(),
    ...(amount === undefined ? {} : { amount }),
  };
}

/** The first answer of contact i: 400–449 days before NOW. */
const answeredAt = (i: number) => NOW.getTime() - (400 + (i % 50)) * DAY;

beforeAll(async () => {
  organizationId = (await createOrganization("Follow-up Bank")).id;
  foreignId = (await createOrganization("Follow-up Foreign")).id;
  surveyId = (await createSurvey({ organizationId, userId: null, input: { name: "Relationship", brandName: "Bank" } })).id;
  contacts = (
    await db.contact.createManyAndReturn({
      data: Array.from({ length: CONTACTS }, (_, i) => ({ organizationId, externalId: `F-${i}`, email: `f${i}@bank.example`, attributes: { region: i % 2 ? "华东" : "华北" } })),
      select: { id: true, externalId: true, email: true },
    })
  ).map((c) => ({ id: c.id, externalId: c.externalId!, email: c.email! }));
  // A contact of another organisation with an answer and events at the same times: never in this organisation's rows.
  const [theirs] = await db.contact.createManyAndReturn({ data: [{ organizationId: foreignId, externalId: "F-0" }], select: { id: true } });
  const theirSurvey = (await createSurvey({ organizationId: foreignId, userId: null, input: { name: "Theirs", brandName: "Other" } })).id;
  await insertResponses([
    { organizationId: foreignId, surveyId: theirSurvey, contactId: theirs!.id, score: 0, category: "DETRACTOR", locale: "zh-CN", channel: "EMAIL", createdAt: new Date(answeredAt(0)) },
  ]);
  await recordOutcomeEvents({ organizationId: foreignId, input: { events: [{ externalId: "X-1", customerId: "F-0", type: "churned", occurredAt: new Date(answeredAt(0) + 10 * DAY).toISOString() }] } });
}, 120_000);

describe("the answers' follow-ups", () => {
  it("stay equal to a rebuild and the report to a recomputation through interleaved writes", async () => {
    // 1. First answers, before any event.
    await insertResponses(
      contacts.map((c, i) => ({ organizationId, surveyId, contactId: c.id, score: i % 11, category: classifyScore(i % 11), locale: "zh-CN", channel: "EMAIL" as const, createdAt: new Date(answeredAt(i)) })),
    );
    expect(await expectEqualToRebuild(organizationId)).toBe(0);

    // 2. Events through the API: churn 10/110/210/310 days after, revenue in and after the windows (a refund too),
    //    an event before the answer, purchases; then the same call again (every event a duplicate: nothing changes).
    const events = contacts.flatMap((c, i) => {
      const at = answeredAt(i);
      return [
        apiEvent(c, `A-${i}-churn`, "churned", at + ((i % 4) * 100 + 10) * DAY, undefined, i % 2 === 0),
        apiEvent(c, `A-${i}-rev1`, "revenue", at + 30 * DAY, 100 + i),
        apiEvent(c, `A-${i}-rev2`, "revenue", at + 150 * DAY, i % 3 === 0 ? -500 : 40.25),
        apiEvent(c, `A-${i}-rev3`, "revenue", at + 300 * DAY, 1000),
        apiEvent(c, `A-${i}-before`, "revenue", at - 5 * DAY, 77),
        apiEvent(c, `A-${i}-late`, "churned", at + 366 * DAY),
        ...(i % 5 === 0 ? [apiEvent(c, `A-${i}-buy`, "purchased", at + 200 * DAY, 3000)] : []),
        // The answer's very instant does not count (after the answer only); the window's last instant does.
        ...(i % 7 === 0 ? [apiEvent(c, `A-${i}-same`, "complaint", at), apiEvent(c, `A-${i}-edge`, "complaint", at + 90 * DAY)] : []),
      ];
    });
    expect((await recordOutcomeEvents({ organizationId, input: { events } })).accepted).toBe(events.length);
    const before = await followUps(organizationId);
    expect(await recordOutcomeEvents({ organizationId, input: { events } })).toMatchObject({ accepted: 0, duplicates: events.length });
    expect(await followUps(organizationId)).toEqual(before);
    expect(await expectEqualToRebuild(organizationId)).toBeGreaterThan(0);
    await expectReportEqualsRecomputation();

    // 3. Later answers written after the events they precede (a historical import): every third contact 60 days after
    //    the first answer (mature for 90 and 180 days, for 365 only for some), contact 1 once more after all its events.
    await insertResponses([
      ...contacts
        .filter((_, i) => i % 3 === 0)
        .map((c, k) => ({ organizationId, surveyId, contactId: c.id, score: (k * 7) % 11, category: classifyScore((k * 7) % 11), locale: "en", channel: "IMPORT" as const, createdAt: new Date(answeredAt(k * 3) + 60 * DAY) })),
      { organizationId, surveyId, contactId: contacts[1]!.id, score: 2, category: "DETRACTOR", locale: "en", channel: "IMPORT", createdAt: new Date(answeredAt(1) + 367 * DAY) },
    ]);
    await expectEqualToRebuild(organizationId);
    await expectReportEqualsRecomputation();

    // 4. Events through the import's batch writer, in its transaction: new ones, one already sent through the API and
    //    one repeated within the batch (duplicates), one for nobody (unmatched).
    const imported = contacts.slice(0, 40).map((c, i) => ({
      row: i + 2,
      item: { externalId: `I-${i}`, customerId: i % 2 ? c.externalId : null, email: i % 2 ? null : c.email, type: i % 2 ? "complaint" : "revenue", occurredAt: answeredAt(i) + 70 * DAY, amount: i % 2 ? null : "250.5000", currency: i % 2 ? null : "CNY" },
    }));
    const extra = [
      { row: 50, item: { ...imported[0]!.item } },
      { row: 51, item: { ...imported[1]!.item, externalId: "A-3-rev1" } },
      { row: 52, item: { ...imported[2]!.item, externalId: "I-nobody", customerId: "NOBODY", email: null } },
    ];
    const result = await db.$transaction((tx) => writeImportedOutcomes(tx, organizationId, [...imported, ...extra]));
    expect(result).toMatchObject({ created: 40, duplicates: 2 });
    expect(result.skipped.map((s) => s.row)).toEqual([52]);
    await expectEqualToRebuild(organizationId);
    await expectReportEqualsRecomputation();

    // 5. Erasing contacts: their events stay in the rates, their amounts leave the sums.
    for (const i of [0, 3, 5]) await eraseContact({ actor: { organizationId, userId: null, role: "ADMIN" }, contactId: contacts[i]!.id });
    const erased = await db.outcomeFollowUp.findMany({ where: { organizationId, contactId: contacts[3]!.id } });
    expect(erased.length).toBeGreaterThan(0);
    expect(erased.every((f) => f.amount90.isZero() && f.amount180.isZero() && f.amount365.isZero())).toBe(true);
    await expectEqualToRebuild(organizationId);
    await expectReportEqualsRecomputation();

    // Tenants apart: the other organisation's rows are its own.
    const theirs = await followUps(foreignId);
    expect(theirs).toHaveLength(1);
    expect(await expectEqualToRebuild(foreignId)).toBe(1);
  }, 300_000);
});
