import { z } from "zod";
import { AUDIT_ACTIONS, AUDIT_RETENTION_DAYS } from "@/lib/audit-actions";
import { isIsoDate } from "@/lib/date-range";

const isoDate = z.string().refine(isIsoDate, "a date like 2026-12-07");

/** The audit page's filters (query string). Invalid values are dropped field by field (auditFilterFrom). */
export const auditFilterFields = {
  actor: z.union([z.uuid(), z.literal("system")]),
  action: z.enum(AUDIT_ACTIONS),
  from: isoDate,
  to: isoDate,
} as const;

export type AuditFilter = { actor?: string; action?: (typeof AUDIT_ACTIONS)[number]; from?: string; to?: string };

/** The valid filters out of raw query values; a wrong one is left out (never a 500). */
export function auditFilterFrom(raw: Record<string, string | string[] | undefined | null>): AuditFilter {
  const out: AuditFilter = {};
  for (const key of Object.keys(auditFilterFields) as (keyof typeof auditFilterFields)[]) {
    const value = raw[key];
    const parsed = auditFilterFields[key].safeParse(Array.isArray(value) ? value[0] : value || undefined);
    if (parsed.success) (out as Record<string, string>)[key] = parsed.data;
  }
  if (out.from && out.to && out.from > out.to) [out.from, out.to] = [out.to, out.from];
  return out;
}

export const auditRetentionSchema = z.object({
  days: z.union([z.literal("forever"), z.coerce.number().int().refine((n) => (AUDIT_RETENTION_DAYS as readonly number[]).includes(n))]),
});
