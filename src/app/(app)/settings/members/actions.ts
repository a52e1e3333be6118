"use server";

import { revalidatePath } from "next/cache";
import { isAppError } from "@/lib/errors";
import { requireRole } from "@/server/auth/session";
import { currentAuditIp } from "@/server/audit/request-context";
import { changeMember, setMemberActive } from "@/server/members/change-member";
import { inviteMember, resendInvitation, revokeInvitation } from "@/server/members/invite-member";
import { refusalReason } from "@/server/members/member-actor";

/** What a members-page form answers: ok (with the email for the invite notice) or the refusal's catalogue reason. */
export type MemberFormState = { ok?: boolean; email?: string; sent?: boolean; error?: string };

async function run(work: () => Promise<MemberFormState>): Promise<MemberFormState> {
  try {
    const state = await work();
    revalidatePath("/settings/members");
    return state;
  } catch (error) {
    if (isAppError(error)) {
      const reason = refusalReason(error);
      if (reason) return { error: reason };
      if (error.code === "not_found" || error.code === "forbidden" || error.code === "unauthorized") return { error: "not_found" };
      return { error: "generic" };
    }
    throw error;
  }
}

export async function inviteMemberAction(_previous: MemberFormState, formData: FormData): Promise<MemberFormState> {
  return run(async () => {
    const actor = await requireRole("ADMIN");
    const result = await inviteMember({
      actor,
      input: { email: String(formData.get("email") ?? ""), role: String(formData.get("role") ?? ""), scopeUnitId: String(formData.get("scopeUnitId") ?? ""), locale: String(formData.get("locale") ?? "") },
      ip: await currentAuditIp(),
    });
    return { ok: true, email: result.email, sent: result.sent };
  });
}

export async function changeMemberAction(_previous: MemberFormState, formData: FormData): Promise<MemberFormState> {
  return run(async () => {
    const actor = await requireRole("ADMIN");
    await changeMember({
      actor,
      input: { membershipId: String(formData.get("id") ?? ""), role: String(formData.get("role") ?? ""), scopeUnitId: String(formData.get("scopeUnitId") ?? "") },
      ip: await currentAuditIp(),
    });
    return { ok: true };
  });
}

export async function setMemberActiveAction(_previous: MemberFormState, formData: FormData): Promise<MemberFormState> {
  return run(async () => {
    const actor = await requireRole("ADMIN");
    await setMemberActive({ actor, membershipId: String(formData.get("id") ?? ""), active: formData.get("active") === "1", ip: await currentAuditIp() });
    return { ok: true };
  });
}

export async function resendInvitationAction(_previous: MemberFormState, formData: FormData): Promise<MemberFormState> {
  return run(async () => {
    const actor = await requireRole("ADMIN");
    const result = await resendInvitation({ actor, invitationId: String(formData.get("id") ?? ""), ip: await currentAuditIp() });
    return { ok: true, email: result.email, sent: result.sent };
  });
}

export async function revokeInvitationAction(_previous: MemberFormState, formData: FormData): Promise<MemberFormState> {
  return run(async () => {
    const actor = await requireRole("ADMIN");
    await revokeInvitation({ actor, invitationId: String(formData.get("id") ?? ""), ip: await currentAuditIp() });
    return { ok: true };
  });
}
