import "server-only";
import { AppError } from "@/lib/errors";
import { db } from "@/server/db";
import { unitSubtreeIds } from "./unit-scope";

export type OrgCodeRequest = { unitCode?: string | undefined; employeeCode?: string | undefined };
export type OrgLink = { unitId: string | null; employeeId: string | null };

/**
 * Resolves unit / employee codes (as other systems send them) to ids in one organisation. An employee
 * without a unit code credits the employee's own unit; with both, the employee must work in that unit or
 * below it. Unknown codes or a mismatch throw `validation_failed` (422) naming the codes, before anything
 * is written. Returns one link per request, in order.
 */
export async function resolveOrgCodes(organizationId: string, requests: readonly OrgCodeRequest[]): Promise<OrgLink[]> {
  const unitCodes = [...new Set(requests.flatMap((r) => (r.unitCode ? [r.unitCode] : [])))];
  const employeeCodes = [...new Set(requests.flatMap((r) => (r.employeeCode ? [r.employeeCode] : [])))];
  const [units, employees] = await Promise.all([
    unitCodes.length
      ? db.orgUnit.findMany({ where: { organizationId, code: { in: unitCodes } }, select: { id: true, code: true } })
      : Promise.resolve([]),
    employeeCodes.length
      ? db.employee.findMany({ where: { organizationId, code: { in: employeeCodes } }, select: { id: true, code: true, unitId: true } })
      : Promise.resolve([]),
  ]);
  const unitByCode = new Map(units.map((u) => [u.code, u.id]));
  const employeeByCode = new Map(employees.map((e) => [e.code, e]));
  const unknownUnits = unitCodes.filter((code) => !unitByCode.has(code));
  const unknownEmployees = employeeCodes.filter((code) => !employeeByCode.has(code));
  if (unknownUnits.length || unknownEmployees.length) {
    const parts: string[] = [];
    if (unknownUnits.length) parts.push(`unknown unitCode ${unknownUnits.map((c) => JSON.stringify(c)).join(", ")}`);
    if (unknownEmployees.length) parts.push(`unknown employeeCode ${unknownEmployees.map((c) => JSON.stringify(c)).join(", ")}`);
    throw new AppError("validation_failed", `No such unit or employee in this organisation: ${parts.join("; ")}.`, {
      unknownUnitCodes: unknownUnits,
      unknownEmployeeCodes: unknownEmployees,
    });
  }
  const subtrees = new Map<string, Set<string>>();
  const links: OrgLink[] = [];
  for (const request of requests) {
    const employee = request.employeeCode ? employeeByCode.get(request.employeeCode) : undefined;
    const unitId = request.unitCode ? (unitByCode.get(request.unitCode) ?? null) : null;
    if (employee && unitId && employee.unitId !== unitId) {
      let subtree = subtrees.get(unitId);
      if (!subtree) {
        subtree = new Set(await unitSubtreeIds(organizationId, unitId));
        subtrees.set(unitId, subtree);
      }
      if (!subtree.has(employee.unitId)) {
        throw new AppError(
          "validation_failed",
          `Employee ${JSON.stringify(employee.code)} does not work in unit ${JSON.stringify(request.unitCode)} or below it.`,
        );
      }
    }
    links.push({ unitId: unitId ?? employee?.unitId ?? null, employeeId: employee?.id ?? null });
  }
  return links;
}
