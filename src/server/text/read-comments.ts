import "server-only";
import { createHash } from "node:crypto";
import { analyzeText, compileTaxonomy } from "@/lib/text/analyze";
import type { ThemeRule } from "@/lib/text/themes";
import { db } from "@/server/db";
import { loadTaxonomy } from "./taxonomy";
import { appendThemeAggregates, forgetCommentReadings, lockResponsesForReading } from "./theme-aggregates";

/**
 * Bump when the reader itself changes (lexicon, dictionary, rules of src/lib/text): every comment is read again,
 * as after a taxonomy edit.
 */
export const READER_VERSION = "1";

/** Which taxonomy (and reader) a comment was read with: a change of either reads every comment again. */
export function taxonomyHash(rules: readonly ThemeRule[]): string {
  const canonical = rules.map((r) => [r.key, r.labelZh, r.labelEn, r.parentKey ?? null, [...r.keywords], [...(r.exclusions ?? [])]]);
  return createHash("sha256").update(JSON.stringify([READER_VERSION, canonical])).digest("hex").slice(0, 32);
}

/** The same digest PostgreSQL's md5(text) gives for the comment (UTF-8). */
function commentHash(comment: string): string {
  return createHash("md5").update(comment, "utf8").digest("hex");
}

type Pending = { id: string; surveyId: string; comment: string };

/** One comment's reading as written to "ResponseText". */
type Reading = {
  responseId: string;
  surveyId: string;
  sentiment: number;
  polarity: string;
  themes: string[];
  themeSentiments: number[];
  tokens: string[];
  commentHash: string;
};

/** Comments read between two turns of the event loop (~20–50 ms of work). */
const YIELD_EVERY = 50;

/** Comments never read, read with another taxonomy, or changed since they were read. */
async function pendingComments(organizationId: string, hash: string, limit: number): Promise<Pending[]> {
  return db.$queryRaw<Pending[]>`
    SELECT r.id, r."surveyId", r.comment FROM "Response" r
    LEFT JOIN "ResponseText" x ON x."organizationId" = r."organizationId" AND x."responseId" = r.id
    WHERE r."organizationId" = ${organizationId}::uuid AND r.comment IS NOT NULL AND btrim(r.comment) <> ''
      AND (x."responseId" IS NULL OR x."taxonomyHash" <> ${hash} OR x."commentHash" <> md5(r.comment))
    ORDER BY r."createdAt" DESC
    LIMIT ${limit}`;
}

export type ReadCommentsResult = { read: number; removed: number; done: boolean };

/**
 * Reads the organisation's pending comments in batches (newest first, so a new answer is read within the next run)
 * until none are left or `budgetMs` has passed, and forgets readings whose comment was removed. Idempotent and safe
 * beside itself: each batch is one upsert keyed by the response.
 */
