import { z } from "zod";
import { RANGE_PRESETS } from "@/lib/date-range";
import type { ROLES } from "@/lib/roles";

/** /accountability?range=… and its JSON twin. Unknown values fall back to the default (never a 5xx). */
export const accountabilityQuerySchema = z.object({
  range: z.enum(RANGE_PRESETS).catch("90d").default("90d"),
});
export type AccountabilityQuery = z.output<typeof accountabilityQuerySchema>;

/** Limits a MANAGER / VIEWER member to one unit's subtree (null = the whole organisation). */
export const assignScopeSchema = z.object({
  membershipId: z.uuid(),
  scopeUnitId: z.union([z.uuid(), z.literal("")]).transform((value) => (value === "" ? null : value)),
});
export type AssignScopeInput = z.input<typeof assignScopeSchema>;

export const SCOPABLE_ROLES = ["MANAGER", "VIEWER"] as const satisfies readonly (typeof ROLES)[number][];
