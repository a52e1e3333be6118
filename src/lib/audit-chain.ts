/**
 * The audit log's hash chain (issue 16), pure: every entry of an organisation has a position `seq` (1, 2, …), the
 * previous entry's hash `prevHash` and `hash = SHA-256(prevHash + "\n" + canonical(entry))`. Editing, removing or
 * reordering any entry changes a hash the next entry (or the chain head) relies on, so `verifyAuditChain` finds it.
 *
 * The canonical form is a JSON array of the entry's fields in a fixed order, with the details object's keys sorted
 * at every level — the same bytes whether the entry was just built in JavaScript or read back from jsonb (which
 * reorders keys). Times are ISO strings with milliseconds (the column's precision).
 */
import { createHash } from "node:crypto";

/** The prevHash of an organisation's first entry. */
export const GENESIS_HASH = "0".repeat(64);

export type ChainedFields = {
  organizationId: string;
  seq: number;
  id: string;
  at: Date;
  actorId: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  details: unknown;
  ip: string | null;
};

export type ChainedEntry = ChainedFields & { prevHash: string | null; hash: string | null };

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** `value` with object keys sorted at every level (undefined members dropped, as JSON does). */
export function canonicalJson(value: unknown): Json {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map((item) => canonicalJson(item));
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "object") {
    const out: { [key: string]: Json } = {};
    for (const key of Object.keys(value).sort()) {
      const member = (value as Record<string, unknown>)[key];
      if (member !== undefined) out[key] = canonicalJson(member);
    }
    return out;
  }
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "string") return value;
  return String(value);
}

/** The bytes an entry's hash covers (without prevHash). */
export function canonicalEntry(entry: ChainedFields): string {
  return JSON.stringify([
    "v1",
    entry.organizationId,
    entry.seq,
    entry.id,
    entry.at.toISOString(),
    entry.actorId,
    entry.action,
    entry.targetType,
    entry.targetId,
    entry.ip,
    canonicalJson(entry.details),
  ]);
}

export function auditEntryHash(entry: ChainedFields, prevHash: string): string {
  return createHash("sha256").update(`${prevHash}\n${canonicalEntry(entry)}`, "utf8").digest("hex");
}

export type ChainStart = { seq: number; hash: string };

export type VerifyProblem = "hash_mismatch" | "prev_hash_mismatch" | "seq_gap" | "head_mismatch";

export type VerifyResult =
  | { ok: true; checked: number; lastSeq: number }
  | { ok: false; checked: number; brokenSeq: number; brokenId: string | null; problem: VerifyProblem };

/**
 * A verifier fed entry by entry (ordered by seq) from `start` (the genesis or the retention checkpoint). Each entry
 * must follow the previous one (seq + 1, prevHash = previous hash) and its hash must match its content. `finish`
 * compares with `head`, what the chain head row says the last entry is (so removing the newest entries is found
 * too). The first broken entry is the answer; later entries are ignored.
 */
export function createChainVerifier(start: ChainStart) {
  let expectedSeq = start.seq + 1;
  let previousHash = start.hash;
  let checked = 0;
  let broken: VerifyResult | null = null;
  return {
    /** False once a break was found (stop feeding). */
    push(entry: ChainedEntry): boolean {
      if (broken) return false;
      if (entry.seq !== expectedSeq) {
        broken = { ok: false, checked, brokenSeq: expectedSeq, brokenId: entry.seq > expectedSeq ? null : entry.id, problem: "seq_gap" };
      } else if (entry.prevHash !== previousHash) {
        broken = { ok: false, checked, brokenSeq: entry.seq, brokenId: entry.id, problem: "prev_hash_mismatch" };
      } else if (entry.hash !== auditEntryHash(entry, previousHash)) {
        broken = { ok: false, checked, brokenSeq: entry.seq, brokenId: entry.id, problem: "hash_mismatch" };
      } else {
        previousHash = entry.hash;
        expectedSeq += 1;
        checked += 1;
      }
      return !broken;
    },
    finish(head?: ChainStart): VerifyResult {
      if (broken) return broken;
      const lastSeq = expectedSeq - 1;
      if (head && (head.seq !== lastSeq || head.hash !== previousHash)) {
        return { ok: false, checked, brokenSeq: Math.min(head.seq, lastSeq + 1), brokenId: null, problem: "head_mismatch" };
      }
      return { ok: true, checked, lastSeq };
    },
  };
}

/** `createChainVerifier` over a whole list. */
export function verifyAuditChain(entries: Iterable<ChainedEntry>, start: ChainStart, head?: ChainStart): VerifyResult {
  const verifier = createChainVerifier(start);
  for (const entry of entries) if (!verifier.push(entry)) break;
  return verifier.finish(head);
}
