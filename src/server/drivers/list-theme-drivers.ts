import "server-only";
import type { DriverQuestion } from "@/lib/key-drivers";
import { loadTaxonomy } from "@/server/text/taxonomy";
import { THEME_DRIVER_PREFIX } from "./load-driver-data";

/**
 * The organisation's comment themes as binary drivers (issue 14): 1 when a response's read comment mentions the
 * theme, 0 when it has a read comment that does not. In taxonomy order, after the survey's questions.
 */
export async function listThemeDrivers(organizationId: string): Promise<DriverQuestion[]> {
  const rules = await loadTaxonomy(organizationId);
  return rules.map((rule) => ({
    questionId: `${THEME_DRIVER_PREFIX}${rule.key}`,
    key: rule.key,
    type: "THEME" as const,
    label: { "zh-CN": rule.labelZh, en: rule.labelEn },
    scale: { min: 0, max: 1 },
  }));
}
