import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { AppError } from "@/lib/errors";
import type { RoleName } from "@/lib/roles";
import { classInputSchema, classRuleInputSchema, CLASS_RULES_MAX, type ClassRuleInput } from "@/schemas/customer-classes";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import { invalidInput } from "@/server/cases/invalid-input";
import { db, TX_OPTIONS } from "@/server/db";
import { assertClassAdmin } from "./class-actor";
import { ensureClassDefaults } from "./get-class-settings";

export type ClassSettingsActor = { organizationId: string; userId: string | null; role: RoleName };

async function audit(tx: Prisma.TransactionClient, actor: ClassSettingsActor, details: Prisma.InputJsonObject) {
  await recordAuditEvent({ organizationId: actor.organizationId, actorId: actor.userId, action: "settings.change", targetType: "Organization", targetId: actor.organizationId, details: { area: "customer_classes", ...details } }, tx);
}

/**
 * Adds a class, ADMIN+. Its key must be new: a key the organisation has already is refused (422 naming the field
 * `key`, details.reason "duplicate") and nothing is written — an add never renames an existing class.
 */
export async function addCustomerClass({ actor, input }: { actor: ClassSettingsActor; input: unknown }): Promise<void> {
  assertClassAdmin(actor);
  const parsed = classInputSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error);
  const data = parsed.data;
  const { organizationId } = actor;
  await ensureClassDefaults(organizationId);
  const duplicate = () => new AppError("validation_failed", "key: A class with this key exists already.", { fields: ["key"], reason: "duplicate" });
  await db.$transaction(async (tx) => {
    const existing = await tx.customerClass.findUnique({ where: { organizationId_key: { organizationId, key: data.key } }, select: { id: true } });
    if (existing) throw duplicate();
    const last = await tx.customerClass.aggregate({ where: { organizationId }, _max: { position: true } });
    // A concurrent add of the same key loses on the unique (organizationId, key) without writing anything.
    const created = await tx.customerClass.createMany({
      data: [{ organizationId, key: data.key, nameZh: data.nameZh, nameEn: data.nameEn, position: (last._max.position ?? -1) + 1 }],
      skipDuplicates: true,
    });
    if (created.count === 0) throw duplicate();
    await audit(tx, actor, { class: data.key, change: "add" });
  }, TX_OPTIONS);
}

/** Renames an existing class in both languages (its key stays), ADMIN+; 404 when the key is not one of its classes. */
export async function renameCustomerClass({ actor, input }: { actor: ClassSettingsActor; input: unknown }): Promise<void> {
  assertClassAdmin(actor);
  const parsed = classInputSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error);
  const data = parsed.data;
  const { organizationId } = actor;
  await db.$transaction(async (tx) => {
    const updated = await tx.customerClass.updateMany({ where: { organizationId, key: data.key }, data: { nameZh: data.nameZh, nameEn: data.nameEn } });
    if (updated.count === 0) throw new AppError("not_found", "No such customer class.");
    await audit(tx, actor, { class: data.key, change: "rename" });
  }, TX_OPTIONS);
}

/** Deletes a class no rule uses (409 otherwise; the last class stays). */
export async function deleteCustomerClass({ actor, key }: { actor: ClassSettingsActor; key: string }): Promise<void> {
  assertClassAdmin(actor);
  const { organizationId } = actor;
  await db.$transaction(async (tx) => {
    const found = await tx.customerClass.findUnique({ where: { organizationId_key: { organizationId, key } }, select: { id: true, _count: { select: { rules: true } } } });
    if (!found) throw new AppError("not_found", "No such customer class.");
    if (found._count.rules > 0) throw new AppError("conflict", "Rules use this class.");
    if ((await tx.customerClass.count({ where: { organizationId } })) <= 1) throw new AppError("conflict", "Keep at least one class.", { last: true });
    await tx.customerClass.delete({ where: { organizationId_id: { organizationId, id: found.id } } });
    await audit(tx, actor, { class: key, change: "delete" });
  }, TX_OPTIONS);
}

/** Creates a rule (at the end) or updates one, ADMIN+; its class must exist. */
export async function saveCustomerClassRule({ actor, input }: { actor: ClassSettingsActor; input: ClassRuleInput }): Promise<string> {
  assertClassAdmin(actor);
  const data = classRuleInputSchema.parse(input);
  const { organizationId } = actor;
  await ensureClassDefaults(organizationId);
  return db.$transaction(async (tx) => {
    const cls = await tx.customerClass.findUnique({ where: { organizationId_key: { organizationId, key: data.classKey } }, select: { id: true } });
    if (!cls) throw new AppError("validation_failed", "No such customer class.");
    const fields = {
      classKey: data.classKey,
      categories: data.categories,
      scoreMin: data.scoreMin,
      scoreMax: data.scoreMax,
      conditions: data.conditions as Prisma.InputJsonObject,
    };
    let id: string;
    if (data.id) {
      const updated = await tx.customerClassRule.updateMany({ where: { organizationId, id: data.id }, data: fields });
      if (updated.count === 0) throw new AppError("not_found", "No such rule.");
      id = data.id;
    } else {
      const count = await tx.customerClassRule.count({ where: { organizationId } });
      if (count >= CLASS_RULES_MAX) throw new AppError("validation_failed", `At most ${CLASS_RULES_MAX} rules.`);
      const last = await tx.customerClassRule.aggregate({ where: { organizationId }, _max: { position: true } });
      id = (await tx.customerClassRule.create({ data: { organizationId, position: (last._max.position ?? -1) + 1, ...fields }, select: { id: true } })).id;
    }
    await audit(tx, actor, { rule: id, change: data.id ? "update" : "add" });
    return id;
  }, TX_OPTIONS);
}

/** Swaps a rule with its neighbour above (-1) or below (+1): the order decides which rule wins. */
export async function moveCustomerClassRule({ actor, id, direction }: { actor: ClassSettingsActor; id: string; direction: -1 | 1 }): Promise<void> {
  assertClassAdmin(actor);
  const { organizationId } = actor;
  await db.$transaction(async (tx) => {
    const rules = await tx.customerClassRule.findMany({ where: { organizationId }, orderBy: [{ position: "asc" }, { id: "asc" }], select: { id: true } });
    const index = rules.findIndex((r) => r.id === id);
    if (index < 0) throw new AppError("not_found", "No such rule.");
    const other = index + direction;
    if (other < 0 || other >= rules.length) return;
    const order = rules.map((r) => r.id);
    [order[index], order[other]] = [order[other] as string, order[index] as string];
    for (const [position, ruleId] of order.entries()) await tx.customerClassRule.updateMany({ where: { organizationId, id: ruleId }, data: { position } });
    await audit(tx, actor, { rule: id, change: direction < 0 ? "move_up" : "move_down" });
  }, TX_OPTIONS);
}

export async function deleteCustomerClassRule({ actor, id }: { actor: ClassSettingsActor; id: string }): Promise<void> {
  assertClassAdmin(actor);
  const { organizationId } = actor;
  await db.$transaction(async (tx) => {
    const deleted = await tx.customerClassRule.deleteMany({ where: { organizationId, id } });
    if (deleted.count === 0) throw new AppError("not_found", "No such rule.");
    await audit(tx, actor, { rule: id, change: "delete" });
  }, TX_OPTIONS);
}
