"use server";

import { revalidatePath } from "next/cache";
import { isAppError } from "@/lib/errors";
import { API_RESOURCES } from "@/lib/api-scopes";
import { createScopedApiKeySchema } from "@/schemas/api-key-scopes";
import { createApiKey } from "@/server/api-keys/create-api-key";
import { revokeApiKey } from "@/server/api-keys/revoke-api-key";
import { requireRole } from "@/server/auth/session";

/** Catalogue keys of the messages the API-key forms show; the page passes them translated. */
export type ApiKeyMessageKey =
  | "apiKeys.error.nameRequired"
  | "apiKeys.error.nameTooLong"
  | "apiKeys.error.forbidden"
  | "apiKeys.error.notFound"
  | "apiKeys.error.failed"
  | "apiScopes.error.scopes"
  | "apiScopes.error.unit";

export type CreateApiKeyState = {
  ok: boolean;
  /** The plaintext key: in this answer only, never stored or shown again. */
  key?: string;
  name?: string;
  error?: ApiKeyMessageKey;
  nameError?: ApiKeyMessageKey;
  values?: { name: string };
};

/** The scope fields of the form: `scope.<resource>` = none | read | write, `personalData`, `scopeUnitId`, `rateLimitPerMinute`. */
function scopeValues(formData: FormData) {
  const scopes = API_RESOURCES.flatMap((resource) => {
    const access = String(formData.get(`scope.${resource}`) ?? "none");
    return access === "read" || access === "write" ? [`${resource}:${access}`] : [];
  });
  const unit = String(formData.get("scopeUnitId") ?? "");
  const rate = Number(String(formData.get("rateLimitPerMinute") ?? ""));
  return {
    scopes,
    personalData: formData.get("personalData") === "on",
    scopeUnitId: unit === "" ? null : unit,
    ...(Number.isFinite(rate) && rate > 0 ? { rateLimitPerMinute: Math.round(rate) } : {}),
  };
}

export type RevokeApiKeyState = { ok: boolean; error?: ApiKeyMessageKey };

function errorKey(code: string): ApiKeyMessageKey {
  if (code === "forbidden" || code === "unauthorized") return "apiKeys.error.forbidden";
  if (code === "not_found") return "apiKeys.error.notFound";
  if (code === "validation_failed") return "apiScopes.error.unit";
  return "apiKeys.error.failed";
}

export async function createApiKeyAction(_previous: CreateApiKeyState, formData: FormData): Promise<CreateApiKeyState> {
  const values = { name: String(formData.get("name") ?? "") };
  try {
    const viewer = await requireRole("ADMIN");
    const parsed = createScopedApiKeySchema.safeParse({ ...values, ...scopeValues(formData) });
    if (!parsed.success) {
      if (parsed.error.issues.some((issue) => issue.path[0] === "scopes")) return { ok: false, error: "apiScopes.error.scopes", values };
      if (parsed.error.issues.some((issue) => issue.path[0] === "scopeUnitId")) return { ok: false, error: "apiScopes.error.unit", values };
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
