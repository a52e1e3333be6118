import "server-only";
import { themeTemplate, type Industry } from "@/lib/text/theme-templates";
import type { ThemeRule } from "@/lib/text/themes";
import { db } from "@/server/db";

/**
 * The organisation's theme taxonomy, in matching order. An organisation without one gets the industry template
 * (banking unless told otherwise) the first time it is read; concurrent first reads insert it once.
 */
export async function loadTaxonomy(organizationId: string, industry: Industry = "banking"): Promise<ThemeRule[]> {
  const rows = await readTaxonomy(organizationId);
  if (rows.length) return rows;
  const template = themeTemplate(industry);
  await db.themeDefinition.createMany({
    data: template.map((t, position) => ({
      organizationId,
      key: t.key,
      labelZh: t.labelZh,
      labelEn: t.labelEn,
      parentKey: t.parentKey ?? null,
      keywords: [...t.keywords],
      exclusions: [...(t.exclusions ?? [])],
      position,
    })),
    skipDuplicates: true,
  });
  return readTaxonomy(organizationId);
}

async function readTaxonomy(organizationId: string): Promise<ThemeRule[]> {
  const rows = await db.themeDefinition.findMany({
    where: { organizationId },
    orderBy: [{ position: "asc" }, { key: "asc" }],
    select: { key: true, labelZh: true, labelEn: true, parentKey: true, keywords: true, exclusions: true },
  });
  return rows;
}
