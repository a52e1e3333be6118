import "server-only";
import { db } from "@/server/db";

export type OrgTreeNode = {
  id: string;
  code: string;
  name: string;
  kind: "REGION" | "BRANCH" | "TEAM";
  managerName: string | null;
  managerEmail: string | null;
  employees: { id: string; code: string; name: string }[];
  children: OrgTreeNode[];
};

export type ScopableMember = { membershipId: string; name: string; email: string; role: "MANAGER" | "VIEWER"; scopeUnitId: string | null };

/** The organisation's units as a tree (by code), with managers and employees; and its scopable members. */
export async function getOrgTree(organizationId: string): Promise<{ roots: OrgTreeNode[]; units: { id: string; label: string }[]; members: ScopableMember[] }> {
  const [units, employees, memberships] = await Promise.all([
    db.orgUnit.findMany({ where: { organizationId }, orderBy: { code: "asc" }, include: { manager: { select: { name: true, email: true } } } }),
    db.employee.findMany({ where: { organizationId, active: true }, orderBy: { code: "asc" }, select: { id: true, code: true, name: true, unitId: true } }),
    db.membership.findMany({ where: { organizationId, role: { in: ["MANAGER", "VIEWER"] } }, include: { user: { select: { name: true, email: true } } }, orderBy: { createdAt: "asc" } }),
  ]);
  const nodes = new Map<string, OrgTreeNode>(
    units.map((u) => [u.id, { id: u.id, code: u.code, name: u.name, kind: u.kind, managerName: u.manager?.name ?? null, managerEmail: u.manager?.email ?? null, employees: [], children: [] }]),
  );
  for (const e of employees) nodes.get(e.unitId)?.employees.push({ id: e.id, code: e.code, name: e.name });
  const roots: OrgTreeNode[] = [];
  for (const u of units) {
    const node = nodes.get(u.id);
    if (!node) continue;
    const parent = u.parentId ? nodes.get(u.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return {
    roots,
    units: units.map((u) => ({ id: u.id, label: `${u.name} (${u.code})` })),
    members: memberships.map((m) => ({ membershipId: m.id, name: m.user.name, email: m.user.email, role: m.role as "MANAGER" | "VIEWER", scopeUnitId: m.scopeUnitId })),
  };
}
