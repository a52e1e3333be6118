"use server";

import { revalidatePath } from "next/cache";
import type { z } from "zod";
import { isAppError, type AppError } from "@/lib/errors";
import { caseRuleFormSchema, caseSlaSettingsSchema, replyTemplateInputSchema, rootCauseInputSchema, rootCauseRenameSchema } from "@/schemas/case-settings";
import { requireRole } from "@/server/auth/session";
import type { CaseSettingsActor } from "@/server/cases/case-settings-actor";
import { deleteCaseRule } from "@/server/cases/delete-case-rule";
import { deleteReplyTemplate } from "@/server/cases/delete-reply-template";
import { deleteRootCause } from "@/server/cases/delete-root-cause";
import { moveCaseRule } from "@/server/cases/move-case-rule";
import { saveCaseRule } from "@/server/cases/save-case-rule";
import { saveReplyTemplate } from "@/server/cases/save-reply-template";
import { saveRootCause } from "@/server/cases/save-root-cause";
import { setCaseRuleActive } from "@/server/cases/set-case-rule-active";
import { setRootCauseActive } from "@/server/cases/set-root-cause-active";
import { updateCaseSettings } from "@/server/cases/update-case-settings";
import type { CaseSettingsMessageKey, CaseSettingsState } from "./state";

const PATH = "/settings/cases";

/** A service's field path ("match.maxScore", "slaHours.NORMAL" …) as the form field it belongs to. */
function formField(path: string): string {
  if (path === "match") return "conditions";
  if (path.startsWith("match.")) return path.split(".")[1] ?? "conditions";
  if (path.startsWith("slaHours.")) return path.replace(".", "_");
  return path.split(".")[0] ?? path;
}

/** The message for a problem with one form field. */
function fieldMessage(field: string, issue: { code: string; message?: string }): CaseSettingsMessageKey {
  if (field.startsWith("slaHours")) return "caseSettings.error.hours";
  if (field === "fallbackOwnerId" || field === "ownerId") return "caseSettings.error.member";
  if (field === "ownerUnitId") return "caseSettings.error.unit";
  if (field === "maxScore" || field === "minScore") return "caseSettings.error.maxScore";
  if (field === "conditions") return "caseSettings.error.conditions";
  if (field === "attributes") return "caseSettings.error.attributes";
  if (field === "key") return issue.code === "conflict" ? "caseSettings.error.duplicateKey" : "caseSettings.error.key";
  if (field === "locale" && issue.code === "conflict") return "caseSettings.error.lastTemplate";
  if ((field === "subject" || field === "body") && issue.code === "custom") return "caseSettings.error.placeholders";
  if (issue.code === "too_big") return "caseSettings.error.tooLong";
  return "caseSettings.error.required";
}

function zodFields(error: z.ZodError): Record<string, CaseSettingsMessageKey> {
  const fields: Record<string, CaseSettingsMessageKey> = {};
  for (const issue of error.issues) {
    const field = formField(issue.path.map(String).join("."));
    fields[field] ??= fieldMessage(field, issue);
  }
  return fields;
}

function appErrorState(error: AppError, values?: CaseSettingsState["values"]): CaseSettingsState {
  const details = (error.details ?? {}) as { fields?: unknown; reason?: unknown };
  const paths = Array.isArray(details.fields) ? details.fields.map(String) : [];
  if (error.code === "forbidden" || error.code === "unauthorized") return { ok: false, error: "caseSettings.error.forbidden", values };
  if (error.code === "not_found") return { ok: false, error: "caseSettings.error.notFound", values };
  if (paths.length > 0) {
    const fields: Record<string, CaseSettingsMessageKey> = {};
    for (const path of paths) {
      const field = formField(path);
      fields[field] ??= fieldMessage(field, { code: error.code });
    }
    return { ok: false, error: "caseSettings.error.invalid", fields, values };
  }
  if (details.reason === "last_template") return { ok: false, error: "caseSettings.error.lastTemplate", values };
  if (error.code === "validation_failed") return { ok: false, error: "caseSettings.error.invalid", values };
  return { ok: false, error: "caseSettings.error.failed", values };
}

/** A refusal of the posted form, before any service runs. */
class FormRefused {
  constructor(readonly state: CaseSettingsState) {}
}

function refuse(error: z.ZodError, values: CaseSettingsState["values"]): never {
  throw new FormRefused({ ok: false, error: "caseSettings.error.invalid", fields: zodFields(error), values });
}

/** Role check first (ADMIN+), then the form's own parse (`refuse`), then the service; answers the form's state. */
async function run(values: CaseSettingsState["values"], work: (actor: CaseSettingsActor) => Promise<unknown>, conflict?: CaseSettingsMessageKey): Promise<CaseSettingsState> {
  try {
    const viewer = await requireRole("ADMIN");
    await work({ organizationId: viewer.organizationId, userId: viewer.userId, role: viewer.role });
    revalidatePath(PATH);
    return { ok: true, at: Date.now() };
  } catch (error) {
    if (error instanceof FormRefused) return { ...error.state, at: Date.now() };
    if (isAppError(error)) {
      if (conflict && error.code === "conflict") return { ok: false, error: conflict, values, at: Date.now() };
      return { ...appErrorState(error, values), at: Date.now() };
    }
    throw error;
  }
}

