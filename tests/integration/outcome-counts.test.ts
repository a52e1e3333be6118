/**
 * The validation report read from counts (docs/decisions/0028, src/server/outcomes/outcome-counts.ts) equals a
 * recomputation from the raw answers and events, and so does the row statement it replaces for the plain report —
 * on random data built to hit every edge: several answers per contact written out of time order, two answers at the
 * same instant, answers exactly on the period's edges (organisation time zone), on the maturity instant and on UTC
 * midnights, another survey's answers, anonymous answers, exclusions switched on and off, events through the API and
 * the import, an erased contact, answers still pending their fold — each checked while the contacts are marked (read
 * row by row), after settling (read from the counts; all time from their margins), and against a rebuild.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { addDays, ALL_TIME_FROM } from "@/lib/date-range";
import { classifyScore } from "@/lib/nps";
import { seededRandom } from "@/lib/random";
import type { ScoreRow } from "@/lib/outcome-report";
import { updateResponsesCounted, foldPendingResponses } from "@/server/analytics/response-aggregates";
import type { AnalyticsFilter } from "@/server/analytics/filter";
import { eraseContact } from "@/server/contacts/erase-contact";
import { db } from "@/server/db";
import { outcomeScoreRows } from "@/server/outcomes/get-outcome-report";
import { writeImportedOutcomes } from "@/server/outcomes/import-write";
import { outcomeCountRows, settleOutcomeState } from "@/server/outcomes/outcome-counts";
import { recordOutcomeEvents } from "@/server/outcomes/record-outcome-events";
import { createSurvey } from "@/server/surveys/create-survey";
import { createOrganization } from "./support/fixtures";
import { insertResponses } from "./support/responses";

const DAY = 86_400_000;
const HOUR = 3_600_000;
const TIME_ZONE = "Asia/Shanghai"; // UTC+8: the organisation's days do not start at UTC midnight
const NOW = new Date(Date.UTC(2026, 11, 7, 13, 17, 42, 123));
const CONTACTS = 40;

/** The same data every run, different edges each draw. */
const rand = seededRandom(20261207);
const pick = <T,>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;

let organizationId: string;
let surveyId: string;
let otherSurveyId: string;
let contacts: { id: string; externalId: string; email: string }[] = [];

/** Midnight of a local (UTC+8) date as an instant. */
const localMidnight = (day: string) => Date.parse(`${day}T00:00:00.000+08:00`);

/** The periods checked: all time, and ranges whose edges fall among the answers (from, to inclusive, local dates). */
const EDGE_RANGES = [
  { from: "2019-01-01", to: "2026-12-07" },
  { from: "2025-03-10", to: "2026-12-07" },
  { from: "2025-01-15", to: "2025-08-20" },
  { from: "2025-06-01", to: "2026-06-30" },
];
/** And all time as the API asks for it (ALL_TIME_FROM): no answer is that old, so it is read from the margins. */
const RANGES = [{ from: ALL_TIME_FROM, to: "2026-12-07" }, ...EDGE_RANGES];
const WINDOWS = [90, 180, 365] as const;
const TYPES = ["churned", "revenue"] as const;

/** Instants the answers and events crowd around: period edges, maturity instants, UTC midnights, ± 1 ms. */
const EDGES = (() => {
  const base: number[] = [];
  for (const r of EDGE_RANGES) base.push(localMidnight(r.from), localMidnight(addDays(r.to, 1)));
  for (const w of WINDOWS) base.push(NOW.getTime() - w * DAY);
  const utcMidnights = base.map((t) => Math.floor(t / DAY) * DAY);
  return [...base, ...utcMidnights].flatMap((t) => [t - 1, t, t + 1, t - 7 * HOUR, t + 30 * 60_000]);
})();

function answerTime(): number {
  const r = rand();
  if (r < 0.45) return pick(EDGES);
  // Otherwise anywhere in the last three years.
  return NOW.getTime() - Math.floor(rand() * 3 * 365 * DAY);
}

function answerRows(count: number, survey = () => (rand() < 0.85 ? surveyId : otherSurveyId)) {
  return Array.from({ length: count }, () => {
    const score = Math.floor(rand() * 11);
    const anonymous = rand() < 0.05;
    return {
      organizationId,
      surveyId: survey(),
      contactId: anonymous ? null : pick(contacts).id,
      score,
      category: classifyScore(score),
      locale: "zh-CN",
      channel: "IMPORT" as const,
      createdAt: new Date(answerTime()),
    };
  });
}

