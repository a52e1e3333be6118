import "server-only";
import { Prisma } from "@/generated/prisma/client";
import type { ScoreRow } from "@/lib/outcome-report";
import type { AnalyticsFilter } from "@/server/analytics/filter";
import { db, TX_OPTIONS } from "@/server/db";
import { followUpWithin } from "./follow-ups";

/**
 * The validation report from counts (docs/decisions/0028, "Counts that do not grow with contacts"). Each answer with a
 * contact and a score ("OutcomeAnswerState") knows the time of the same contact's next answer to the survey (nextAt),
 * so whether it is the contact's picked answer is a test of that row alone:
 *
 *   picked ⇔ from ≤ createdAt < to ∧ createdAt ≤ matureBefore ∧ ¬(nextAt < to ∧ nextAt ≤ matureBefore)
 *   latest ⇔ from ≤ createdAt < to ∧ ¬(nextAt < to)            (the contact answered in the period)
 *
 * and too recent = latest − picked. "OutcomeAnswerCount" counts the rows by UTC day of createdAt and of nextAt, and
 * "OutcomeAnswerMargin" by each of those days alone. On days the test becomes a day formula (created after df and
 * before the cutoff's day, next after it), which the counts answer by summing the rows whose next answer is after the
 * cutoff — and, when no answer was created on or before df (every all-time report), the margins answer in O(days):
 * [created < K ∧ next > K] = [created < K] − [next ≤ K] + [created = K = next]. The day formula differs from the exact
 * test only for answers on a boundary day (created on df, dt or dm, or followed on dt or dm): those are read one by one,
 * their exact value added and their day value taken out. Contacts whose answers or follow-ups changed since the counts
 * were settled (marked in "OutcomeStateDirty", or with an answer still pending its fold, decision 0034) are read as
 * they are now: their counted rows' day values taken out, their answers recomputed (outcome_state_rows) and tested
 * exactly. One snapshot (a repeatable-read transaction of a few reads): exactly the row statement's figures
 * (tests/integration/outcome-counts.test.ts), read without visiting every contact.
 */

/** Whether a report can be read from the counts: one survey, no attribute, channel, touchpoint or unit narrowing. */
export function countsAnswer(filter: AnalyticsFilter): boolean {
  return (
    filter.surveyIds.length === 1 &&
    filter.channels.length === 0 &&
    filter.touchpoints.length === 0 &&
    filter.unitIds === null &&
    Object.values(filter.attributes).every((values) => values.length === 0)
  );
}

const DAY = 86_400_000;
const utcDay = (at: Date) => at.toISOString().slice(0, 10);
const dayStart = (day: string) => new Date(`${day}T00:00:00.000Z`);

/** An answer's state row as it is now (outcome_state_rows), instants and amount as text: passed back unchanged. */
type FreshRow = { type: string; score: number; createdAt: string; nextAt: string | null; firstAt: string | null; amount: string };

type CountRow = { score: number; n: number; events: number; amountSum: number; amountSquares: number; latest: number };