const text = (formData: FormData, name: string) => String(formData.get(name) ?? "");

export async function updateSlaAction(_state: CaseSettingsState, formData: FormData): Promise<CaseSettingsState> {
  const values = {
    slaHours_URGENT: text(formData, "slaHours_URGENT"),
    slaHours_HIGH: text(formData, "slaHours_HIGH"),
    slaHours_NORMAL: text(formData, "slaHours_NORMAL"),
    slaHours_LOW: text(formData, "slaHours_LOW"),
    fallbackOwnerId: text(formData, "fallbackOwnerId"),
  };
  const input = {
    slaHours: { URGENT: values.slaHours_URGENT, HIGH: values.slaHours_HIGH, NORMAL: values.slaHours_NORMAL, LOW: values.slaHours_LOW },
    fallbackOwnerId: values.fallbackOwnerId,
  };
  return run(values, (actor) => {
    const parsed = caseSlaSettingsSchema.safeParse(input);
    if (!parsed.success) refuse(parsed.error, values);
    return updateCaseSettings({ actor, input: parsed.data });
  });
}

export async function saveRuleAction(_state: CaseSettingsState, formData: FormData): Promise<CaseSettingsState> {
  const values = {
    id: text(formData, "id"),
    name: text(formData, "name"),
    categories: formData.getAll("categories").map(String),
    maxScore: text(formData, "maxScore"),
    touchpoints: text(formData, "touchpoints"),
    attributes: text(formData, "attributes"),
    ownerKind: text(formData, "ownerKind"),
    ownerId: text(formData, "ownerId"),
    ownerUnitId: text(formData, "ownerUnitId"),
    priority: text(formData, "priority"),
    active: formData.get("active") === "on" ? "on" : "",
  };
  return run(values, (actor) => {
    const parsed = caseRuleFormSchema.safeParse(values);
    if (!parsed.success) refuse(parsed.error, values);
    return saveCaseRule({ actor, input: parsed.data });
  });
}

export async function moveRuleAction(_state: CaseSettingsState, formData: FormData): Promise<CaseSettingsState> {
  return run(undefined, (actor) => moveCaseRule({ actor, input: { id: text(formData, "id"), direction: text(formData, "direction") } }));
}

export async function setRuleActiveAction(_state: CaseSettingsState, formData: FormData): Promise<CaseSettingsState> {
  return run(undefined, (actor) => setCaseRuleActive({ actor, input: { id: text(formData, "id"), active: text(formData, "active") } }));
}

export async function deleteRuleAction(_state: CaseSettingsState, formData: FormData): Promise<CaseSettingsState> {
  return run(undefined, (actor) => deleteCaseRule({ actor, input: { id: text(formData, "id") } }), "caseSettings.error.ruleInUse");
}

export async function saveRootCauseAction(_state: CaseSettingsState, formData: FormData): Promise<CaseSettingsState> {
  const values = { id: text(formData, "id"), key: text(formData, "key"), labelZh: text(formData, "labelZh"), labelEn: text(formData, "labelEn") };
  return run(values, (actor) => {
    const parsed = values.id
    ? rootCauseRenameSchema.safeParse({ id: values.id, labelZh: values.labelZh, labelEn: values.labelEn })
    : rootCauseInputSchema.safeParse({ key: values.key, labelZh: values.labelZh, labelEn: values.labelEn });
    if (!parsed.success) refuse(parsed.error, values);
    return saveRootCause({ actor, input: parsed.data });
  });
}

export async function setRootCauseActiveAction(_state: CaseSettingsState, formData: FormData): Promise<CaseSettingsState> {
  return run(undefined, (actor) => setRootCauseActive({ actor, input: { id: text(formData, "id"), active: text(formData, "active") } }));
}

export async function deleteRootCauseAction(_state: CaseSettingsState, formData: FormData): Promise<CaseSettingsState> {
  return run(undefined, (actor) => deleteRootCause({ actor, input: { id: text(formData, "id") } }), "caseSettings.error.rootCauseInUse");
}

export async function saveTemplateAction(_state: CaseSettingsState, formData: FormData): Promise<CaseSettingsState> {
  const values = { id: text(formData, "id"), locale: text(formData, "locale"), name: text(formData, "name"), subject: text(formData, "subject"), body: text(formData, "body") };
  return run(values, (actor) => {
    const parsed = replyTemplateInputSchema.safeParse(values);
    if (!parsed.success) refuse(parsed.error, values);
    return saveReplyTemplate({ actor, input: parsed.data });
  });
}

export async function deleteTemplateAction(_state: CaseSettingsState, formData: FormData): Promise<CaseSettingsState> {
  return run(undefined, (actor) => deleteReplyTemplate({ actor, input: { id: text(formData, "id") } }));
}
