/**
 * Organisation hierarchy import (regions → branches → teams → employees) from one CSV: pure planning, no I/O.
 * Rows are `type=unit` (code, name, kind, parent, manager) or `type=employee` (code, name, email, unit); a file
 * without a `type` column is all units, or all employees when it has a `unit` column and no `kind` column.
 * The plan checks every row against the file and the units already stored: unknown parents, a parent of the
 * wrong level (a branch sits under a region, a team under a branch), cycles, duplicate codes. Bad rows are
 * skipped with a reason code (translated by the page); good rows are ordered parents first.
 */
import { parse } from "csv-parse/sync";

export const ORG_UNIT_KINDS = ["REGION", "BRANCH", "TEAM"] as const;
export type OrgUnitKindName = (typeof ORG_UNIT_KINDS)[number];

export const IMPORT_SKIP_REASONS = [
  "bad_type",
  "missing_code",
  "missing_name",
  "bad_kind",
  "duplicate_code",
  "unknown_parent",
  "parent_kind",
  "cycle",
  "unknown_unit",
  "bad_email",
  "too_long",
] as const;
export type ImportSkipReason = (typeof IMPORT_SKIP_REASONS)[number];
export const IMPORT_WARNINGS = ["unknown_manager"] as const;
export type ImportWarning = (typeof IMPORT_WARNINGS)[number];

export type UnitRow = { row: number; code: string; name: string; kind: OrgUnitKindName; parentCode: string | null; managerEmail: string | null };
export type EmployeeRow = { row: number; code: string; name: string; email: string | null; unitCode: string };
export type ExistingUnit = { code: string; kind: OrgUnitKindName; parentCode: string | null };

export type ImportPlan = {
  /** Parents before children. */
  units: UnitRow[];
  employees: EmployeeRow[];
  skipped: { row: number; code: string | null; reason: ImportSkipReason }[];
};

const MAX_CODE = 64;
const MAX_NAME = 200;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const LEVEL: Record<OrgUnitKindName, number> = { REGION: 0, BRANCH: 1, TEAM: 2 };

const HEADER_ALIASES: Record<string, string> = {
  type: "type", 类型: "type",
  code: "code", 代码: "code", 编号: "code",
  name: "name", 名称: "name", 姓名: "name",
  kind: "kind", 层级: "kind",
  parent: "parent", parent_code: "parent", 上级: "parent",
  manager: "manager", manager_email: "manager", 负责人: "manager",
  email: "email", 邮箱: "email",
  unit: "unit", unit_code: "unit", 单位: "unit",
};

