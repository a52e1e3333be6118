import "server-only";
import { NextResponse } from "next/server";
import { Prisma } from "@/generated/prisma/client";
import type { ErrorBody } from "@/lib/errors";

/**
 * Errors that mean "the database cannot take this request right now" rather than "this request is wrong":
 * the server is down or restarting, a connection broke, or no pooled connection freed up within the bounded
 * wait (src/server/db.ts). The transaction was rolled back (or its outcome is unknown, e.g. the COMMIT's
 * reply was lost), so the client may send the same request again: the respondent's write path is idempotent.
 */
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2028", "P2034"]);
/** SQLSTATE classes/codes: connection exception, shutdown / starting up, too many connections, serialization, deadlock. */
const SQLSTATE = /^(08\w{3}|57P0[1-3]|53300|40001|40P01)$/;
const NODE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "ECONNABORTED"]);
const KINDS = new Set(["DatabaseNotReachable", "DatabaseDoesNotExist", "SocketTimeout", "ConnectionClosed", "TooManyConnections", "TransactionWriteConflict"]);
const MESSAGES =
  /timeout exceeded when trying to connect|Connection terminated|connection error|Can't reach database server|Unable to start a transaction in the given time|Transaction already closed|database system is (starting up|shutting down|in recovery mode)|is not currently accepting connections|too many (clients|connections)|remaining connection slots|terminating connection|not queryable|server (has )?closed the connection|Connection refused|ECONNREFUSED|ECONNRESET/i;

function codeOf(value: unknown, key: string): string | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const found = (value as Record<string, unknown>)[key];
  return typeof found === "string" ? found : undefined;
}

export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current; depth += 1) {
    if (current instanceof Prisma.PrismaClientInitializationError) return true;
    if (current instanceof Prisma.PrismaClientKnownRequestError && PRISMA_CODES.has(current.code)) return true;
    const code = codeOf(current, "code") ?? codeOf(current, "originalCode");
    if (code && (NODE_CODES.has(code) || SQLSTATE.test(code) || PRISMA_CODES.has(code))) return true;
    const kind = codeOf(current, "kind");
    if (kind && KINDS.has(kind)) return true;
    if (current instanceof Error && MESSAGES.test(current.message)) return true;
    // Prisma's raw-query errors (P2010) carry the driver's error in meta.driverAdapterError, whose cause has the kind.
    const next = current as { cause?: unknown; meta?: { driverAdapterError?: unknown } };
    current = typeof current === "object" ? (next.cause ?? next.meta?.driverAdapterError) : undefined;
  }
  return false;
}

/** Seconds a client should wait before retrying: 2–4, spread so that a crowd does not come back at once. */
export function retryAfterSeconds(): number {
  return 2 + Math.floor(Math.random() * 3);
}

export const UNAVAILABLE_MESSAGE = "The service is briefly unavailable. Please retry after the number of seconds in the Retry-After header.";

/** `{"error":{"code":"unavailable",…}}` with 503 and Retry-After. */
export function unavailableResponse(retryAfter = retryAfterSeconds()): NextResponse<ErrorBody> {
  return NextResponse.json<ErrorBody>(
    { error: { code: "unavailable", message: UNAVAILABLE_MESSAGE } },
    { status: 503, headers: { "Retry-After": String(retryAfter), "Cache-Control": "no-store" } },
  );
}
