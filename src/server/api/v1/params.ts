import "server-only";
import { z } from "zod";
import { decodeCursor } from "@/lib/api-cursor";
import { AppError } from "@/lib/errors";

export const MAX_PAGE_SIZE = 200;
export const DEFAULT_PAGE_SIZE = 50;
export const PAGE_PARAMS = ["limit", "cursor"] as const;

/** A list's page: at most `limit` rows after the cursor's row (newest first). */
export type Page = { limit: number; beforeId: string | null };

const limitSchema = z.coerce.number().int().min(1).max(MAX_PAGE_SIZE);

/** Refuses parameters the operation does not know (400) and single ones given twice (400). */
export function assertKnownParams(searchParams: URLSearchParams, single: readonly string[], repeatable: readonly string[] = []): void {
  const seen = new Set<string>();
  for (const [key] of searchParams) {
    if (single.includes(key)) {
      if (seen.has(key)) throw new AppError("bad_request", `Give the ${key} parameter at most once.`);
      seen.add(key);
    } else if (!repeatable.includes(key)) {
      const known = [...single, ...repeatable];
      throw new AppError("bad_request", `Unknown query parameter "${key.slice(0, 64)}". Known: ${known.length ? known.join(", ") : "none"}.`);
    }
  }
}

/** `limit` (1–200, default 50) and the opaque `cursor` of the previous page's nextCursor (422 when not one). */
export function readPage(searchParams: URLSearchParams): Page {
  const rawLimit = searchParams.get("limit");
  let limit = DEFAULT_PAGE_SIZE;
  if (rawLimit !== null && rawLimit !== "") {
    const parsed = limitSchema.safeParse(rawLimit);
    if (!parsed.success) throw new AppError("validation_failed", `limit: use a whole number from 1 to ${MAX_PAGE_SIZE}.`);
    limit = parsed.data;
  }
  const cursor = searchParams.get("cursor");
  let beforeId: string | null = null;
  if (cursor !== null && cursor !== "") {
    beforeId = decodeCursor(cursor);
    if (beforeId === null) throw new AppError("validation_failed", "cursor: not a cursor from this API; pass a page's nextCursor unchanged.");
  }
  return { limit, beforeId };
}

/** An id from the path: anything but a UUID cannot exist, so it is 404 like an unknown one. */
export function pathId(id: string, what: string): string {
  const parsed = z.uuid().safeParse(id);
  if (!parsed.success) throw new AppError("not_found", `${what} not found.`);
  return parsed.data.toLowerCase();
}

/** An ISO 8601 instant (`updatedSince`), 422 otherwise. */
export function readInstant(searchParams: URLSearchParams, name: string): Date | null {
  const raw = searchParams.get(name);
  if (raw === null || raw === "") return null;
  const parsed = z.iso.datetime({ offset: true }).safeParse(raw);
  if (!parsed.success) throw new AppError("validation_failed", `${name}: use an ISO 8601 time such as 2026-12-01T00:00:00Z.`);
  return new Date(parsed.data);
}

export function readEnum<T extends string>(searchParams: URLSearchParams, name: string, values: readonly T[]): T | null {
  const raw = searchParams.get(name);
  if (raw === null || raw === "") return null;
  if (!(values as readonly string[]).includes(raw)) throw new AppError("validation_failed", `${name}: use one of ${values.join(", ")}.`);
  return raw as T;
}
