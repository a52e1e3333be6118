import "server-only";
import { createHash } from "node:crypto";

/** What a session was issued for, besides the user: the membership it acts in, its role and its unit scope. */
export type MembershipAccess = { id: string; role: string; scopeUnitId: string | null };

/**
 * A short digest of the membership's access, carried in the session token. When an admin changes the member's
 * role or unit scope (or the membership is replaced), the digest no longer matches and the session is refused
 * (src/server/auth/session.ts): the member signs in again and gets what they may now do. Hashed so the session
 * JSON the browser can read does not spell out ids.
 */
export function accessStamp(membership: MembershipAccess | null): string {
  const text = membership ? `${membership.id}|${membership.role}|${membership.scopeUnitId ?? ""}` : "none";
  return createHash("sha256").update(text).digest("base64url").slice(0, 22);
}
