"use server";

import { currentAuditIp } from "@/server/audit/request-context";
import { acceptInvitation, type AcceptRefusal } from "@/server/members/accept-invitation";

/** `name`: what was typed, so a refused form keeps it (React resets a form after its action). */
export type AcceptState = { ok?: true; email?: string; error?: AcceptRefusal; name?: string };

export async function acceptInvitationAction(_previous: AcceptState, formData: FormData): Promise<AcceptState> {
  const result = await acceptInvitation({
    input: { token: String(formData.get("token") ?? ""), name: String(formData.get("name") ?? ""), password: String(formData.get("password") ?? "") },
    ip: await currentAuditIp(),
  });
  return result.ok ? { ok: true, email: result.email } : { error: result.reason, name: String(formData.get("name") ?? "") };
}
