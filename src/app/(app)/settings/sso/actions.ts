"use server";

import { revalidatePath } from "next/cache";
import { isAppError } from "@/lib/errors";
import { requireRole } from "@/server/auth/session";
import { saveSsoConnection } from "@/server/sso/sso-connections";

export type SsoField = "issuer" | "clientId" | "clientSecret" | "domains";
export type SsoFormState = { ok: boolean; saved?: boolean; fields?: SsoField[]; failed?: boolean };

const FIELDS: readonly SsoField[] = ["issuer", "clientId", "clientSecret", "domains"];

/** Saves the organisation's OIDC connection (ADMIN/OWNER). The secret never comes back in the answer. */
export async function saveSsoAction(_previous: SsoFormState, formData: FormData): Promise<SsoFormState> {
  try {
    const viewer = await requireRole("ADMIN");
    await saveSsoConnection({
      actor: viewer,
      input: {
        issuer: String(formData.get("issuer") ?? ""),
        clientId: String(formData.get("clientId") ?? ""),
        clientSecret: String(formData.get("clientSecret") ?? ""),
        domains: String(formData.get("domains") ?? ""),
        defaultRole: String(formData.get("defaultRole") ?? ""),
        ssoOnly: formData.get("ssoOnly") === "on",
        enabled: formData.get("enabled") === "on",
      },
    });
    revalidatePath("/settings/sso");
    return { ok: true, saved: true };
  } catch (error) {
    if (isAppError(error) && error.code === "validation_failed") {
      const details = error.details as { fields?: unknown } | undefined;
      const fields = Array.isArray(details?.fields) ? FIELDS.filter((f) => (details.fields as unknown[]).includes(f)) : [];
      return { ok: false, fields, failed: fields.length === 0 };
    }
    if (isAppError(error)) return { ok: false, failed: true };
    throw error;
  }
}