function eventItems(count: number, prefix: string) {
  return Array.from({ length: count }, (_, i) => {
    const contact = pick(contacts);
    const type = pick(["churned", "revenue", "revenue", "purchased"]);
    // Near an answer's edge or anywhere; exactly 90/180/365 days after an edge now and then.
    const at = rand() < 0.3 ? pick(EDGES) + pick(WINDOWS) * DAY + pick([-1, 0, 1]) : answerTime() + Math.floor(rand() * 200 * DAY);
    return {
      externalId: `${prefix}-${i}`,
      customerId: contact.externalId,
      type,
      occurredAt: new Date(Math.min(at, NOW.getTime())).toISOString(),
      ...(type === "revenue" ? { amount: Math.round((rand() * 2000 - 300) * 100) / 100 } : {}),
    };
  });
}

type Truth = { rows: ScoreRow[]; tooRecent: number };

/** The report's per-score rows recomputed in JavaScript from the raw rows read back. */
async function recompute(range: (typeof RANGES)[number], type: string, windowDays: number): Promise<Truth> {
  const from = localMidnight(range.from);
  const to = localMidnight(addDays(range.to, 1));
  const mature = NOW.getTime() - windowDays * DAY;
  const answers = await db.response.findMany({
    where: { organizationId, surveyId, contactId: { not: null }, score: { not: null }, excluded: false },
    select: { id: true, contactId: true, score: true, createdAt: true },
  });
  const events = await db.outcomeEvent.findMany({ where: { organizationId, type, contactId: { not: null } }, select: { contactId: true, occurredAt: true, amount: true } });
  const byContact = new Map<string, typeof answers>();
  for (const a of answers) {
    const t = a.createdAt.getTime();
    if (t >= from && t < to) byContact.set(a.contactId!, [...(byContact.get(a.contactId!) ?? []), a]);
  }
  const rows = new Map<number, ScoreRow>();
  let tooRecent = 0;
  for (const [contactId, list] of byContact) {
    const picked = list
      .filter((a) => a.createdAt.getTime() <= mature)
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))[0];
    if (!picked) {
      tooRecent++;
      continue;
    }
    const at = picked.createdAt.getTime();
    const inWindow = events.filter((e) => e.contactId === contactId && e.occurredAt.getTime() > at && e.occurredAt.getTime() <= at + windowDays * DAY);
    const amount = inWindow.reduce((s, e) => s + (e.amount === null ? 0 : Number(e.amount)), 0);
    const row = rows.get(picked.score!) ?? { score: picked.score!, n: 0, events: 0, amountSum: 0, amountSquares: 0 };
    row.n++;
    row.events += inWindow.length > 0 ? 1 : 0;
    row.amountSum += amount;
    row.amountSquares += amount * amount;
    rows.set(picked.score!, row);
  }
  return { rows: [...rows.values()].sort((a, b) => a.score - b.score), tooRecent };
}

function filterOf(range: (typeof RANGES)[number]): AnalyticsFilter {
  return { organizationId, timeZone: TIME_ZONE, range, surveyIds: [surveyId], channels: [], touchpoints: [], attributes: {}, unitIds: null };
}

function expectRowsEqual(actual: ScoreRow[], want: ScoreRow[], label: string) {
  expect(actual.map((r) => ({ score: r.score, n: r.n, events: r.events })), label).toEqual(want.map((r) => ({ score: r.score, n: r.n, events: r.events })));
  for (const [i, r] of want.entries()) {
    expect(actual[i]!.amountSum, label).toBeCloseTo(r.amountSum, 4);
    expect(actual[i]!.amountSquares / Math.max(1, r.amountSquares), label).toBeCloseTo(r.amountSquares / Math.max(1, r.amountSquares), 9);
  }
}

