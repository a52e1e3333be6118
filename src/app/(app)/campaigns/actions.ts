"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { isAppError } from "@/lib/errors";
import { createCampaignSchema } from "@/schemas/distribution";
import { requireRole } from "@/server/auth/session";
import { createCampaign, previewCampaign, type CampaignPreview } from "@/server/distribution/create-campaign";
import { webEnqueuer } from "@/server/queue/boss";

/** Catalogue keys of the campaign form's messages. */
export type CampaignFormError =
  | "campaigns.form.error.sample"
  | "campaigns.form.error.schedule"
  | "campaigns.form.error.reminders"
  | "campaigns.form.error.filter"
  | "campaigns.form.error.survey"
  | "campaigns.confirm.changed"
  | "campaigns.confirm.none"
  | "validation.required"
  | "validation.forbidden"
  | "validation.failed";

export type CampaignFormState = {
  ok: boolean;
  error?: CampaignFormError;
  field?: string;
  values?: Record<string, string>;
  /** The confirmation: what sending would do now (intent "preview", or a "send" whose figures changed meanwhile). */
  preview?: CampaignPreview;
};

const FIELDS = [
  "name",
  "surveyId",
  "audienceKind",
  "attributeKey",
  "attributeValues",
  "classKey",
  "sampleKind",
  "sampleValue",
  "scheduleKind",
  "scheduledAt",
  "reminders",
  "reminderDays",
] as const;

function toNumberList(text: string): number[] {
  return text
    .split(/[,，\s]+/)
    .filter(Boolean)
    .map((part) => (/^\d+$/.test(part) ? Number(part) : Number.NaN));
}

/** Turns the form into createCampaignSchema's input; the field a problem belongs to, with its message. */
function fromForm(values: Record<(typeof FIELDS)[number], string>): { input?: unknown; error?: CampaignFormError; field?: string } {
  const sampleValue = values.sampleValue.trim();
  const sampleNumber = /^\d+$/.test(sampleValue) ? Number(sampleValue) : Number.NaN;
  if (values.sampleKind !== "none" && !(sampleNumber >= 1 && (values.sampleKind !== "percent" || sampleNumber <= 100))) {
    return { error: "campaigns.form.error.sample", field: "sampleValue" };
  }
  const reminderCount = Number(values.reminders) || 0;
  const days = toNumberList(values.reminderDays).slice(0, reminderCount);
  if (reminderCount > 0 && days.length !== reminderCount) return { error: "campaigns.form.error.reminders", field: "reminderDays" };
  let scheduledAt: string | null = null;
  if (values.scheduleKind === "later") {
    const at = new Date(values.scheduledAt);
    if (Number.isNaN(at.getTime()) || at.getTime() < Date.now()) return { error: "campaigns.form.error.schedule", field: "scheduledAt" };
    scheduledAt = at.toISOString();
  }
  let audience: unknown = { kind: "all" };
  if (values.audienceKind === "filter") {
    const key = values.attributeKey.trim();
    const list = values.attributeValues.split(/[,，]/).map((v) => v.trim()).filter(Boolean);
    if (!key || list.length === 0) return { error: "campaigns.form.error.filter", field: "attributeKey" };
    audience = { kind: "filter", attributes: { [key]: list } };
  }
  if (values.audienceKind === "class") audience = { kind: "class", classKey: values.classKey.trim() };
  return {
    input: {
      surveyId: values.surveyId,
      name: values.name,
      audience,
      sampleSize: values.sampleKind === "size" ? sampleNumber : null,
      samplePercent: values.sampleKind === "percent" ? sampleNumber : null,
      scheduledAt,
      reminderDays: days,
    },
  };
}

const ISSUE_MESSAGES: Record<string, CampaignFormError> = {
  surveyId: "campaigns.form.error.survey",
  name: "validation.required",
  audience: "campaigns.form.error.filter",
  sampleSize: "campaigns.form.error.sample",
  samplePercent: "campaigns.form.error.sample",
  scheduledAt: "campaigns.form.error.schedule",
  reminderDays: "campaigns.form.error.reminders",
};

/**
 * The new-campaign form in two steps. intent=preview: checks the form and answers what sending would do now (audience,
 * sample, recipients, skips, a few recipients) — nothing is written. intent=send (the confirmation's button, carrying the
 * preview's seed and recipient count): figures again with that seed; only when the recipient count is still the one
 * confirmed is the campaign created, else the new figures come back to be confirmed again.
 */
export async function createCampaignAction(_previous: CampaignFormState, formData: FormData): Promise<CampaignFormState> {
  const values = Object.fromEntries(FIELDS.map((key) => [key, String(formData.get(key) ?? "")])) as Record<(typeof FIELDS)[number], string>;
  const intent = formData.get("intent") === "send" ? "send" : "preview";
  const seedText = String(formData.get("seed") ?? "");
  const seed = /^[0-9a-f]{16}$/.test(seedText) ? seedText : undefined;
  const confirmedText = String(formData.get("confirmedCount") ?? "");
  const confirmed = /^\d{1,9}$/.test(confirmedText) ? Number(confirmedText) : null;
  let campaignId: string;
  try {
    const viewer = await requireRole("ADMIN");
    const converted = fromForm(values);
    if (converted.error) return { ok: false, error: converted.error, field: converted.field, values };
    const parsed = createCampaignSchema.safeParse(converted.input);
    if (!parsed.success) {
      const field = String(parsed.error.issues[0]?.path[0] ?? "name");
      return { ok: false, error: ISSUE_MESSAGES[field] ?? "validation.failed", field, values };
    }
    const actor = { organizationId: viewer.organizationId, userId: viewer.userId, role: viewer.role };
    const preview = await previewCampaign({ actor, input: parsed.data, ...(seed ? { seed } : {}) });
    if (intent === "preview") return { ok: true, values, preview };
    if (!seed || confirmed === null || confirmed !== preview.recipientCount) return { ok: false, error: "campaigns.confirm.changed", values, preview };
    if (preview.recipientCount === 0) return { ok: false, error: "campaigns.confirm.none", values, preview };
    const campaign = await createCampaign({ actor, input: parsed.data, enqueue: webEnqueuer(), seed });
    campaignId = campaign.id;
  } catch (error) {
    if (isAppError(error)) {
      const key: CampaignFormError =
        error.code === "forbidden" || error.code === "unauthorized" ? "validation.forbidden" : error.code === "conflict" || error.code === "not_found" ? "campaigns.form.error.survey" : "validation.failed";
      if (error.code === "validation_failed") return { ok: false, error: key, field: "classKey", values };
      return { ok: false, error: key, field: key === "campaigns.form.error.survey" ? "surveyId" : undefined, values };
    }
    throw error;
  }
  revalidatePath("/campaigns");
  redirect(`/campaigns/${campaignId}`);
}
