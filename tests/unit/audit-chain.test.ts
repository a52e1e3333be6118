import { describe, expect, it } from "vitest";
import { auditEntryHash, canonicalEntry, GENESIS_HASH, verifyAuditChain, type ChainedEntry } from "@/lib/audit-chain";

function chain(n: number): ChainedEntry[] {
  const out: ChainedEntry[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i += 1) {
    const fields = {
      organizationId: "0193f1a2-0000-7000-8000-000000000001",
      seq: i,
      id: `0193f1a2-0000-7000-8000-00000000000${i}`,
      at: new Date(Date.UTC(2026, 11, 7, 0, 0, i)),
      actorId: null,
      action: "settings.change",
      targetType: "Organization",
      targetId: null,
      details: { before: { minN: i }, after: { minN: i + 1 } },
      ip: "203.0.113.7",
    };
    const hash = auditEntryHash(fields, prev);
    out.push({ ...fields, prevHash: prev, hash });
    prev = hash;
  }
  return out;
}

describe("audit chain (pure)", () => {
  it("canonical form ignores key order at every level (jsonb reorders keys)", () => {
    const base = chain(1)[0]!;
    const a = canonicalEntry({ ...base, details: { b: 1, a: { d: [1, { y: 2, x: 1 }], c: "时" } } });
    const b = canonicalEntry({ ...base, details: { a: { c: "时", d: [1, { x: 1, y: 2 }] }, b: 1 } });
    expect(a).toBe(b);
    expect(canonicalEntry({ ...base, details: { a: 1 } })).not.toBe(canonicalEntry({ ...base, details: { a: 2 } }));
  });

  it("verifies a sound chain and reports the first broken entry", () => {
    const entries = chain(5);
    expect(verifyAuditChain(entries, { seq: 0, hash: GENESIS_HASH }, { seq: 5, hash: entries[4]!.hash! })).toEqual({ ok: true, checked: 5, lastSeq: 5 });
    const edited = entries.map((e) => (e.seq === 3 ? { ...e, action: "contact.view" } : e));
    expect(verifyAuditChain(edited, { seq: 0, hash: GENESIS_HASH })).toMatchObject({ ok: false, brokenSeq: 3, problem: "hash_mismatch" });
    const gap = entries.filter((e) => e.seq !== 2);
    expect(verifyAuditChain(gap, { seq: 0, hash: GENESIS_HASH })).toMatchObject({ ok: false, brokenSeq: 2, problem: "seq_gap" });
    expect(verifyAuditChain(entries.slice(0, 4), { seq: 0, hash: GENESIS_HASH }, { seq: 5, hash: entries[4]!.hash! })).toMatchObject({
      ok: false,
      brokenSeq: 5,
      problem: "head_mismatch",
    });
  });

  it("verifies from a retention checkpoint", () => {
    const entries = chain(6);
    expect(verifyAuditChain(entries.slice(3), { seq: 3, hash: entries[2]!.hash! })).toEqual({ ok: true, checked: 3, lastSeq: 6 });
    expect(verifyAuditChain(entries.slice(3), { seq: 3, hash: GENESIS_HASH })).toMatchObject({ ok: false, brokenSeq: 4, problem: "prev_hash_mismatch" });
  });
});

describe("audit CSV rows", () => {
  it("neutralise formula cells (a name or target an attacker chose) and keep numbers", async () => {
    const { auditCsvRow } = await import("@/lib/audit-csv");
    const row = auditCsvRow({
      seq: 7,
      at: new Date("2026-12-07T00:00:00.000Z"),
      actorEmail: "=cmd|' /C calc'!A0@evil.example",
      actorName: "＝HYPERLINK(\"http://evil.example\")",
      action: "contact.view",
      targetType: "Contact",
      targetId: "+1234",
      details: { a: 1 },
      ip: "@SUM(1)",
      hash: null,
    });
    expect(row[0]).toBe(7);
    expect(row[2]).toBe("'=cmd|' /C calc'!A0@evil.example");
    expect(row[3]).toBe("'＝HYPERLINK(\"http://evil.example\")");
    expect(row[6]).toBe("+1234");
    expect(row[7]).toBe('{"a":1}');
    expect(row[8]).toBe("'@SUM(1)");
  });
});