/** Every period × window × type: the counts' reading and the row statement equal the recomputation. */
async function expectExact(stage: string): Promise<number> {
  let picked = 0;
  for (const range of RANGES) {
    for (const windowDays of WINDOWS) {
      for (const type of TYPES) {
        const label = `${stage}: ${range.from}…${range.to} ${type} ${windowDays}`;
        const truth = await recompute(range, type, windowDays);
        const counted = await outcomeCountRows(filterOf(range), { type, windowDays, now: NOW });
        expectRowsEqual(counted.rows, truth.rows, `${label} (counts)`);
        expect(counted.tooRecent, `${label} (counts)`).toBe(truth.tooRecent);
        // The row statement (the page's variant with value at stake still runs it).
        const rowwise = await outcomeScoreRows(filterOf(range), { type, windowDays, now: NOW, withValue: true });
        expectRowsEqual(rowwise.rows, truth.rows, `${label} (rows)`);
        expect(rowwise.tooRecent, `${label} (rows)`).toBe(truth.tooRecent);
        picked += truth.rows.reduce((s, r) => s + r.n, 0);
      }
    }
  }
  return picked;
}

async function marks(): Promise<number> {
  return db.outcomeStateDirty.count({ where: { organizationId } });
}

/** The state and counts as settled, then as rebuilt from the raw rows: equal. */
async function expectSettledEqualsRebuild() {
  const read = async () => ({
    state: (await db.outcomeAnswerState.findMany({ where: { organizationId }, orderBy: [{ responseId: "asc" }, { type: "asc" }] })).map((s) => ({
      ...s,
      amount90: s.amount90.toString(),
      amount180: s.amount180.toString(),
      amount365: s.amount365.toString(),
    })),
    counts: (await db.outcomeAnswerCount.findMany({ where: { organizationId }, orderBy: [{ surveyId: "asc" }, { type: "asc" }, { nextDay: "asc" }, { createdDay: "asc" }, { score: "asc" }] })).map(
      (k) => Object.fromEntries(Object.entries(k).map(([key, value]) => [key, typeof value === "object" && value !== null && "toFixed" in value ? Number(value) : value])),
    ),
    margins: (await db.outcomeAnswerMargin.findMany({ where: { organizationId }, orderBy: [{ surveyId: "asc" }, { type: "asc" }, { axis: "asc" }, { day: "asc" }, { score: "asc" }] })).map(
      (m) => Object.fromEntries(Object.entries(m).map(([key, value]) => [key, typeof value === "object" && value !== null && "toFixed" in value ? Number(value) : value])),
    ),
  });
  const settled = await read();
  await db.$executeRaw`SELECT rebuild_outcome_state(${organizationId}::uuid)`;
  const rebuilt = await read();
  expect(settled.state).toEqual(rebuilt.state);
  expect(settled.counts).toEqual(rebuilt.counts);
  expect(settled.margins).toEqual(rebuilt.margins);
  expect(settled.counts.every((k) => (k.n as number) > 0)).toBe(true);
  expect(settled.margins.every((m) => (m.n as number) > 0)).toBe(true);
}

beforeAll(async () => {
  organizationId = (await createOrganization("Counts Bank")).id;
  await db.organization.update({ where: { id: organizationId }, data: { timeZone: TIME_ZONE } });
  surveyId = (await createSurvey({ organizationId, userId: null, input: { name: "Relationship", brandName: "Bank" } })).id;
  otherSurveyId = (await createSurvey({ organizationId, userId: null, input: { name: "Branch visit", brandName: "Bank" } })).id;
  contacts = (
    await db.contact.createManyAndReturn({
      data: Array.from({ length: CONTACTS }, (_, i) => ({ organizationId, externalId: `K-${i}`, email: `k${i}@bank.example` })),
      select: { id: true, externalId: true, email: true },
    })
  ).map((c) => ({ id: c.id, externalId: c.externalId!, email: c.email! }));
  // Another organisation with answers and events at the same instants: never in this one's counts.
  const foreign = (await createOrganization("Counts Foreign")).id;
  const foreignSurvey = (await createSurvey({ organizationId: foreign, userId: null, input: { name: "Theirs", brandName: "Other" } })).id;
  const [theirs] = await db.contact.createManyAndReturn({ data: [{ organizationId: foreign, externalId: "K-0" }], select: { id: true } });
  await insertResponses(
    EDGES.slice(0, 20).map((t) => ({ organizationId: foreign, surveyId: foreignSurvey, contactId: theirs!.id, score: 0, category: "DETRACTOR" as const, locale: "zh-CN", channel: "EMAIL" as const, createdAt: new Date(t) })),
  );
  await recordOutcomeEvents({ organizationId: foreign, input: { events: [{ externalId: "X-1", customerId: "K-0", type: "churned", occurredAt: new Date(EDGES[0]! + DAY).toISOString() }] } });
}, 120_000);

