/**
 * The audit page's reads (issue 16): filters by action, actor ("system" = no actor) and whole days in the
 * organisation's time zone, paging, ADMIN/OWNER only, other tenants' entries never listed; the retention setting is
 * validated and recorded (before → after).
 */
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEventBatches, listAuditActors, listAuditEvents } from "@/server/audit/list-audit-events";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import { setAuditRetention } from "@/server/audit/set-audit-retention";
import { verifyOrganizationAuditChain } from "@/server/audit/verify-audit-chain";
import { db } from "@/server/db";
import { createOrganization, expectAppError } from "./support/fixtures";

let org: string;
let other: string;
let adminId: string;
const TZ = "Asia/Shanghai";

describe("audit page reads", () => {
  beforeAll(async () => {
    org = (await createOrganization("Audit Page")).id;
    other = (await createOrganization("Audit Page Other")).id;
    const user = await db.user.create({ data: { email: `audit-page-${randomUUID()}@x.example`, name: "Wang Fang", passwordHash: "x" } });
    adminId = user.id;
    await db.membership.create({ data: { organizationId: org, userId: adminId, role: "ADMIN" } });
    // 2026-12-01 23:30 in Shanghai is 15:30 UTC; 2026-12-02 00:30 Shanghai is 2026-12-01 16:30 UTC.
    await recordAuditEvent({ organizationId: org, actorId: adminId, action: "contact.view", targetType: "Contact", targetId: "a", at: new Date("2026-12-01T15:30:00Z") });
    await recordAuditEvent({ organizationId: org, actorId: adminId, action: "contact.view", targetType: "Contact", targetId: "b", at: new Date("2026-12-01T16:30:00Z") });
    await recordAuditEvent({ organizationId: org, actorId: null, action: "audit.retention", targetType: "AuditLog", at: new Date("2026-12-03T02:00:00Z") });
    for (let i = 0; i < 30; i += 1) {
      await recordAuditEvent({ organizationId: org, actorId: adminId, action: "auth.sign_in", targetType: "User", targetId: adminId, at: new Date(Date.UTC(2026, 11, 5, 1, i)) });
    }
    await recordAuditEvent({ organizationId: other, actorId: null, action: "contact.view", targetType: "Contact", targetId: "other" });
  });

  const admin = () => ({ organizationId: org, userId: adminId, role: "ADMIN" as const, timeZone: TZ });

  it("filters by action, actor and whole days in the organisation's time zone", async () => {
    const views = await listAuditEvents({ actor: admin(), filter: { action: "contact.view" }, page: 1 });
    expect(views.rows.map((r) => r.targetId)).toEqual(["b", "a"]);
    expect(views.rows[0]).toMatchObject({ actorName: "Wang Fang" });
    const dec2 = await listAuditEvents({ actor: admin(), filter: { from: "2026-12-02", to: "2026-12-02" }, page: 1 });
    expect(dec2.rows.map((r) => r.targetId)).toEqual(["b"]);
    const system = await listAuditEvents({ actor: admin(), filter: { actor: "system" }, page: 1 });
    expect(system.rows.map((r) => r.action)).toEqual(["audit.retention"]);
    expect((await listAuditEvents({ actor: admin(), filter: { actor: adminId }, page: 1 })).total).toBe(32);
  });

  it("pages 25 at a time and clamps the page", async () => {
    const first = await listAuditEvents({ actor: admin(), filter: {}, page: 1 });
    expect(first).toMatchObject({ total: 33, page: 1, pageCount: 2, pageSize: 25 });
    expect(first.rows).toHaveLength(25);
    const last = await listAuditEvents({ actor: admin(), filter: {}, page: 99 });
    expect(last.page).toBe(2);
    expect(last.rows).toHaveLength(8);
    const all: string[] = [];
    for await (const batch of auditEventBatches(admin(), {}, 10)) all.push(...batch.map((r) => r.id));
    expect(new Set(all).size).toBe(33);
  });

  it("is for admins and owners of this organisation only", async () => {
    await expectAppError(listAuditEvents({ actor: { ...admin(), role: "MANAGER" }, filter: {}, page: 1 }), "forbidden");
    await expectAppError(listAuditActors({ ...admin(), role: "VIEWER" }), "forbidden");
    const theirs = await listAuditEvents({ actor: { ...admin(), organizationId: other }, filter: {}, page: 1 });
    expect(theirs.rows.map((r) => r.targetId)).toEqual(["other"]);
    expect((await listAuditActors(admin())).map((a) => a.id)).toEqual([adminId]);
  });

  it("sets the retention from the offered periods only, recorded before → after", async () => {
    await expectAppError(setAuditRetention({ actor: admin(), input: { days: "7" } }), "validation_failed");
    await expectAppError(setAuditRetention({ actor: { ...admin(), role: "MANAGER" }, input: { days: "365" } }), "forbidden");
    expect(await setAuditRetention({ actor: admin(), input: { days: "365" } })).toBe(365);
    expect(await setAuditRetention({ actor: admin(), input: { days: "forever" } })).toBeNull();
    const changes = await db.auditEvent.findMany({ where: { organizationId: org, action: "audit.retention_change" }, orderBy: { seq: "asc" } });
    expect(changes.map((c) => c.details)).toEqual([
      { before: { retentionDays: null }, after: { retentionDays: 365 } },
      { before: { retentionDays: 365 }, after: { retentionDays: null } },
    ]);
    expect((await verifyOrganizationAuditChain(org)).ok).toBe(true);
  });
});
