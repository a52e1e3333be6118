import "server-only";
import type { z } from "zod";
import { AppError } from "@/lib/errors";
import { hasRole, type RoleName } from "@/lib/roles";
import { themeTemplate } from "@/lib/text/theme-templates";
import { addKeywordSchema, applyTemplateSchema, themeInputSchema } from "@/schemas/taxonomy";
import { db } from "@/server/db";
import { loadTaxonomy } from "./taxonomy";

/**
 * Taxonomy edits by an admin (Settings → Themes). Each one changes the taxonomy's hash, so the worker's
 * comment-reading job reads every comment again (src/server/text/read-comments.ts); the caller asks the queue to
 * start now (requestCommentReading) and the page shows commentReadingProgress.
 */
export type TaxonomyActor = { organizationId: string; role: RoleName };

function assertAdmin(actor: TaxonomyActor) {
  if (!hasRole(actor.role, "ADMIN")) throw new AppError("forbidden", "Editing the theme taxonomy needs the ADMIN role.");
}

function parse<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new AppError("validation_failed", "The theme is not valid.", { fields: parsed.error.issues.map((i) => i.path.join(".")) });
  }
  return parsed.data;
}

/** Creates a theme (a new key goes last) or replaces an existing one's names, keywords and exclusions. */
export async function saveTheme({ actor, input, create }: { actor: TaxonomyActor; input: unknown; create: boolean }): Promise<void> {
  assertAdmin(actor);
  const theme = parse(themeInputSchema, input);
  const { organizationId } = actor;
  await loadTaxonomy(organizationId);
  const existing = await db.themeDefinition.findUnique({ where: { organizationId_key: { organizationId, key: theme.key } }, select: { key: true } });
  const data = { labelZh: theme.labelZh, labelEn: theme.labelEn, keywords: theme.keywords, exclusions: theme.exclusions };
  if (create) {
    if (existing) throw new AppError("conflict", "A theme with this key exists.", { fields: ["key"] });
    const last = await db.themeDefinition.aggregate({ where: { organizationId }, _max: { position: true } });
    await db.themeDefinition.create({ data: { organizationId, key: theme.key, ...data, position: (last._max.position ?? -1) + 1 } });
    return;
  }
  if (!existing) throw new AppError("not_found", "Theme not found.");
  await db.themeDefinition.update({ where: { organizationId_key: { organizationId, key: theme.key } }, data });
}

/** Adds one keyword to a theme (nothing changes when it is there already). */
export async function addThemeKeyword({ actor, input }: { actor: TaxonomyActor; input: unknown }): Promise<{ added: boolean }> {
  assertAdmin(actor);
  const { key, keyword } = parse(addKeywordSchema, input);
  const { organizationId } = actor;
  await loadTaxonomy(organizationId);
  const theme = await db.themeDefinition.findUnique({ where: { organizationId_key: { organizationId, key } }, select: { keywords: true } });
  if (!theme) throw new AppError("not_found", "Theme not found.");
  if (theme.keywords.includes(keyword)) return { added: false };
  await db.themeDefinition.update({ where: { organizationId_key: { organizationId, key } }, data: { keywords: [...theme.keywords, keyword] } });
  return { added: true };
}

/** Replaces the whole taxonomy by an industry template (one transaction: readers see the old or the new one). */
export async function applyThemeTemplate({ actor, input }: { actor: TaxonomyActor; input: unknown }): Promise<void> {
  assertAdmin(actor);
  const { industry } = parse(applyTemplateSchema, input);
  const { organizationId } = actor;
  await db.$transaction([
    db.themeDefinition.deleteMany({ where: { organizationId } }),
    db.themeDefinition.createMany({
      data: themeTemplate(industry).map((t, position) => ({
        organizationId,
        key: t.key,
        labelZh: t.labelZh,
        labelEn: t.labelEn,
        parentKey: t.parentKey ?? null,
        keywords: [...t.keywords],
        exclusions: [...(t.exclusions ?? [])],
        position,
      })),
    }),
  ]);
}