export async function readComments({
  organizationId,
  batchSize = 1000,
  budgetMs = 20_000,
  maxBatches = Number.POSITIVE_INFINITY,
}: {
  organizationId: string;
  batchSize?: number;
  budgetMs?: number;
  /** Stop after this many batches even with time left (the minute job's turn per organisation). */
  maxBatches?: number;
}): Promise<ReadCommentsResult> {
  const started = Date.now();
  const rules = await loadTaxonomy(organizationId);
  const hash = taxonomyHash(rules);
  const taxonomy = compileTaxonomy(rules);
  const gone = await db.$queryRaw<{ id: string }[]>`
    SELECT x."responseId" AS id FROM "ResponseText" x JOIN "Response" r ON r."organizationId" = x."organizationId" AND r.id = x."responseId"
    WHERE x."organizationId" = ${organizationId}::uuid AND (r.comment IS NULL OR btrim(r.comment) = '')`;
  // Uncounted from the theme pre-aggregate in the transaction that deletes them (docs/decisions/0031).
  const removed = gone.length
    ? await db.$transaction((tx) => forgetCommentReadings(tx, organizationId, gone.map((g) => g.id)), { timeout: 120_000, maxWait: 60_000 })
    : 0;
  let read = 0;
  for (let batches = 1; ; batches += 1) {
    const batch = await pendingComments(organizationId, hash, batchSize);
    if (batch.length === 0) return { read, removed, done: true };
    const rows: Reading[] = [];
    for (const [index, r] of batch.entries()) {
      // Reading is CPU work on the worker's only thread: let sends, heartbeats and other jobs run between slices.
      if (index % YIELD_EVERY === YIELD_EVERY - 1) await new Promise((resolve) => setImmediate(resolve));
      const result = analyzeText(r.comment, taxonomy);
      rows.push({
        responseId: r.id,
        surveyId: r.surveyId,
        sentiment: result.sentiment,
        polarity: result.polarity,
        themes: result.themes.map((t) => t.key),
        themeSentiments: result.themes.map((t) => t.sentiment),
        tokens: result.tokens,
        commentHash: commentHash(r.comment),
      });
    }
    const ids = rows.map((row) => row.responseId);
    // The readings and their theme pre-aggregate deltas in one transaction (docs/decisions/0031): the responses are
    // locked (against a writer of their counted fields and another reader), the readings replaced are uncounted,
    // the new ones written and counted — the pre-aggregate is never half-applied.
    await db.$transaction(async (tx) => {
      await lockResponsesForReading(tx, organizationId, ids);
      await appendThemeAggregates(tx, organizationId, ids, -1);
      await tx.$executeRaw`
      INSERT INTO "ResponseText" ("organizationId", "responseId", "surveyId", sentiment, polarity, themes, "themeSentiments", tokens, "taxonomyHash", "commentHash", "readAt", "respondedAt")
      SELECT ${organizationId}::uuid, x."responseId", x."surveyId", x.sentiment, x.polarity, x.themes, x."themeSentiments", x.tokens, ${hash}, x."commentHash", now(), r."createdAt"
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        AS x("responseId" uuid, "surveyId" uuid, sentiment real, polarity text, themes text[], "themeSentiments" real[], tokens text[], "commentHash" text)
      -- A response deleted meanwhile is skipped rather than failing the batch.
      JOIN "Response" r ON r."organizationId" = ${organizationId}::uuid AND r.id = x."responseId"
      ON CONFLICT ("organizationId", "responseId") DO UPDATE SET
        "surveyId" = EXCLUDED."surveyId", sentiment = EXCLUDED.sentiment, polarity = EXCLUDED.polarity, themes = EXCLUDED.themes,
        "themeSentiments" = EXCLUDED."themeSentiments", tokens = EXCLUDED.tokens, "taxonomyHash" = EXCLUDED."taxonomyHash",
        "commentHash" = EXCLUDED."commentHash", "readAt" = EXCLUDED."readAt", "respondedAt" = EXCLUDED."respondedAt"`;
      await appendThemeAggregates(tx, organizationId, ids, 1);
    }, { timeout: 120_000, maxWait: 60_000 });
    read += rows.length;
    if (batch.length < batchSize || batches >= maxBatches || Date.now() - started > budgetMs) return { read, removed, done: batch.length < batchSize };
  }
}

/** Comments read with the current taxonomy, of all non-empty comments: the re-reading progress. */
export async function commentReadingProgress(organizationId: string): Promise<{ read: number; total: number }> {
  const hash = taxonomyHash(await loadTaxonomy(organizationId));
  const [row] = await db.$queryRaw<{ read: number; total: number }[]>`
    SELECT count(*) FILTER (WHERE x."taxonomyHash" = ${hash} AND x."commentHash" = md5(r.comment))::int AS read, count(*)::int AS total
    FROM "Response" r
    LEFT JOIN "ResponseText" x ON x."organizationId" = r."organizationId" AND x."responseId" = r.id
    WHERE r."organizationId" = ${organizationId}::uuid AND r.comment IS NOT NULL AND btrim(r.comment) <> ''`;
  return row ?? { read: 0, total: 0 };
}

/** Every organisation with comments to read (the worker's job loops over them). */
export async function organizationsWithComments(): Promise<string[]> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT o.id FROM "Organization" o WHERE EXISTS (SELECT 1 FROM "Response" r WHERE r."organizationId" = o.id AND r.comment IS NOT NULL)`;
  return rows.map((r) => r.id);
}
