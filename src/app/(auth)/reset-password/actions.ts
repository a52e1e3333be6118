"use server";

import { headers } from "next/headers";
import { clientAddress } from "@/lib/sign-in-throttle";
import { requestPasswordReset, resetPassword, type ResetRequestResult } from "@/server/members/password-reset";

export type ResetRequestState = { result?: ResetRequestResult };
export type ResetState = { ok?: true; error?: string };

export async function requestResetAction(_previous: ResetRequestState, formData: FormData): Promise<ResetRequestState> {
  const result = await requestPasswordReset({ input: { email: String(formData.get("email") ?? "") }, address: clientAddress(await headers()) });
  return { result };
}

export async function resetPasswordAction(_previous: ResetState, formData: FormData): Promise<ResetState> {
  const result = await resetPassword({ token: String(formData.get("token") ?? ""), password: String(formData.get("password") ?? "") });
  return result.ok ? { ok: true } : { error: result.reason };
}
