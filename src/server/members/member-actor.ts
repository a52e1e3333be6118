import "server-only";
import { AppError } from "@/lib/errors";
import { hasRole, type RoleName } from "@/lib/roles";

/** Who manages members: a signed-in ADMIN or OWNER of one organisation (src/server/auth/session.ts's Viewer fits). */
export type MemberActor = { userId: string; organizationId: string; role: RoleName; name: string };

export type MemberRefusal = "already_member" | "pending" | "last_owner" | "owner_only" | "self" | "scope" | "not_found";

/** A refusal the members page explains with `accounts.error.<reason>`. */
export function memberRefusal(reason: MemberRefusal, message: string): AppError {
  const code = reason === "not_found" ? "not_found" : reason === "scope" ? "validation_failed" : "conflict";
  return new AppError(code, message, { reason });
}

export function refusalReason(error: unknown): MemberRefusal | null {
  if (!(error instanceof AppError)) return null;
  const details = error.details as { reason?: unknown } | undefined;
  return typeof details?.reason === "string" ? (details.reason as MemberRefusal) : null;
}

/** Members are managed by ADMIN and OWNER; others are told the page does not exist. */
export function assertMemberAdmin(actor: MemberActor): void {
  if (!hasRole(actor.role, "ADMIN")) throw new AppError("not_found", "Not found.");
}

/** Only an OWNER grants the OWNER role or changes an owner's membership. */
export function assertMayTouchRole(actor: MemberActor, ...roles: RoleName[]): void {
  if (roles.includes("OWNER") && actor.role !== "OWNER") throw memberRefusal("owner_only", "Only an owner can grant or change the owner role.");
}
