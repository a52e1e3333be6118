import { describe, expect, it } from "vitest";
import { INVITATION_TTL_MS, invitationStatus, roleTakesScope } from "@/lib/member-invitation";

describe("member invitation status", () => {
  const now = new Date("2026-12-07T00:00:00Z");
  const row = { acceptedAt: null, revokedAt: null, expiresAt: new Date(now.getTime() + INVITATION_TTL_MS) };
  it("is pending until it expires, 7 days after it was sent", () => {
    expect(INVITATION_TTL_MS).toBe(7 * 24 * 3600 * 1000);
    expect(invitationStatus(row, now)).toBe("pending");
    expect(invitationStatus(row, new Date(now.getTime() + INVITATION_TTL_MS - 1))).toBe("pending");
    expect(invitationStatus(row, new Date(now.getTime() + INVITATION_TTL_MS))).toBe("expired");
  });
  it("accepted and revoked win over expiry", () => {
    const later = new Date(now.getTime() + 2 * INVITATION_TTL_MS);
    expect(invitationStatus({ ...row, acceptedAt: now }, later)).toBe("accepted");
    expect(invitationStatus({ ...row, revokedAt: now }, later)).toBe("revoked");
  });
  it("only managers and viewers take a unit scope", () => {
    expect(["OWNER", "ADMIN", "MANAGER", "VIEWER"].map(roleTakesScope)).toEqual([false, false, true, true]);
  });
});
