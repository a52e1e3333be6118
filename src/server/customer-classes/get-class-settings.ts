import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { DEFAULT_CLASS_RULES, DEFAULT_CLASSES, type ClassRule } from "@/lib/customer-classes";
import { classConditionsSchema } from "@/schemas/customer-classes";
import { db } from "@/server/db";

type Client = Pick<Prisma.TransactionClient, "customerClass" | "customerClassRule">;

export type CustomerClassRow = { id: string; key: string; nameZh: string; nameEn: string; position: number; ruleCount: number };
export type CustomerClassRuleRow = { id: string; position: number; rule: ClassRule };
export type ClassSettings = { classes: CustomerClassRow[]; rules: CustomerClassRuleRow[] };

/**
 * Seeds the source material's four classes and the rules for an organisation that has no class yet. Run
 * concurrently, the unique (organizationId, key) lets one seeding insert the classes; only that one adds the rules.
 */
export async function ensureClassDefaults(organizationId: string, client: Client = db): Promise<void> {
  if ((await client.customerClass.count({ where: { organizationId } })) > 0) return;
  const created = await client.customerClass.createMany({
    data: DEFAULT_CLASSES.map((c, position) => ({ organizationId, key: c.key, nameZh: c.label["zh-CN"], nameEn: c.label.en, position })),
    skipDuplicates: true,
  });
  if (created.count !== DEFAULT_CLASSES.length) return;
  await client.customerClassRule.createMany({
    data: DEFAULT_CLASS_RULES.map((rule, position) => ({
      organizationId,
      position,
      classKey: rule.classKey,
      categories: rule.categories ?? [],
      scoreMin: rule.scoreMin ?? null,
      scoreMax: rule.scoreMax ?? null,
      conditions: { ...(rule.all ? { all: rule.all } : {}), ...(rule.any ? { any: rule.any } : {}) } as Prisma.InputJsonObject,
    })),
  });
}

/** A stored rule as the engine's ClassRule (empty categories = any; conditions re-checked, unreadable ones dropped). */
export function toClassRule(row: {
  classKey: string;
  categories: ClassRule["categories"];
  scoreMin: number | null;
  scoreMax: number | null;
  conditions: unknown;
}): ClassRule {
  const conditions = classConditionsSchema.safeParse(row.conditions);
  const rule: ClassRule = { classKey: row.classKey };
  if (row.categories && row.categories.length > 0) rule.categories = [...row.categories];
  if (row.scoreMin !== null) rule.scoreMin = row.scoreMin;
  if (row.scoreMax !== null) rule.scoreMax = row.scoreMax;
  if (conditions.success) {
    if (conditions.data.all && conditions.data.all.length > 0) rule.all = conditions.data.all;
    if (conditions.data.any && conditions.data.any.length > 0) rule.any = conditions.data.any;
  }
  return rule;
}

/** The organisation's classes (display order) and rules (evaluation order), seeded on first use. */
export async function getClassSettings(organizationId: string): Promise<ClassSettings> {
  await ensureClassDefaults(organizationId);
  const [classes, rules] = await Promise.all([
    db.customerClass.findMany({
      where: { organizationId },
      orderBy: [{ position: "asc" }, { key: "asc" }],
      select: { id: true, key: true, nameZh: true, nameEn: true, position: true, _count: { select: { rules: true } } },
    }),
    db.customerClassRule.findMany({ where: { organizationId }, orderBy: [{ position: "asc" }, { id: "asc" }] }),
  ]);
  return {
    classes: classes.map(({ _count, ...c }) => ({ ...c, ruleCount: _count.rules })),
    rules: rules.map((row) => ({ id: row.id, position: row.position, rule: toClassRule(row) })),
  };
}

/** The class's name in the reader's language. */
export function className(c: { nameZh: string; nameEn: string }, locale: string): string {
  return locale === "zh-CN" ? c.nameZh : c.nameEn;
}
