import "server-only";
import { randomUUID } from "node:crypto";
import { Prisma } from "@/generated/prisma/client";
import type { SendJournal } from "./send-journal";

/** A claim older than this whose holder has not beaten its heartbeat for as long may be taken over. */
export const CLAIM_STALE_SECONDS = 120;

/**
 * Who sends: claims carry its id; SMTP acceptances go to its journal (the worker's) before the database; its
 * signal aborts waiting for the database on shutdown. `mayTakeOverClaims` is false while the sender itself has
 * not been connected long enough to know that a silent claim holder is really gone (docs/decisions/0017).
 */
export type Sender = {
  id: string;
  /** Invitations this sender is sending right now (its claims on others are leftovers it may take back). */
  inFlight: Set<string>;
  journal?: SendJournal;
  signal?: AbortSignal;
  log?: (line: string) => void;
  mayTakeOverClaims?: () => boolean;
};

let processSender: Sender | undefined;

/** The sender of a process without a worker runtime (the web process, scripts, tests): no journal. */
export function defaultSender(): Sender {
  processSender ??= { id: `process-${randomUUID()}`, inFlight: new Set() };
  return processSender;
}

/**
 * SQL over "Invitation" i: no send of it is in progress — unclaimed, claimed by this sender but not being sent
 * (a claim whose commit reply was lost, retried), or claimed long ago by a holder whose
 * heartbeat has been silent as long (a worker that died mid-send; what it may have sent carries the same
 * Message-ID, so a receiving server can tell the copy).
 */
export function claimIsFree(sender: Sender): Prisma.Sql {
  const own = Prisma.sql`(i."claimedBy" = ${sender.id} AND NOT (i."id"::text = ANY(${[...sender.inFlight]}::text[])))`;
  const takeOver = sender.mayTakeOverClaims?.() ?? true;
  if (!takeOver) return Prisma.sql`(i."claimedAt" IS NULL OR ${own})`;
  return Prisma.sql`(i."claimedAt" IS NULL OR ${own} OR (
    i."claimedAt" < now() - make_interval(secs => ${CLAIM_STALE_SECONDS})
    AND NOT EXISTS (SELECT 1 FROM "WorkerHeartbeat" h WHERE h."id" = i."claimedBy" AND h."lastSeenAt" >= now() - make_interval(secs => ${CLAIM_STALE_SECONDS}))))`;
}