/** outcomeScoreRows' rows (no value, no segments) for a filter countsAnswer accepts. */
export async function outcomeCountRows(
  filter: AnalyticsFilter,
  { type, windowDays, now }: { type: string; windowDays: number; now: Date },
): Promise<{ rows: ScoreRow[]; tooRecent: number }> {
  const org = filter.organizationId;
  const survey = filter.surveyIds[0];
  const within = followUpWithin(windowDays);
  const [bounds] = await db.$queryRaw<{ from: Date; to: Date }[]>`
    SELECT (${filter.range.from}::date::timestamp AT TIME ZONE ${filter.timeZone}) AS "from",
           ((${filter.range.to}::date + 1)::timestamp AT TIME ZONE ${filter.timeZone}) AS "to"`;
  if (!bounds) throw new Error("outcomeCountRows: no bounds");
  const from = bounds.from;
  const to = bounds.to;
  const mature = new Date(now.getTime() - windowDays * DAY);
  const [df, dt, dm] = [utcDay(from), utcDay(to), utcDay(mature)];
  const cutDay = dt < dm ? dt : dm;
  // The day formula (what the counts can answer): picked ⇔ df < createdDay < cutDay ∧ nextDay > cutDay, latest ⇔
  // df < createdDay < dt ∧ nextDay > dt. It equals the exact test except for answers on a boundary day — created on
  // df, dt or dm, or followed on dt or dm — which are read one by one: their exact value in, their day value out.
  const boundaryDays = [...new Set([df, dt, dm])];
  const nextBoundaryDays = [...new Set([dt, dm])];
  const onDay = (column: string, day: string) =>
    Prisma.sql`(s.${Prisma.raw(column)} >= ${dayStart(day)} AND s.${Prisma.raw(column)} < ${new Date(dayStart(day).getTime() + DAY)})`;
  const onBoundary = Prisma.join([...boundaryDays.map((d) => onDay(`"createdAt"`, d)), ...nextBoundaryDays.map((d) => onDay(`"nextAt"`, d))], " OR ");
  const events = Prisma.raw(`"events${windowDays}"`);
  const amounts = Prisma.raw(`"amount${windowDays}"`);
  const squares = Prisma.raw(`"squares${windowDays}"`);
  const exactPicked = Prisma.sql`(x."createdAt" >= ${from} AND x."createdAt" < ${to} AND x."createdAt" <= ${mature}
    AND NOT coalesce(x."nextAt" < ${to} AND x."nextAt" <= ${mature}, false))`;
  const exactLatest = Prisma.sql`(x."createdAt" >= ${from} AND x."createdAt" < ${to} AND NOT coalesce(x."nextAt" < ${to}, false))`;
  const createdDay = Prisma.sql`(x."createdAt" AT TIME ZONE 'UTC')::date`;
  const nextDay = Prisma.sql`coalesce((x."nextAt" AT TIME ZONE 'UTC')::date, 'infinity'::date)`;
  const dayPicked = Prisma.sql`(${createdDay} > ${df}::date AND ${createdDay} < ${cutDay}::date AND ${nextDay} > ${cutDay}::date)`;
  const dayLatest = Prisma.sql`(${createdDay} > ${df}::date AND ${createdDay} < ${dt}::date AND ${nextDay} > ${dt}::date)`;
  // A row's part in the sums: wExact × exact test + wDay × day formula.
  const weight = (exact: Prisma.Sql, day: Prisma.Sql) => Prisma.sql`(x."wExact" * (${exact})::int + x."wDay" * (${day})::int)`;
  const pickedWeight = weight(exactPicked, dayPicked);
  const latestWeight = weight(exactLatest, dayLatest);
  // One snapshot for the reads (marked contacts, their answers now, the sums): a settle or a writer committing
  // meanwhile is seen by all of them or by none. The recomputation runs as a statement of its own (on Citus a function
  // reading distributed tables cannot run inside a query pushed to a shard).
  const result = await db.$transaction(
    async (tx) => {
      const marked = (
        await tx.$queryRaw<{ contactId: string }[]>`
          SELECT d."contactId"::text AS "contactId" FROM "OutcomeStateDirty" d WHERE d."organizationId" = ${org}::uuid
          UNION
          SELECT r."contactId"::text FROM "ResponsePending" q
          JOIN "Response" r ON r."organizationId" = q."organizationId" AND r."id" = q."responseId"
          WHERE q."organizationId" = ${org}::uuid AND r."organizationId" = ${org}::uuid AND r."contactId" IS NOT NULL`
      ).map((row) => row.contactId);
      const fresh =
        marked.length === 0
          ? []
          : await tx.$queryRaw<FreshRow[]>`
              SELECT s."type", s."score"::int AS score, to_json(s."createdAt")#>>'{}' AS "createdAt", to_json(s."nextAt")#>>'{}' AS "nextAt",
                     to_json(s."firstAt")#>>'{}' AS "firstAt", s.${amounts}::text AS amount
              FROM outcome_state_rows(${org}::uuid, ${marked}::uuid[]) s
              WHERE s."surveyId" = ${survey}::uuid AND s."type" IN ('', ${type})`;
      // The day formula summed over every counted answer. With no answer created on or before df (an all-time report)
      // it is a sum of margins: [createdDay < K ∧ nextDay > K] = [createdDay < K] − [nextDay ≤ K] + [both = K]
      // (createdDay ≤ nextDay), a few thousand rows whatever the contacts; otherwise the counts whose next answer is
      // after the cutoff.
      const [{ before } = { before: false }] = await tx.$queryRaw<{ before: boolean }[]>`
        SELECT EXISTS (SELECT 1 FROM "OutcomeAnswerMargin" m WHERE m."organizationId" = ${org}::uuid AND m."surveyId" = ${survey}::uuid
          AND m."type" = '' AND m."axis" = 'c' AND m."day" <= ${df}::date) AS before`;
      const daySums = before
        ? Prisma.sql`
          SELECT k."score"::int AS score,
                 coalesce(sum(k."n") FILTER (WHERE k."type" = '' AND k."createdDay" < ${cutDay}::date), 0) AS n,
                 coalesce(sum(k.${events}) FILTER (WHERE k."type" = ${type} AND k."createdDay" < ${cutDay}::date), 0) AS events,
                 coalesce(sum(k.${amounts}) FILTER (WHERE k."type" = ${type} AND k."createdDay" < ${cutDay}::date), 0) AS "amountSum",
                 coalesce(sum(k.${squares}) FILTER (WHERE k."type" = ${type} AND k."createdDay" < ${cutDay}::date), 0) AS "amountSquares",
                 coalesce(sum(k."n") FILTER (WHERE k."type" = '' AND k."nextDay" > ${dt}::date), 0) AS latest
          FROM "OutcomeAnswerCount" k
          WHERE k."organizationId" = ${org}::uuid AND k."surveyId" = ${survey}::uuid AND k."type" IN ('', ${type})
            AND k."nextDay" > ${cutDay}::date AND k."createdDay" > ${df}::date AND k."createdDay" < ${dt}::date
          GROUP BY 1`
        : Prisma.sql`
          SELECT m."score"::int AS score,
                 coalesce(sum(m."n" * d.w) FILTER (WHERE m."type" = ''), 0) AS n,
                 coalesce(sum(m.${events} * d.w) FILTER (WHERE m."type" = ${type}), 0) AS events,
                 coalesce(sum(m.${amounts} * d.w) FILTER (WHERE m."type" = ${type}), 0) AS "amountSum",
                 coalesce(sum(m.${squares} * d.w) FILTER (WHERE m."type" = ${type}), 0) AS "amountSquares",
                 coalesce(sum(m."n" * d.wl) FILTER (WHERE m."type" = ''), 0) AS latest
          FROM "OutcomeAnswerMargin" m
          CROSS JOIN LATERAL (SELECT
            CASE WHEN m."axis" = 'c' AND m."day" < ${cutDay}::date THEN 1 WHEN m."axis" = 'n' AND m."day" <= ${cutDay}::date THEN -1 ELSE 0 END AS w,
            CASE WHEN m."axis" = 'c' AND m."day" < ${dt}::date THEN 1 WHEN m."axis" = 'n' AND m."day" <= ${dt}::date THEN -1 ELSE 0 END AS wl) d
          WHERE m."organizationId" = ${org}::uuid AND m."surveyId" = ${survey}::uuid AND m."type" IN ('', ${type})
            AND ((m."axis" = 'c' AND m."day" < ${dt}::date) OR (m."axis" = 'n' AND m."day" <= ${dt}::date))
          GROUP BY 1
          UNION ALL
          SELECT k."score"::int,
                 coalesce(sum(k."n") FILTER (WHERE k."type" = '' AND k."nextDay" = ${cutDay}::date AND k."createdDay" = ${cutDay}::date), 0),
                 coalesce(sum(k.${events}) FILTER (WHERE k."type" = ${type} AND k."nextDay" = ${cutDay}::date AND k."createdDay" = ${cutDay}::date), 0),
                 coalesce(sum(k.${amounts}) FILTER (WHERE k."type" = ${type} AND k."nextDay" = ${cutDay}::date AND k."createdDay" = ${cutDay}::date), 0),
                 coalesce(sum(k.${squares}) FILTER (WHERE k."type" = ${type} AND k."nextDay" = ${cutDay}::date AND k."createdDay" = ${cutDay}::date), 0),
                 coalesce(sum(k."n") FILTER (WHERE k."type" = '' AND k."nextDay" = ${dt}::date AND k."createdDay" = ${dt}::date), 0)
          FROM "OutcomeAnswerCount" k
          WHERE k."organizationId" = ${org}::uuid AND k."surveyId" = ${survey}::uuid AND k."type" IN ('', ${type})
            AND k."nextDay" IN (${cutDay}::date, ${dt}::date) AND k."createdDay" IN (${cutDay}::date, ${dt}::date)
          GROUP BY 1`;
      return tx.$queryRaw<CountRow[]>`
        WITH x AS (
          -- answers on a boundary day, of contacts not marked: exact test in, day formula out
          SELECT s."type", s."score", s."createdAt", s."nextAt", s."firstAt", s.${amounts} AS amount, 1 AS "wExact", -1 AS "wDay"
          FROM "OutcomeAnswerState" s
          WHERE s."organizationId" = ${org}::uuid AND s."surveyId" = ${survey}::uuid AND s."type" IN ('', ${type}) AND (${onBoundary})
            AND NOT (s."contactId" = ANY(${marked}::uuid[]))
          UNION ALL
          -- marked contacts' answers as counted: their day formula out
          SELECT s."type", s."score", s."createdAt", s."nextAt", s."firstAt", s.${amounts}, 0, -1
          FROM "OutcomeAnswerState" s
          WHERE s."organizationId" = ${org}::uuid AND s."contactId" = ANY(${marked}::uuid[]) AND s."surveyId" = ${survey}::uuid AND s."type" IN ('', ${type})
          UNION ALL
          -- marked contacts' answers as they are now: exact test in
          SELECT f."type", f."score"::smallint, f."createdAt", f."nextAt", f."firstAt", f.amount, 1, 0
          FROM unnest(${fresh.map((f) => f.type)}::text[], ${fresh.map((f) => f.score)}::int[], ${fresh.map((f) => f.createdAt)}::timestamptz[],
                      ${fresh.map((f) => f.nextAt)}::timestamptz[], ${fresh.map((f) => f.firstAt)}::timestamptz[], ${fresh.map((f) => f.amount)}::numeric[])
               AS f("type", "score", "createdAt", "nextAt", "firstAt", amount)
        ),
        rowwise AS (
          SELECT x."score"::int AS score,
                 coalesce(sum(${pickedWeight}) FILTER (WHERE x."type" = ''), 0) AS n,
                 coalesce(sum(${pickedWeight}) FILTER (WHERE x."type" = ${type} AND x."firstAt" <= x."createdAt" + ${within.interval}), 0) AS events,
                 coalesce(sum(${pickedWeight} * x.amount) FILTER (WHERE x."type" = ${type}), 0) AS "amountSum",
                 coalesce(sum(${pickedWeight} * x.amount * x.amount) FILTER (WHERE x."type" = ${type}), 0) AS "amountSquares",
                 coalesce(sum(${latestWeight}) FILTER (WHERE x."type" = ''), 0) AS latest
          FROM x GROUP BY 1
        )
        SELECT score, sum(n)::int AS n, sum(events)::int AS events, sum("amountSum")::float8 AS "amountSum",
               sum("amountSquares")::float8 AS "amountSquares", sum(latest)::int AS latest
        FROM (${daySums} UNION ALL SELECT * FROM rowwise) t GROUP BY score ORDER BY score`;
    },
    { ...TX_OPTIONS, isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead },
  );
  let latestTotal = 0;
  const rows: ScoreRow[] = [];
  for (const r of result) {
    latestTotal += r.latest;
    if (r.n !== 0) rows.push({ score: r.score, n: r.n, events: r.events, amountSum: r.amountSum, amountSquares: r.amountSquares });
  }
  const pickedTotal = rows.reduce((sum, r) => sum + r.n, 0);
  return { rows, tooRecent: latestTotal - pickedTotal };
}

/** How many marked contacts one settle statement recounts. */
export const SETTLE_BATCH = 5_000;

/**
 * Recounts the organisation's marked contacts in the report's counts, a batch per transaction, until none is left
 * (the worker's minute job, after imports). Returns the marks settled.
 */
export async function settleOutcomeState(organizationId: string): Promise<number> {
  let settled = 0;
  for (;;) {
    const [row] = await db.$queryRaw<{ n: number }[]>`SELECT settle_outcome_state(${organizationId}::uuid, ${SETTLE_BATCH}::int) AS n`;
    const n = row?.n ?? 0;
    settled += n;
    if (n < SETTLE_BATCH) return settled;
  }
}

/** settleOutcomeState for every organisation with marks. */
export async function settleAllOutcomeStates(): Promise<number> {
  const organizations = await db.$queryRaw<{ id: string }[]>`SELECT DISTINCT "organizationId"::text AS "id" FROM "OutcomeStateDirty"`;
  let settled = 0;
  for (const { id } of organizations) settled += await settleOutcomeState(id);
  return settled;
}
