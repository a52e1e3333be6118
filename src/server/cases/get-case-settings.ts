import "server-only";
import type { Locale } from "@/i18n/locales";
import { CASE_PRIORITIES, parseRuleMatch, slaHours, type CasePriorityName, type CaseRuleMatch } from "@/lib/case-rules";
import type { RoleName } from "@/lib/roles";
import { pickText } from "@/schemas/localized";
import { db } from "@/server/db";
import { assertCanManageCaseSettings, type CaseSettingsActor } from "./case-settings-actor";
import { ensureCaseDefaults } from "./ensure-case-defaults";

export type CaseSettingsMember = { userId: string; name: string; email: string; role: RoleName };
export type CaseSettingsUnit = { id: string; code: string; name: string; managerName: string | null };
export type CaseSettingsRule = {
  id: string;
  name: string;
  position: number;
  /** null: the stored JSON is not a valid match (such a rule never matches; saving it again repairs it). */
  match: CaseRuleMatch | null;
  ownerId: string | null;
  ownerName: string | null;
  ownerUnitId: string | null;
  ownerUnitName: string | null;
  priority: CasePriorityName;
  active: boolean;
  caseCount: number;
};
export type CaseSettingsRootCause = { id: string; key: string; labelZh: string; labelEn: string; active: boolean; caseCount: number };
export type CaseSettingsTemplate = { id: string; locale: Locale; name: string; subject: string; body: string };

export type CaseSettings = {
  slaHours: Record<CasePriorityName, number>;
  fallbackOwnerId: string | null;
  members: CaseSettingsMember[];
  units: CaseSettingsUnit[];
  rules: CaseSettingsRule[];
  rootCauses: CaseSettingsRootCause[];
  templates: CaseSettingsTemplate[];
};

/** Everything Settings → Cases shows (ADMIN+), for the actor's organisation only; seeds the default lists first. */
export async function getCaseSettings({ actor }: { actor: CaseSettingsActor }): Promise<CaseSettings> {
  assertCanManageCaseSettings(actor);
  const { organizationId } = actor;
  await ensureCaseDefaults(organizationId);
  const [organization, memberships, units, rules, rootCauses, templates] = await Promise.all([
    db.organization.findUniqueOrThrow({ where: { id: organizationId }, select: { caseSlaHours: true, fallbackCaseOwnerId: true } }),
    db.membership.findMany({
      where: { organizationId },
      orderBy: { createdAt: "asc" },
      select: { role: true, user: { select: { id: true, name: true, email: true } } },
    }),
    db.orgUnit.findMany({ where: { organizationId }, orderBy: { code: "asc" }, select: { id: true, code: true, name: true, manager: { select: { name: true } } } }),
    db.caseRule.findMany({
      where: { organizationId },
      orderBy: [{ position: "asc" }, { id: "asc" }],
      select: {
        id: true,
        name: true,
        position: true,
        match: true,
        ownerId: true,
        ownerUnitId: true,
        priority: true,
        active: true,
        owner: { select: { name: true } },
        ownerUnit: { select: { name: true, code: true } },
        _count: { select: { cases: true } },
      },
    }),
    db.rootCause.findMany({
      where: { organizationId },
      orderBy: [{ createdAt: "asc" }, { key: "asc" }],
      select: { id: true, key: true, label: true, active: true, _count: { select: { cases: true } } },
    }),
    db.replyTemplate.findMany({
      where: { organizationId },
      orderBy: [{ locale: "asc" }, { createdAt: "asc" }],
      select: { id: true, locale: true, name: true, subject: true, body: true },
    }),
  ]);
  const priorities = new Set<string>(CASE_PRIORITIES);
  return {
    slaHours: slaHours(organization.caseSlaHours),
    fallbackOwnerId: organization.fallbackCaseOwnerId,
    members: memberships.map((m) => ({ userId: m.user.id, name: m.user.name, email: m.user.email, role: m.role })),
    units: units.map((u) => ({ id: u.id, code: u.code, name: u.name, managerName: u.manager?.name ?? null })),
    rules: rules.map((r) => ({
      id: r.id,
      name: r.name,
      position: r.position,
      match: parseRuleMatch(r.match),
      ownerId: r.ownerId,
      ownerName: r.owner?.name ?? null,
      ownerUnitId: r.ownerUnitId,
      ownerUnitName: r.ownerUnit ? `${r.ownerUnit.name} (${r.ownerUnit.code})` : null,
      priority: priorities.has(r.priority) ? (r.priority as CasePriorityName) : "NORMAL",
      active: r.active,
      caseCount: r._count.cases,
    })),
    rootCauses: rootCauses.map((c) => ({
      id: c.id,
      key: c.key,
      labelZh: pickText(c.label, "zh-CN", "en"),
      labelEn: pickText(c.label, "en", "zh-CN"),
      active: c.active,
      caseCount: c._count.cases,
    })),
    templates: templates.map((t) => ({ id: t.id, locale: t.locale === "en" ? "en" : "zh-CN", name: t.name, subject: t.subject, body: t.body })),
  };
}
