"use server";

import { revalidatePath } from "next/cache";
import { WEBHOOK_EVENTS } from "@/schemas/webhooks";
import { requireRole } from "@/server/auth/session";
import { defaultMailSettings } from "@/server/distribution/mail-settings";
import { replayDelivery, sendTestEvent } from "@/server/webhooks/deliveries";
import { createChatChannel, createWebhook, deleteWebhook, enableWebhook, rotateWebhookSecret } from "@/server/webhooks/manage-webhooks";

export type WebhookFormState = { ok: boolean; secret?: string; error?: "invalid" | "failed" };

async function actor() {
  const viewer = await requireRole("ADMIN");
  return { organizationId: viewer.organizationId, role: viewer.role, userId: viewer.userId };
}

function failure(error: unknown): WebhookFormState {
  const code = typeof error === "object" && error && "code" in error ? String((error as { code: unknown }).code) : "";
  return { ok: false, error: code === "validation_failed" ? "invalid" : "failed" };
}

/** Settings → Webhooks: add an endpoint; the answer carries its secret (shown once). */
export async function createWebhookAction(_previous: WebhookFormState, formData: FormData): Promise<WebhookFormState> {
  try {
    const events = formData.getAll("events").map(String).filter((e) => (WEBHOOK_EVENTS as readonly string[]).includes(e));
    const created = await createWebhook({
      actor: await actor(),
      input: { url: String(formData.get("url") ?? "").trim(), events, description: String(formData.get("description") ?? "") },
    });
    revalidatePath("/settings/webhooks");
    return { ok: true, secret: created.secret };
  } catch (error) {
    return failure(error);
  }
}

export async function rotateWebhookAction(_previous: WebhookFormState, formData: FormData): Promise<WebhookFormState> {
  try {
    const rotated = await rotateWebhookSecret({ actor: await actor(), id: String(formData.get("id") ?? "") });
    revalidatePath("/settings/webhooks");
    return { ok: true, secret: rotated.secret };
  } catch (error) {
    return failure(error);
  }
}

/** Settings → Chat alerts: add a 企业微信 / 钉钉 / 飞书 robot. */
export async function createChatChannelAction(_previous: WebhookFormState, formData: FormData): Promise<WebhookFormState> {
  try {
    const unit = String(formData.get("unitId") ?? "");
    await createChatChannel({
      actor: await actor(),
      input: {
        kind: String(formData.get("kind") ?? ""),
        url: String(formData.get("url") ?? "").trim(),
        secret: String(formData.get("secret") ?? ""),
        description: String(formData.get("description") ?? ""),
        events: formData.getAll("events").map(String),
        unitId: unit === "" ? null : unit,
        locale: String(formData.get("locale") ?? "zh-CN"),
      },
    });
    revalidatePath("/settings/chat");
    return { ok: true };
  } catch (error) {
    return failure(error);
  }
}

function back(formData: FormData): string {
  return formData.get("from") === "chat" ? "/settings/chat" : "/settings/webhooks";
}

export async function sendTestAction(formData: FormData): Promise<void> {
  await sendTestEvent({ actor: await actor(), id: String(formData.get("id") ?? ""), options: { now: () => new Date(), settings: defaultMailSettings() } }).catch(() => undefined);
  revalidatePath(back(formData));
}

export async function deleteWebhookAction(formData: FormData): Promise<void> {
  await deleteWebhook({ actor: await actor(), id: String(formData.get("id") ?? "") }).catch(() => undefined);
  revalidatePath(back(formData));
}

export async function enableWebhookAction(formData: FormData): Promise<void> {
  await enableWebhook({ actor: await actor(), id: String(formData.get("id") ?? "") }).catch(() => undefined);
  revalidatePath(back(formData));
}

export async function replayDeliveryAction(formData: FormData): Promise<void> {
  await replayDelivery({ actor: await actor(), deliveryId: String(formData.get("deliveryId") ?? "") }).catch(() => undefined);
  revalidatePath(back(formData));
}