/** Parses decoded CSV text into records keyed by canonical column names (header row required; BOM stripped). */
export function parseHierarchyCsv(text: string): { records: Record<string, string>[]; columns: string[] } {
  const rows = parse(text.replace(/^\uFEFF/, ""), { relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][];
  const header = (rows[0] ?? []).map((h) => HEADER_ALIASES[h.trim().toLowerCase()] ?? h.trim().toLowerCase());
  const records = rows.slice(1).map((cells) => {
    const record: Record<string, string> = {};
    header.forEach((column, i) => {
      record[column] = (cells[i] ?? "").trim();
    });
    return record;
  });
  return { records, columns: header };
}

function kindOf(value: string): OrgUnitKindName | null {
  const upper = value.trim().toUpperCase();
  const zh: Record<string, OrgUnitKindName> = { 区域: "REGION", 网点: "BRANCH", 支行: "BRANCH", 分行: "BRANCH", 团队: "TEAM" };
  return (ORG_UNIT_KINDS as readonly string[]).includes(upper) ? (upper as OrgUnitKindName) : (zh[value.trim()] ?? null);
}

/** Builds the import plan from parsed records and the organisation's stored units (by code). */
export function planHierarchyImport(records: readonly Record<string, string>[], columns: readonly string[], existing: readonly ExistingUnit[]): ImportPlan {
  const skipped: ImportPlan["skipped"] = [];
  const hasType = columns.includes("type");
  const defaultType = columns.includes("unit") && !columns.includes("kind") ? "employee" : "unit";
  const unitCandidates: UnitRow[] = [];
  const employeeCandidates: EmployeeRow[] = [];
  const seenUnits = new Set<string>();
  const seenEmployees = new Set<string>();
  records.forEach((record, index) => {
    const row = index + 2; // 1-based, after the header
    const type = hasType ? (record.type ?? "").toLowerCase() : defaultType;
    const code = record.code ?? "";
    const name = record.name ?? "";
    const skip = (reason: ImportSkipReason) => skipped.push({ row, code: code || null, reason });
    if (type !== "unit" && type !== "employee" && type !== "员工" && type !== "单位") return skip("bad_type");
    if (!code) return skip("missing_code");
    if (!name) return skip("missing_name");
    if (code.length > MAX_CODE || name.length > MAX_NAME) return skip("too_long");
    if (type === "unit" || type === "单位") {
      const kind = kindOf(record.kind ?? "");
      if (!kind) return skip("bad_kind");
      if (seenUnits.has(code)) return skip("duplicate_code");
      seenUnits.add(code);
      const manager = (record.manager ?? "").toLowerCase();
      if (manager && !EMAIL.test(manager)) return skip("bad_email");
      unitCandidates.push({ row, code, name, kind, parentCode: record.parent ? record.parent : null, managerEmail: manager || null });
    } else {
      if (seenEmployees.has(code)) return skip("duplicate_code");
      seenEmployees.add(code);
      const email = (record.email ?? "").toLowerCase();
      if (email && !EMAIL.test(email)) return skip("bad_email");
      const unitCode = record.unit ?? "";
      if (!unitCode) return skip("unknown_unit");
      employeeCandidates.push({ row, code, name, email: email || null, unitCode });
    }
  });

  // The merged graph: stored units, overridden by the file's rows.
  const graph = new Map<string, { kind: OrgUnitKindName; parentCode: string | null; row: UnitRow | null }>();
  for (const unit of existing) graph.set(unit.code, { kind: unit.kind, parentCode: unit.parentCode, row: null });
  for (const unit of unitCandidates) graph.set(unit.code, { kind: unit.kind, parentCode: unit.parentCode, row: unit });

  // Reject rows until stable: a child of a rejected file row is rejected too (its parent would not exist).
  const stored = new Map(existing.map((unit) => [unit.code, unit]));
  const rejected = new Map<string, ImportSkipReason>();
  let changed = true;
  while (changed) {
    changed = false;
    for (const unit of unitCandidates) {
      if (rejected.has(unit.code) || unit.parentCode === null) continue;
      const parent = graph.get(unit.parentCode);
      let reason: ImportSkipReason | null = null;
      if (!parent || (rejected.has(unit.parentCode) && !stored.has(unit.parentCode))) reason = "unknown_parent";
      else if (LEVEL[parent.kind] >= LEVEL[unit.kind]) reason = "parent_kind";
      else {
        // Walk up: meeting the unit again is a cycle.
        const seen = new Set<string>([unit.code]);
        let cursor: string | null = unit.parentCode;
        while (cursor !== null) {
          if (seen.has(cursor)) {
            reason = "cycle";
            break;
          }
          seen.add(cursor);
          cursor = graph.get(cursor)?.parentCode ?? null;
        }
      }
      if (reason) {
        rejected.set(unit.code, reason);
        // A rejected change to a stored unit leaves the stored unit as it was.
        const before = stored.get(unit.code);
        if (before) graph.set(unit.code, { kind: before.kind, parentCode: before.parentCode, row: null });
        changed = true;
      }
    }
  }
  for (const unit of unitCandidates) {
    const reason = rejected.get(unit.code);
    if (reason) skipped.push({ row: unit.row, code: unit.code, reason });
  }
  const accepted = unitCandidates.filter((u) => !rejected.has(u.code));
  const depth = (code: string): number => {
    let d = 0;
    let cursor = graph.get(code)?.parentCode ?? null;
    while (cursor !== null && d < 100) {
      d += 1;
      cursor = graph.get(cursor)?.parentCode ?? null;
    }
    return d;
  };
  const units = [...accepted].sort((a, b) => depth(a.code) - depth(b.code) || a.row - b.row);

  const employees: EmployeeRow[] = [];
  for (const employee of employeeCandidates) {
    const known = graph.has(employee.unitCode) && (!rejected.has(employee.unitCode) || stored.has(employee.unitCode));
    if (!known) skipped.push({ row: employee.row, code: employee.code, reason: "unknown_unit" });
    else employees.push(employee);
  }
  skipped.sort((a, b) => a.row - b.row);
  return { units, employees, skipped };
}
