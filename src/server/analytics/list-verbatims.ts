import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { AppError } from "@/lib/errors";
import type { NpsCategory } from "@/lib/nps";
import { db } from "@/server/db";
import { responseWhere, type AnalyticsFilter } from "./filter";

export const VERBATIM_CATEGORIES = ["PROMOTER", "PASSIVE", "DETRACTOR"] as const satisfies readonly NpsCategory[];
export const DEFAULT_VERBATIM_LIMIT = 25;
export const MAX_VERBATIM_LIMIT = 100;
/** Longer search texts are cut to this many characters. */
export const MAX_VERBATIM_SEARCH_LENGTH = 200;

export type ListVerbatimsOptions = {
  category?: NpsCategory;
  /** Case-insensitive substring of the comment; blank means no search. `%`, `_` and `\` match literally. */
  search?: string;
  /** Page size, default 25, at most 100. */
  limit?: number;
  /** Cursor: the id of the last response of the previous page (`nextCursor`). */
  before?: string;
};

/** One comment with its context, as the respondent wrote it (render as text: React escapes it). */
export type Verbatim = {
  id: string;
  createdAt: Date;
  /** 0–10, null when the respondent skipped the NPS question but left a comment. */
  score: number | null;
  category: NpsCategory | null;
  comment: string;
  /** The language the respondent answered in ("zh-CN", "en"). */
  locale: string;
  surveyName: string;
  touchpoint: string | null;
  /** The contact's attributes snapshotted at answer time (values as text). */
  attributes: Record<string, string>;
};

export type VerbatimPage = { items: Verbatim[]; nextCursor: string | null };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Escapes the LIKE wildcards `%` and `_` and the escape character `\` so the text matches literally. */
export function escapeLikePattern(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/** The ILIKE pattern for "contains `search`", or null when the search is blank. */
export function containsPattern(search: string | undefined): string | null {
  const trimmed = (search ?? "").trim().slice(0, MAX_VERBATIM_SEARCH_LENGTH);
  return trimmed === "" ? null : `%${escapeLikePattern(trimmed)}%`;
}

/** Clamps a requested page size to 1..100 (default 25). */
export function verbatimLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_VERBATIM_LIMIT;
  return Math.min(MAX_VERBATIM_LIMIT, Math.max(1, Math.floor(limit)));
}

/** Text values of a jsonb attribute snapshot (numbers and booleans as text; nested values and nulls dropped). */
function attributeText(value: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  if (value === null || typeof value !== "object" || Array.isArray(value)) return result;
  for (const [key, item] of Object.entries(value)) {
    if (typeof item === "string") result[key] = item;
    else if (typeof item === "number" || typeof item === "boolean") result[key] = String(item);
  }
  return result;
}

type Row = {
  id: string;
  createdAt: Date;
  score: number | null;
  category: NpsCategory | null;
  comment: string;
  locale: string;
  surveyName: string;
  touchpoint: string | null;
  attributes: unknown;
};

/**
 * Comments (non-blank) of the responses matching the filter, newest first, one page at a time. Keyset
 * pagination on (createdAt, id): pass `nextCursor` as `before` for the next page; rows inserted meanwhile never
 * cause duplicates or gaps. An unknown cursor (or one of another organisation) yields an empty page; a cursor
 * that is not a response id at all is a `bad_request`.
 */
export async function listVerbatims(filter: AnalyticsFilter, options: ListVerbatimsOptions = {}): Promise<VerbatimPage> {
  const limit = verbatimLimit(options.limit);
  const parts = [responseWhere(filter), Prisma.sql`r."comment" ~ '[^[:space:]]'`];
  if (options.category) {
    if (!(VERBATIM_CATEGORIES as readonly string[]).includes(options.category)) {
      throw new AppError("bad_request", "category must be PROMOTER, PASSIVE or DETRACTOR.");
    }
    parts.push(Prisma.sql`r."category"::text = ${options.category}`);
  }
  const pattern = containsPattern(options.search);
  // Backslash is the escape character (written out, not left to the default).
  if (pattern !== null) parts.push(Prisma.sql`r."comment" ILIKE ${pattern} ESCAPE '\\'`);
  if (options.before !== undefined && options.before !== "") {
    if (!UUID.test(options.before)) throw new AppError("bad_request", "before must be a response id.");
    parts.push(Prisma.sql`(r."createdAt", r."id") < (
      SELECT c."createdAt", c."id" FROM "Response" c
      WHERE c."organizationId" = ${filter.organizationId}::uuid AND c."id" = ${options.before}::uuid)`);
  }
  const rows = await db.$queryRaw<Row[]>`
    SELECT r."id", r."createdAt", r."score"::int AS "score", r."category"::text AS "category", r."comment",
           r."locale", s."name" AS "surveyName", r."touchpoint", r."attributes"
    FROM "Response" r
    JOIN "Survey" s ON s."organizationId" = r."organizationId" AND s."id" = r."surveyId"
    WHERE ${Prisma.join(parts, " AND ")}
    ORDER BY r."createdAt" DESC, r."id" DESC
    LIMIT ${limit + 1}`;
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map((row) => ({
      id: row.id,
      createdAt: row.createdAt,
      score: row.score,
      category: row.category,
      comment: row.comment,
      locale: row.locale,
      surveyName: row.surveyName,
      touchpoint: row.touchpoint,
      attributes: attributeText(row.attributes),
    })),
    nextCursor: rows.length > limit && last ? last.id : null,
  };
}
