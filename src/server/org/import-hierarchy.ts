import "server-only";
import iconv from "iconv-lite";
import { AppError } from "@/lib/errors";
import { detectEncoding } from "@/lib/contact-import-encoding";
import { parseHierarchyCsv, planHierarchyImport, type ImportSkipReason, type ImportWarning, type OrgUnitKindName } from "@/lib/org-import";
import { hasRole, type RoleName } from "@/lib/roles";
import { db } from "@/server/db";

export const MAX_HIERARCHY_BYTES = 2 * 1024 * 1024;

export type HierarchyImportReport = {
  encoding: "utf-8" | "gb18030";
  unitsCreated: number;
  unitsUpdated: number;
  employeesCreated: number;
  employeesUpdated: number;
  skipped: { row: number; code: string | null; reason: ImportSkipReason }[];
  warnings: { row: number; code: string; reason: ImportWarning }[];
};

export type ImportHierarchyOptions = {
  actor: { organizationId: string; role: RoleName };
  /** The uploaded CSV's bytes (UTF-8 with or without BOM, or GBK/GB18030 — detected like contact imports). */
  bytes: Uint8Array;
};

/**
 * Imports regions → branches → teams → employees from one CSV (ADMIN+): decodes (one encoding detection for
 * the product: src/lib/contact-import-encoding.ts), plans (src/lib/org-import.ts: unknown parents, wrong
 * levels, cycles, duplicates skipped with reasons) and upserts by code in one transaction, parents first.
 */
export async function importHierarchy({ actor, bytes }: ImportHierarchyOptions): Promise<HierarchyImportReport> {
  if (!hasRole(actor.role, "ADMIN")) throw new AppError("forbidden", "This needs the ADMIN role or higher.");
  if (bytes.byteLength === 0) throw new AppError("validation_failed", "The file is empty.");
  if (bytes.byteLength > MAX_HIERARCHY_BYTES) throw new AppError("payload_too_large", "The file is too large (at most 2 MB).");
  const detected = detectEncoding(bytes, true);
  if ("problem" in detected) throw new AppError("validation_failed", `The file is not UTF-8 or GBK text (${detected.problem.code}).`);
  const text = detected.encoding === "utf-8" ? new TextDecoder("utf-8").decode(bytes) : iconv.decode(Buffer.from(bytes), "gb18030");
  let parsed: ReturnType<typeof parseHierarchyCsv>;
  try {
    parsed = parseHierarchyCsv(text);
  } catch (error) {
    throw new AppError("validation_failed", `The file is not valid CSV: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!parsed.columns.includes("code") || !parsed.columns.includes("name")) {
    throw new AppError("validation_failed", "The header row must name at least the columns code and name.");
  }
  const organizationId = actor.organizationId;

  return db.$transaction(
    async (tx) => {
      // One import per organisation at a time: the plan is made against what is stored.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`org-import:${organizationId}`}, 0))`;
      const stored = await tx.orgUnit.findMany({ where: { organizationId }, select: { id: true, code: true, kind: true, parentId: true } });
      const codeById = new Map(stored.map((u) => [u.id, u.code]));
      const plan = planHierarchyImport(
        parsed.records,
        parsed.columns,
        stored.map((u) => ({ code: u.code, kind: u.kind as OrgUnitKindName, parentCode: u.parentId ? (codeById.get(u.parentId) ?? null) : null })),
      );
      const managerEmails = [...new Set(plan.units.flatMap((u) => (u.managerEmail ? [u.managerEmail] : [])))];
      const members = managerEmails.length
        ? await tx.membership.findMany({ where: { organizationId, user: { email: { in: managerEmails } } }, select: { userId: true, user: { select: { email: true } } } })
        : [];
      const managerByEmail = new Map(members.map((m) => [m.user.email.toLowerCase(), m.userId]));
      const idByCode = new Map(stored.map((u) => [u.code, u.id]));
      const report: HierarchyImportReport = {
        encoding: detected.encoding,
        unitsCreated: 0,
        unitsUpdated: 0,
        employeesCreated: 0,
        employeesUpdated: 0,
        skipped: plan.skipped,
        warnings: [],
      };
      for (const unit of plan.units) {
        const parentId = unit.parentCode ? (idByCode.get(unit.parentCode) ?? null) : null;
        let managerId: string | null | undefined;
        if (unit.managerEmail) {
          managerId = managerByEmail.get(unit.managerEmail);
          if (!managerId) report.warnings.push({ row: unit.row, code: unit.code, reason: "unknown_manager" });
        } else {
          managerId = null;
        }
        const existingId = idByCode.get(unit.code);
        const data = { name: unit.name, kind: unit.kind, parentId, ...(managerId !== undefined ? { managerId } : {}) };
        if (existingId) {
          await tx.orgUnit.update({ where: { organizationId_id: { organizationId, id: existingId } }, data });
          report.unitsUpdated += 1;
        } else {
          const created = await tx.orgUnit.create({ data: { organizationId, code: unit.code, ...data }, select: { id: true } });
          idByCode.set(unit.code, created.id);
          report.unitsCreated += 1;
        }
      }
      const storedEmployees = await tx.employee.findMany({
        where: { organizationId, code: { in: plan.employees.map((e) => e.code) } },
        select: { code: true },
      });
      const existingEmployees = new Set(storedEmployees.map((e) => e.code));
      for (const employee of plan.employees) {
        const unitId = idByCode.get(employee.unitCode);
        if (!unitId) {
          report.skipped.push({ row: employee.row, code: employee.code, reason: "unknown_unit" });
          continue;
        }
        await tx.employee.upsert({
          where: { organizationId_code: { organizationId, code: employee.code } },
          create: { organizationId, code: employee.code, name: employee.name, email: employee.email, unitId },
          update: { name: employee.name, email: employee.email, unitId, active: true },
        });
        if (existingEmployees.has(employee.code)) report.employeesUpdated += 1;
        else report.employeesCreated += 1;
      }
      return report;
    },
    { maxWait: 10_000, timeout: 60_000 },
  );
}
