import "server-only";
import { createChainVerifier, GENESIS_HASH, type VerifyResult } from "@/lib/audit-chain";
import { db } from "@/server/db";

export type AuditVerifyReport = VerifyResult & {
  organizationId: string;
  /** Where the walk started: 0 (the genesis) or the retention checkpoint's seq. */
  fromSeq: number;
  /** Events recorded before the chain existed (seq null): listed, not covered by the chain. */
  unchained: number;
};

const BATCH = 2000;

/**
 * Walks one organisation's audit chain from its retention checkpoint (or the genesis) to its head, in seq order and
 * in batches, and reports the first broken entry (src/lib/audit-chain.ts says what counts as broken).
 */
export async function verifyOrganizationAuditChain(organizationId: string): Promise<AuditVerifyReport> {
  const chain = await db.auditChain.findUnique({ where: { organizationId } });
  const start = { seq: chain?.checkpointSeq ?? 0, hash: chain?.checkpointHash ?? GENESIS_HASH };
  const head = { seq: chain?.headSeq ?? 0, hash: chain?.headHash ?? GENESIS_HASH };
  const unchained = await db.auditEvent.count({ where: { organizationId, seq: null } });

  const verifier = createChainVerifier(start);
  let after = -1;
  for (;;) {
    const rows = await db.auditEvent.findMany({ where: { organizationId, seq: { not: null, gt: after } }, orderBy: { seq: "asc" }, take: BATCH });
    let going = true;
    for (const row of rows) if (!(going = verifier.push({ ...row, seq: row.seq ?? 0 }))) break;
    if (!going || rows.length < BATCH) break;
    after = rows[rows.length - 1]?.seq ?? after;
  }
  return { ...verifier.finish(head), organizationId, fromSeq: start.seq, unchained };
}
