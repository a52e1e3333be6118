"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { isAppError } from "@/lib/errors";
import { classInputSchema, classRuleFromForm, classRuleInputSchema } from "@/schemas/customer-classes";
import { requireRole } from "@/server/auth/session";
import {
  addCustomerClass,
  deleteCustomerClass,
  deleteCustomerClassRule,
  moveCustomerClassRule,
  renameCustomerClass,
  saveCustomerClassRule,
} from "@/server/customer-classes/save-class-settings";
import type { AddClassField, AddClassMessageKey, AddClassState } from "./add-class-state";

const PAGE = "/contacts/classes/settings";

/** Where the page says what happened: ?saved=1 or ?error=<catalogue suffix>&message=…; the anchor of the form. */
function done(anchor: string, error?: { key: string; message?: string }): never {
  revalidatePath("/contacts/classes");
  const params = new URLSearchParams(error ? { error: error.key, ...(error.message ? { message: error.message.slice(0, 200) } : {}) } : { saved: "1" });
  redirect(`${PAGE}?${params.toString()}#${anchor}`);
}

function failure(error: unknown): { key: string; message?: string } {
  if (error instanceof z.ZodError) return { key: "invalid", message: error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") };
  if (isAppError(error)) {
    if (error.code === "conflict") return { key: (error.details as { last?: boolean } | undefined)?.last ? "lastClass" : "inUse" };
    if (error.code === "not_found") return { key: "notFound" };
    return { key: "invalid", message: error.message };
  }
  throw error;
}

/** Renames a class (its key stays). */
export async function saveClassAction(formData: FormData): Promise<void> {
  const viewer = await requireRole("ADMIN");
  const parsed = classInputSchema.safeParse({ key: formData.get("key"), nameZh: formData.get("nameZh"), nameEn: formData.get("nameEn") });
  if (!parsed.success) done("classes", failure(parsed.error));
  let outcome: { key: string; message?: string } | undefined;
  try {
    await renameCustomerClass({ actor: viewer, input: parsed.data });
  } catch (error) {
    outcome = failure(error);
  }
  done("classes", outcome);
}

const ADD_FIELDS: readonly AddClassField[] = ["key", "nameZh", "nameEn"];

/**
 * Adds a class. A key the organisation has already is refused as a field error (nothing saved), and every refusal
 * answers with what was typed so the form keeps it.
 */
export async function addClassAction(_state: AddClassState, formData: FormData): Promise<AddClassState> {
  const values = Object.fromEntries(ADD_FIELDS.map((name) => [name, String(formData.get(name) ?? "").slice(0, 200)])) as Record<AddClassField, string>;
  const refused = (state: Omit<AddClassState, "ok" | "at" | "values">): AddClassState => ({ ok: false, at: Date.now(), values, ...state });
  try {
    const viewer = await requireRole("ADMIN");
    await addCustomerClass({ actor: viewer, input: values });
  } catch (error) {
    if (isAppError(error)) {
      if (error.code === "forbidden" || error.code === "unauthorized") return refused({ error: "classes.error.forbidden" });
      const details = (error.details ?? {}) as { fields?: unknown; reason?: unknown };
      const named = Array.isArray(details.fields) ? details.fields.filter((f): f is AddClassField => ADD_FIELDS.includes(f as AddClassField)) : [];
      if (error.code === "validation_failed" && named.length > 0) {
        const fields: Partial<Record<AddClassField, AddClassMessageKey>> = {};
        for (const field of named) {
          fields[field] = field === "key" ? (details.reason === "duplicate" ? "classes.error.duplicate" : "classes.error.keyFormat") : "classes.error.name";
        }
        return refused({ fields });
      }
    }
    throw error;
  }
  revalidatePath("/contacts/classes");
  revalidatePath(PAGE);
  return { ok: true, at: Date.now() };
}

export async function deleteClassAction(formData: FormData): Promise<void> {
  const viewer = await requireRole("ADMIN");
  let outcome: { key: string; message?: string } | undefined;
  try {
    await deleteCustomerClass({ actor: viewer, key: String(formData.get("key") ?? "") });
  } catch (error) {
    outcome = failure(error);
  }
  done("classes", outcome);
}

export async function saveRuleAction(formData: FormData): Promise<void> {
  const viewer = await requireRole("ADMIN");
  const parsed = classRuleInputSchema.safeParse(classRuleFromForm(formData));
  if (!parsed.success) done("rules", failure(parsed.error));
  let outcome: { key: string; message?: string } | undefined;
  try {
    await saveCustomerClassRule({ actor: viewer, input: parsed.data });
  } catch (error) {
    outcome = failure(error);
  }
  done("rules", outcome);
}

export async function ruleCommandAction(formData: FormData): Promise<void> {
  const viewer = await requireRole("ADMIN");
  const id = z.uuid().safeParse(formData.get("id"));
  if (!id.success) done("rules", { key: "notFound" });
  const command = formData.get("command");
  let outcome: { key: string; message?: string } | undefined;
  try {
    if (command === "delete") await deleteCustomerClassRule({ actor: viewer, id: id.data });
    else await moveCustomerClassRule({ actor: viewer, id: id.data, direction: command === "up" ? -1 : 1 });
  } catch (error) {
    outcome = failure(error);
  }
  done("rules", outcome);
}