describe("the validation report from counts", () => {
  it("equals the raw rows marked, settled and rebuilt, through every writer", async () => {
    // 1. Answers (several per contact, out of time order, two at the same instant) and events through the API.
    const first = answerRows(260);
    first.push({ ...first[0]!, score: (first[0]!.score + 5) % 11, category: classifyScore((first[0]!.score + 5) % 11) }); // same contact, same instant
    await insertResponses(first);
    await recordOutcomeEvents({ organizationId, input: { events: eventItems(400, "A") } });
    expect(await marks()).toBeGreaterThan(0);
    const marked = await expectExact("marked");
    expect(marked).toBeGreaterThan(100);
    await settleOutcomeState(organizationId);
    expect(await marks()).toBe(0);
    expect(await expectExact("settled")).toBe(marked);
    await expectSettledEqualsRebuild();

    // 2. Older answers imported after them (their contacts' next answers change), events through the import's batch
    //    writer, exclusions switched on for some answers and back off for a few: checked marked, then settled.
    await insertResponses(answerRows(120));
    const imported = eventItems(150, "I").map((e, i) => ({
      row: i + 2,
      item: { externalId: e.externalId, customerId: e.customerId, email: null, type: e.type, occurredAt: Date.parse(e.occurredAt), amount: "amount" in e ? e.amount!.toFixed(4) : null, currency: "amount" in e ? "CNY" : null },
    }));
    await db.$transaction((tx) => writeImportedOutcomes(tx, organizationId, imported));
    const some = await db.response.findMany({ where: { organizationId, surveyId, contactId: { not: null } }, select: { id: true }, take: 60 });
    const excluded = some.filter(() => rand() < 0.5).map((r) => r.id);
    await db.$transaction((tx) => updateResponsesCounted(tx, organizationId, excluded, () => tx.response.updateMany({ where: { organizationId, id: { in: excluded } }, data: { excluded: true } })));
    const back = excluded.slice(0, 5);
    await db.$transaction((tx) => updateResponsesCounted(tx, organizationId, back, () => tx.response.updateMany({ where: { organizationId, id: { in: back } }, data: { excluded: false } })));
    await expectExact("imports and exclusions, marked");
    // Settled a part at a time: some contacts counted, the rest still marked.
    await db.$queryRaw`SELECT settle_outcome_state(${organizationId}::uuid, 7)`;
    await expectExact("partly settled");
    await settleOutcomeState(organizationId);
    await expectExact("imports and exclusions, settled");
    await expectSettledEqualsRebuild();

    // 3. Answers still pending their fold (the respondent's path, decision 0034): read from "Response" at once, then
    //    folded (their contacts marked), then settled.
    const pendingIds: string[] = [];
    for (const contact of contacts.slice(0, 6)) {
      const [row] = await db.$queryRaw<{ id: string }[]>`
        INSERT INTO "Response" ("id", "organizationId", "surveyId", "contactId", "score", "category", "locale", "channel", "completed", "createdAt", "updatedAt")
        VALUES (gen_random_uuid(), ${organizationId}::uuid, ${surveyId}::uuid, ${contact.id}::uuid, 3, 'DETRACTOR', 'zh-CN', 'EMAIL', true, ${new Date(NOW.getTime() - 5 * 60_000)}, now())
        RETURNING "id"::text`;
      pendingIds.push(row!.id);
    }
    await db.$executeRaw`INSERT INTO "ResponsePending" ("organizationId", "responseId") SELECT ${organizationId}::uuid, unnest(${pendingIds}::uuid[])`;
    await expectExact("pending");
    expect(await foldPendingResponses(organizationId)).toBe(pendingIds.length);
    await expectExact("folded");
    await settleOutcomeState(organizationId);
    await expectExact("folded, settled");

    // 4. An erased contact: amounts leave the sums, events stay.
    const withRevenue = await db.outcomeFollowUp.findFirstOrThrow({ where: { organizationId, type: "revenue", NOT: { amount365: 0 } }, select: { contactId: true } });
    await eraseContact({ actor: { organizationId, userId: null, role: "ADMIN" }, contactId: withRevenue.contactId });
    expect(await marks()).toBeGreaterThan(0);
    await expectExact("erased, marked");
    await settleOutcomeState(organizationId);
    await expectExact("erased, settled");
    await expectSettledEqualsRebuild();
  }, 600_000);
});
