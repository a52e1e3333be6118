/**
 * The audit log's hash chain (issue 16): appends are serialised per organisation (concurrent events get 1..n),
 * verify passes on an untouched chain and reports the first broken entry after a row is edited, removed or the
 * newest entries are cut off with SQL; retention removes old entries and the chain still verifies from its
 * checkpoint; `npm run audit:verify` exits 1 on a broken chain.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { applyAuditRetention } from "@/server/audit/apply-audit-retention";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import { verifyOrganizationAuditChain } from "@/server/audit/verify-audit-chain";
import { db } from "@/server/db";
import { createOrganization } from "./support/fixtures";

const root = path.resolve(import.meta.dirname, "../..");

async function freshOrgWithEvents(name: string, count: number, at?: (i: number) => Date): Promise<string> {
  const org = await createOrganization(name);
  for (let i = 0; i < count; i += 1) {
    await recordAuditEvent({
      organizationId: org.id,
      actorId: null,
      action: "settings.change",
      targetType: "Organization",
      targetId: org.id,
      details: { field: "minN", before: i, after: i + 1, nested: { z: "时区", a: [1, 2, { y: true, b: null }] } },
      ip: "203.0.113.7",
      ...(at ? { at: at(i) } : {}),
    });
  }
  return org.id;
}

describe("audit chain", () => {
  let otherOrg: string;
  beforeAll(async () => {
    otherOrg = await freshOrgWithEvents("Audit Other", 3);
  });

  it("serialises concurrent appends per organisation and verifies", async () => {
    const org = await createOrganization("Audit Concurrent");
    await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        recordAuditEvent({ organizationId: org.id, actorId: null, action: "contact.view", targetType: "Contact", targetId: `c${i}`, details: { i } }),
      ),
    );
    const rows = await db.auditEvent.findMany({ where: { organizationId: org.id }, orderBy: { seq: "asc" } });
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
    const report = await verifyOrganizationAuditChain(org.id);
    expect(report).toMatchObject({ ok: true, checked: 24, lastSeq: 24 });
  });

  it("detects an edited row (details changed with SQL) and names the first broken entry", async () => {
    const org = await freshOrgWithEvents("Audit Edited", 6);
    expect((await verifyOrganizationAuditChain(org)).ok).toBe(true);
    await db.$executeRaw`UPDATE "AuditEvent" SET details = jsonb_set(details, '{after}', '99') WHERE "organizationId" = ${org}::uuid AND seq = 4`;
    const report = await verifyOrganizationAuditChain(org);
    expect(report).toMatchObject({ ok: false, brokenSeq: 4, problem: "hash_mismatch", checked: 3 });
    // Another organisation's chain is untouched.
    expect((await verifyOrganizationAuditChain(otherOrg)).ok).toBe(true);
  });

  it("detects an edit even when the attacker recomputes that row's hash (the next entry no longer follows)", async () => {
    const org = await freshOrgWithEvents("Audit Rehashed", 4);
    const second = await db.auditEvent.findFirstOrThrow({ where: { organizationId: org, seq: 2 } });
    await db.$executeRaw`UPDATE "AuditEvent" SET "hash" = ${"f".repeat(64)} WHERE "organizationId" = ${org}::uuid AND id = ${second.id}::uuid`;
    const report = await verifyOrganizationAuditChain(org);
    expect(report.ok).toBe(false);
    if (!report.ok) expect(report.brokenSeq).toBe(2);
  });

  it("detects a removed entry and a cut-off tail", async () => {
    const org = await freshOrgWithEvents("Audit Removed", 5);
    await db.$executeRaw`DELETE FROM "AuditEvent" WHERE "organizationId" = ${org}::uuid AND seq = 3`;
    expect(await verifyOrganizationAuditChain(org)).toMatchObject({ ok: false, brokenSeq: 3, problem: "seq_gap" });

    const tail = await freshOrgWithEvents("Audit Tail", 5);
    await db.$executeRaw`DELETE FROM "AuditEvent" WHERE "organizationId" = ${tail}::uuid AND seq = 5`;
    expect(await verifyOrganizationAuditChain(tail)).toMatchObject({ ok: false, brokenSeq: 5, problem: "head_mismatch" });
  });

  it("retention removes old entries, records a checkpoint, and the chain still verifies", async () => {
    const now = new Date("2026-12-07T00:00:00.000Z");
    const day = 24 * 60 * 60 * 1000;
    // 6 entries 100..95 days old, 3 entries 10..8 days old.
    const ages = [100, 99, 98, 97, 96, 95, 10, 9, 8];
    const org = await freshOrgWithEvents("Audit Retention", ages.length, (i) => new Date(now.getTime() - (ages[i] ?? 0) * day));
    await db.auditChain.update({ where: { organizationId: org }, data: { retentionDays: 30 } });
    const result = await applyAuditRetention({ now, organizationId: org });
    expect(result).toEqual({ organizations: 1, removed: 6 });
    const chain = await db.auditChain.findUniqueOrThrow({ where: { organizationId: org } });
    expect(chain.checkpointSeq).toBe(6);
    const left = await db.auditEvent.findMany({ where: { organizationId: org }, orderBy: { seq: "asc" } });
    expect(left.map((r) => r.seq)).toEqual([7, 8, 9, 10]);
    expect(left.at(-1)).toMatchObject({ action: "audit.retention" });
    expect(left.at(-1)?.details).toMatchObject({ removed: 6, checkpointSeq: 6, checkpointHash: chain.checkpointHash });
    expect(await verifyOrganizationAuditChain(org)).toMatchObject({ ok: true, fromSeq: 6, checked: 4, lastSeq: 10 });
    // Running again removes nothing more.
    expect(await applyAuditRetention({ now, organizationId: org })).toEqual({ organizations: 0, removed: 0 });
    // Tampering after a checkpoint is still found.
    await db.$executeRaw`UPDATE "AuditEvent" SET ip = '198.51.100.1' WHERE "organizationId" = ${org}::uuid AND seq = 7`;
    expect(await verifyOrganizationAuditChain(org)).toMatchObject({ ok: false, brokenSeq: 7 });
  });

  it("npm run audit:verify exits 0 on a sound chain and 1 on a broken one, naming the entry", async () => {
    const run = promisify(execFile);
    const good = await run("npx", ["tsx", "--conditions=react-server", "scripts/audit-verify.ts", otherOrg], { cwd: root, env: { ...process.env } });
    expect(good.stdout).toContain("ok ");
    const bad = await freshOrgWithEvents("Audit Script", 3);
    await db.$executeRaw`UPDATE "AuditEvent" SET action = 'contact.view' WHERE "organizationId" = ${bad}::uuid AND seq = 2`;
    const failed = await run("npx", ["tsx", "--conditions=react-server", "scripts/audit-verify.ts", bad], { cwd: root, env: { ...process.env } }).then(
      () => null,
      (error: { code?: number; stdout?: string }) => error,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stdout).toContain("first broken entry seq 2");
  }, 120_000);
});
