import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { assignScope } from "@/server/org/assign-scope";
import { importHierarchy } from "@/server/org/import-hierarchy";
import { createOrganization, expectAppError } from "./support/fixtures";

const bytes = (text: string) => new TextEncoder().encode(text);

async function org(name: string) {
  const o = await createOrganization(name);
  return { id: o.id, admin: { organizationId: o.id, role: "ADMIN" as const } };
}

const COMBINED = [
  "type,code,name,kind,parent,manager,email,unit",
  "employee,E-1,王芳,,,,wang.fang@example.com,LJZ-T1",
  "unit,LJZ-T1,柜面一组,TEAM,LJZ,,,",
  "unit,LJZ,上海陆家嘴支行,BRANCH,EAST,MGR@example.com,,",
  "unit,EAST,华东,REGION,,,,",
  "unit,XH,杭州西湖支行,BRANCH,EAST,,,",
  "employee,E-2,赵强,,,,,XH",
].join("\n");

describe("hierarchy CSV import", () => {
  it("imports a combined file parents first, sets managers, links employees, then updates by code", async () => {
    const { id, admin } = await org("Import Bank");
    const manager = await db.user.create({ data: { email: `mgr-${id}@example.com`.toLowerCase(), name: "经理", passwordHash: "x" } });
    await db.membership.create({ data: { organizationId: id, userId: manager.id, role: "MANAGER" } });
    const report = await importHierarchy({ actor: admin, bytes: bytes(COMBINED.replace("MGR@example.com", `MGR-${id}@example.com`)) });
    expect(report).toMatchObject({ encoding: "utf-8", unitsCreated: 4, unitsUpdated: 0, employeesCreated: 2, employeesUpdated: 0, skipped: [], warnings: [] });
    const units = await db.orgUnit.findMany({ where: { organizationId: id } });
    const byCode = new Map(units.map((u) => [u.code, u]));
    expect(byCode.get("LJZ")).toMatchObject({ kind: "BRANCH", parentId: byCode.get("EAST")?.id, managerId: manager.id });
    expect(byCode.get("LJZ-T1")?.parentId).toBe(byCode.get("LJZ")?.id);
    const wang = await db.employee.findFirstOrThrow({ where: { organizationId: id, code: "E-1" } });
    expect(wang).toMatchObject({ name: "王芳", email: "wang.fang@example.com", unitId: byCode.get("LJZ-T1")?.id });

    // Separate files: units only, then employees only; existing rows are updated by code.
    const again = await importHierarchy({ actor: admin, bytes: bytes("code,name,kind,parent\nXH,杭州西湖支行（新）,BRANCH,EAST\nNEW-R,华北,REGION,\n") });
    expect(again).toMatchObject({ unitsCreated: 1, unitsUpdated: 1, employeesCreated: 0, skipped: [] });
    const staff = await importHierarchy({ actor: admin, bytes: bytes("code,name,unit,email\nE-2,赵强,LJZ,\nE-3,李娜,NOPE,\n") });
    expect(staff).toMatchObject({ employeesCreated: 0, employeesUpdated: 1, skipped: [{ row: 3, code: "E-3", reason: "unknown_unit" }] });
    expect((await db.employee.findFirstOrThrow({ where: { organizationId: id, code: "E-2" } })).unitId).toBe(byCode.get("LJZ")?.id);
  });

  it("skips unknown parents, wrong levels, cycles and bad rows with reasons; an unknown manager is a warning", async () => {
    const { id, admin } = await org("Cycle Bank");
    await importHierarchy({ actor: admin, bytes: bytes("code,name,kind,parent\nR1,华东,REGION,\nB1,支行一,BRANCH,R1\nT1,团队一,TEAM,B1\n") });
    const csv = [
      "type,code,name,kind,parent,manager,unit",
      "unit,B2,支行二,BRANCH,GHOST,,",
      "unit,T2,团队二,TEAM,B2,,",
      "unit,B3,支行三,BRANCH,T1,,",
      "unit,R1,华东,REGION,B1,,",
      "unit,X,无类型,CASTLE,,,",
      "unit,,无代码,TEAM,B1,,",
      "unit,B4,支行四,BRANCH,R1,nobody@example.com,",
      "unit,B4,重复,BRANCH,R1,,",
      "robot,Z,机器人,,,,",
      "employee,E-9,员工,,,,T2",
    ].join("\n");
    const report = await importHierarchy({ actor: admin, bytes: bytes(csv) });
    expect(report.skipped).toEqual([
      { row: 2, code: "B2", reason: "unknown_parent" },
      { row: 3, code: "T2", reason: "unknown_parent" },
      { row: 4, code: "B3", reason: "parent_kind" },
      { row: 5, code: "R1", reason: "parent_kind" },
      { row: 6, code: "X", reason: "bad_kind" },
      { row: 7, code: null, reason: "missing_code" },
      { row: 9, code: "B4", reason: "duplicate_code" },
      { row: 10, code: "Z", reason: "bad_type" },
      { row: 11, code: "E-9", reason: "unknown_unit" },
    ]);
    expect(report.warnings).toEqual([{ row: 8, code: "B4", reason: "unknown_manager" }]);
    expect(report).toMatchObject({ unitsCreated: 1, unitsUpdated: 0, employeesCreated: 0 });
    const r1 = await db.orgUnit.findFirstOrThrow({ where: { organizationId: id, code: "R1" } });
    expect(r1.parentId).toBeNull();
  });

  it("refuses a loop through stored units (a region placed under its own branch)", async () => {
    const { admin } = await org("Loop Bank");
    await importHierarchy({ actor: admin, bytes: bytes("code,name,kind,parent\nR,区,REGION,\nB,行,BRANCH,R\n") });
    const report = await importHierarchy({ actor: admin, bytes: bytes("code,name,kind,parent\nR,区,REGION,B\n") });
    expect(report.skipped).toEqual([{ row: 2, code: "R", reason: "parent_kind" }]);
  });

  it("reads GBK files; refuses empty, non-CSV-header and binary files; ADMIN only; all or nothing", async () => {
    const { id, admin } = await org("GBK Bank");
    const gbk = iconv.encode("代码,名称,层级,上级\nSZ,深圳分行,BRANCH,\nSZ-T,深圳团队,团队,SZ\n", "gbk");
    const report = await importHierarchy({ actor: admin, bytes: new Uint8Array(gbk) });
    expect(report).toMatchObject({ encoding: "gb18030", unitsCreated: 2, skipped: [] });
    expect((await db.orgUnit.findFirstOrThrow({ where: { organizationId: id, code: "SZ-T" } })).name).toBe("深圳团队");

    await expectAppError(importHierarchy({ actor: admin, bytes: new Uint8Array() }), "validation_failed");
    await expectAppError(importHierarchy({ actor: admin, bytes: bytes("foo,bar\n1,2\n") }), "validation_failed");
    await expectAppError(importHierarchy({ actor: admin, bytes: new Uint8Array([0xff, 0xfe, 0x41, 0x00]) }), "validation_failed");
    await expectAppError(importHierarchy({ actor: { organizationId: id, role: "MANAGER" }, bytes: bytes("code,name,kind\nQ,Q,REGION\n") }), "forbidden");
    expect(await db.orgUnit.count({ where: { organizationId: id } })).toBe(2);
  });

  it("assigns and lifts a member's scope within the organisation only", async () => {
    const { id, admin } = await org("Scope Assign Bank");
    const other = await org("Scope Assign Other");
    await importHierarchy({ actor: admin, bytes: bytes("code,name,kind\nR,区,REGION\n") });
    await importHierarchy({ actor: other.admin, bytes: bytes("code,name,kind\nQ,区,REGION\n") });
    const unit = await db.orgUnit.findFirstOrThrow({ where: { organizationId: id, code: "R" } });
    const foreign = await db.orgUnit.findFirstOrThrow({ where: { organizationId: other.id, code: "Q" } });
    const user = await db.user.create({ data: { email: `v-${id}@example.com`, name: "v", passwordHash: "x" } });
    const member = await db.membership.create({ data: { organizationId: id, userId: user.id, role: "VIEWER" } });
    await assignScope({ actor: admin, input: { membershipId: member.id, scopeUnitId: unit.id } });
    expect((await db.membership.findFirstOrThrow({ where: { id: member.id } })).scopeUnitId).toBe(unit.id);
    await expectAppError(assignScope({ actor: admin, input: { membershipId: member.id, scopeUnitId: foreign.id } }), "validation_failed");
    await expectAppError(assignScope({ actor: other.admin, input: { membershipId: member.id, scopeUnitId: foreign.id } }), "not_found");
    await expectAppError(assignScope({ actor: { organizationId: id, role: "MANAGER" }, input: { membershipId: member.id, scopeUnitId: "" } }), "forbidden");
    await expectAppError(assignScope({ actor: admin, input: { membershipId: "nope", scopeUnitId: "" } }), "validation_failed");
    await assignScope({ actor: admin, input: { membershipId: member.id, scopeUnitId: "" } });
    expect((await db.membership.findFirstOrThrow({ where: { id: member.id } })).scopeUnitId).toBeNull();
  });
});
