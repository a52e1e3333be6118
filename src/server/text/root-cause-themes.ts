import "server-only";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { themeKeySchema } from "@/schemas/taxonomy";
import { assertCanManageCaseSettings, type CaseSettingsActor } from "@/server/cases/case-settings-actor";
import { db } from "@/server/db";
import { loadTaxonomy } from "./taxonomy";

/**
 * Comment themes ↔ case root causes (issue 14): admins map themes to root causes on the case settings page; a
 * case whose comment mentions a mapped theme suggests that root cause (one click to accept); the case dashboard
 * counts the themes of open cases.
 */

export const rootCauseThemesSchema = z.strictObject({
  rootCauseId: z.uuid(),
  themeKeys: z.array(themeKeySchema).max(100),
});

/** Replaces the themes that suggest one root cause (ADMIN). Every key must be a theme of the organisation's taxonomy. */
export async function setRootCauseThemes({ actor, input }: { actor: CaseSettingsActor; input: unknown }): Promise<{ themeKeys: string[] }> {
  assertCanManageCaseSettings(actor);
  const parsed = rootCauseThemesSchema.safeParse(input);
  if (!parsed.success) {
    throw new AppError("validation_failed", "The themes are not valid.", { fields: parsed.error.issues.map((i) => i.path.join(".")) });
  }
  const { organizationId } = actor;
  const known = new Set((await loadTaxonomy(organizationId)).map((r) => r.key));
  const unknown = parsed.data.themeKeys.filter((k) => !known.has(k));
  if (unknown.length) throw new AppError("validation_failed", `themeKeys: unknown theme ${unknown[0]!.slice(0, 40)}.`, { fields: ["themeKeys"] });
  const themeKeys = [...new Set(parsed.data.themeKeys)];
  const updated = await db.rootCause.updateMany({ where: { organizationId, id: parsed.data.rootCauseId }, data: { themeKeys } });
  if (updated.count === 0) throw new AppError("not_found", "Root cause not found.");
  return { themeKeys };
}

export type ThemeChip = { key: string; label: string };

/** Each root cause's mapped themes, and the organisation's themes to choose from (case settings page). */
export async function rootCauseThemeOptions(organizationId: string, locale: string): Promise<{ themes: ThemeChip[]; byRootCause: Map<string, string[]> }> {
  const [rules, causes] = await Promise.all([
    loadTaxonomy(organizationId),
    db.rootCause.findMany({ where: { organizationId }, select: { id: true, themeKeys: true } }),
  ]);
  return {
    themes: rules.map((r) => ({ key: r.key, label: locale === "en" ? r.labelEn : r.labelZh })),
    byRootCause: new Map(causes.map((c) => [c.id, c.themeKeys])),
  };
}

export type CaseThemes = {
  /** The themes of the case's comment as read (taxonomy order); empty without a comment or before it is read. */
  themes: ThemeChip[];
  /** The active root cause mapped from the first of those themes that has one (the oldest such root cause), or null. */
  suggestedRootCause: { id: string; key: string; label: string } | null;
};

function labelIn(value: unknown, locale: string, fallback: string): string {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return fallback;
  const record = value as Record<string, unknown>;
  const text = record[locale] ?? record["zh-CN"] ?? record.en;
  return typeof text === "string" && text !== "" ? text : fallback;
}

/** A case's comment themes and the root cause they suggest (src/server/cases/get-case.ts shows them). */
export async function caseThemes({ organizationId, responseId, locale }: { organizationId: string; responseId: string; locale: string }): Promise<CaseThemes> {
  const reading = await db.responseText.findUnique({ where: { organizationId_responseId: { organizationId, responseId } }, select: { themes: true } });
  const keys = reading?.themes ?? [];
  if (keys.length === 0) return { themes: [], suggestedRootCause: null };
  const [rules, causes] = await Promise.all([
    loadTaxonomy(organizationId),
    db.rootCause.findMany({
      where: { organizationId, active: true, themeKeys: { hasSome: keys } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { id: true, key: true, label: true, themeKeys: true },
    }),
  ]);
  const names = new Map(rules.map((r) => [r.key, locale === "en" ? r.labelEn : r.labelZh]));
  let suggested: CaseThemes["suggestedRootCause"] = null;
  for (const key of keys) {
    const cause = causes.find((c) => c.themeKeys.includes(key));
    if (cause) {
      suggested = { id: cause.id, key: cause.key, label: labelIn(cause.label, locale, cause.key) };
      break;
    }
  }
  return { themes: keys.map((key) => ({ key, label: names.get(key) ?? key })), suggestedRootCause: suggested };
}
