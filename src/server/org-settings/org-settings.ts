import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { AppError } from "@/lib/errors";
import { hasRole, type RoleName } from "@/lib/roles";
import { orgSettingsProblems, orgSettingsSchema, type OrgSettings, type OrgSettingsField, type OrgSettingsProblems } from "@/schemas/org-settings";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import { auditIpOrNull } from "@/server/audit/request-context";
import { db, TX_OPTIONS } from "@/server/db";
import { latestAggregateRebuild, requestAggregateRebuild, type AggregateRebuildView } from "./aggregate-rebuilds";

export type OrgSettingsActor = { organizationId: string; userId: string; role: RoleName };

/** Settings → General as the page shows it: the current values and where the last aggregate rebuild stands. */
export type OrgSettingsView = { values: OrgSettings; rebuild: AggregateRebuildView | null };

function assertAdmin(actor: OrgSettingsActor): void {
  if (!hasRole(actor.role, "ADMIN")) throw new AppError("forbidden", "Organisation settings need the ADMIN role or higher.");
}

type OrganizationRow = { name: string; brandNames: Prisma.JsonValue; timeZone: string; defaultLocale: string; minN: number; suppressN: number; throttleDays: number };

function brandOf(brandNames: Prisma.JsonValue, locale: string): string {
  if (brandNames && typeof brandNames === "object" && !Array.isArray(brandNames)) {
    const value = (brandNames as Record<string, unknown>)[locale];
    if (typeof value === "string") return value;
  }
  return "";
}

function valuesOf(row: OrganizationRow): OrgSettings {
  return {
    name: row.name,
    brandZh: brandOf(row.brandNames, "zh-CN"),
    brandEn: brandOf(row.brandNames, "en"),
    timeZone: row.timeZone,
    defaultLocale: row.defaultLocale === "en" ? "en" : "zh-CN",
    minN: row.minN,
    suppressN: row.suppressN,
    throttleDays: row.throttleDays,
  };
}

const SELECT = { name: true, brandNames: true, timeZone: true, defaultLocale: true, minN: true, suppressN: true, throttleDays: true } as const;

export async function getOrgSettings(actor: OrgSettingsActor): Promise<OrgSettingsView> {
  assertAdmin(actor);
  const [row, rebuild] = await Promise.all([
    db.organization.findUniqueOrThrow({ where: { id: actor.organizationId }, select: SELECT }),
    latestAggregateRebuild(actor.organizationId),
  ]);
  return { values: valuesOf(row), rebuild };
}

export type UpdateOrgSettingsResult = {
  /** The fields whose value changed (nothing is written or recorded when none did). */
  changed: OrgSettingsField[];
  /** The rebuild a time-zone change queued for the worker, else null. */
  rebuildId: string | null;
};

/** Field → reason of a refused form, for the page (catalogue orgSettings.error.<reason>). */
export function orgSettingsFormProblems(error: unknown): OrgSettingsProblems | null {
  return error instanceof AppError && error.code === "validation_failed" ? ((error.details as { problems?: OrgSettingsProblems } | undefined)?.problems ?? {}) : null;
}

/**
 * Saves Settings → General (ADMIN/OWNER). One transaction changes the organisation and records one audit event with
 * each changed field's value before → after. A new time zone also queues an aggregate rebuild (a row the worker
 * claims, src/server/org-settings/aggregate-rebuilds.ts): the dashboard's aggregates are bucketed by the local day
 * (docs/decisions/0011). The zone is committed first, so every response written from then on is bucketed in it,
 * and the rebuild's snapshot recounts everything before; until the rebuild commits readers see the old figures
 * whole (one REPEATABLE READ transaction), never a half-rebuilt table.
 */
export async function updateOrgSettings(options: { actor: OrgSettingsActor; input: unknown; ip?: string | null }): Promise<UpdateOrgSettingsResult> {
  const { actor } = options;
  assertAdmin(actor);
  const parsed = orgSettingsSchema.safeParse(options.input);
  if (!parsed.success) throw new AppError("validation_failed", "Check the highlighted fields.", { problems: orgSettingsProblems(parsed.error) });
  const next = parsed.data;
  const ip = options.ip === undefined ? await auditIpOrNull() : options.ip;
  return db.$transaction(async (tx) => {
    // Locked, so two admins saving at once record each other's values as "before".
    await tx.$queryRaw`SELECT 1 FROM "Organization" WHERE "id" = ${actor.organizationId}::uuid FOR UPDATE`;
    const before = valuesOf(await tx.organization.findUniqueOrThrow({ where: { id: actor.organizationId }, select: SELECT }));
    const changed = (Object.keys(next) as OrgSettingsField[]).filter((field) => before[field] !== next[field]);
    if (changed.length === 0) return { changed, rebuildId: null };
    const brandNames: Record<string, string> = {};
    if (next.brandZh) brandNames["zh-CN"] = next.brandZh;
    if (next.brandEn) brandNames.en = next.brandEn;
    await tx.organization.update({
      where: { id: actor.organizationId },
      data: { name: next.name, brandNames, timeZone: next.timeZone, defaultLocale: next.defaultLocale, minN: next.minN, suppressN: next.suppressN, throttleDays: next.throttleDays },
    });
    let rebuildId: string | null = null;
    if (changed.includes("timeZone")) {
      rebuildId = await requestAggregateRebuild({ organizationId: actor.organizationId, userId: actor.userId, reason: "time_zone", timeZone: next.timeZone, tx });
    }
    const changes: Record<string, { from: string | number; to: string | number }> = {};
    for (const field of changed) changes[field] = { from: before[field], to: next[field] };
    await recordAuditEvent(
      {
        organizationId: actor.organizationId,
        actorId: actor.userId,
        action: "settings.change",
        targetType: "Organization",
        targetId: actor.organizationId,
        details: { section: "general", changes, ...(rebuildId ? { aggregateRebuildId: rebuildId } : {}) },
        ip,
      },
      tx,
    );
    return { changed, rebuildId };
  }, TX_OPTIONS);
}
