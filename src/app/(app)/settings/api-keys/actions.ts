"use server";

import { revalidatePath } from "next/cache";
import { isAppError } from "@/lib/errors";
import { createApiKeySchema } from "@/schemas/api";
import { createApiKey } from "@/server/api-keys/create-api-key";
import { revokeApiKey } from "@/server/api-keys/revoke-api-key";
import { requireRole } from "@/server/auth/session";

/** Catalogue keys of the messages the API-key forms show; the page passes them translated. */
export type ApiKeyMessageKey =
  | "apiKeys.error.nameRequired"
  | "apiKeys.error.nameTooLong"
  | "apiKeys.error.forbidden"
  | "apiKeys.error.notFound"
  | "apiKeys.error.failed";

export type CreateApiKeyState = {
  ok: boolean;
  /** The plaintext key: in this answer only, never stored or shown again. */
  key?: string;
  name?: string;
  error?: ApiKeyMessageKey;
  nameError?: ApiKeyMessageKey;
  values?: { name: string };
};

export type RevokeApiKeyState = { ok: boolean; error?: ApiKeyMessageKey };

function errorKey(code: string): ApiKeyMessageKey {
  if (code === "forbidden" || code === "unauthorized") return "apiKeys.error.forbidden";
  if (code === "not_found") return "apiKeys.error.notFound";
  return "apiKeys.error.failed";
}

export async function createApiKeyAction(_previous: CreateApiKeyState, formData: FormData): Promise<CreateApiKeyState> {
  const values = { name: String(formData.get("name") ?? "") };
  try {
    const viewer = await requireRole("ADMIN");
    const parsed = createApiKeySchema.safeParse(values);
    if (!parsed.success) {
      const tooLong = parsed.error.issues.some((issue) => issue.code === "too_big");
      return { ok: false, nameError: tooLong ? "apiKeys.error.nameTooLong" : "apiKeys.error.nameRequired", values };
    }
    const { key, apiKey } = await createApiKey({
      actor: { organizationId: viewer.organizationId, userId: viewer.userId, role: viewer.role },
      input: parsed.data,
    });
    revalidatePath("/settings/api-keys");
    return { ok: true, key, name: apiKey.name };
  } catch (error) {
    if (isAppError(error)) return { ok: false, error: errorKey(error.code), values };
    throw error;
  }
}

export async function revokeApiKeyAction(_previous: RevokeApiKeyState, formData: FormData): Promise<RevokeApiKeyState> {
  try {
    const viewer = await requireRole("ADMIN");
    await revokeApiKey({
      actor: { organizationId: viewer.organizationId, userId: viewer.userId, role: viewer.role },
      apiKeyId: String(formData.get("id") ?? ""),
    });
    revalidatePath("/settings/api-keys");
    return { ok: true };
  } catch (error) {
    if (isAppError(error)) return { ok: false, error: errorKey(error.code) };
    throw error;
  }
}
