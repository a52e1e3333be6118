/**
 * Issue 16, single sign-on (server side): an organisation's OIDC connection is saved by admins only, its secret is
 * never returned nor audited, a domain leads to one organisation; signing in through it provisions a member with the
 * configured role (just in time), refuses other domains and unverified emails; "SSO only" refuses a right password.
 * The browser flow against a real OIDC provider is tests/e2e/sso.spec.ts.
 */
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "@/server/auth/password";
import { signInWithPassword } from "@/server/auth/sign-in";
import { openFromStorage } from "@/server/secrets/stored-secrets";
import { db } from "@/server/db";
import { signInWithSso } from "@/server/sso/provision-sso-user";
import { getSsoConnection, saveSsoConnection, ssoProviderForEmail, ssoProviderId } from "@/server/sso/sso-connections";
import { verifyOrganizationAuditChain } from "@/server/audit/verify-audit-chain";
import { createOrganization, expectAppError } from "./support/fixtures";

const SECRET = "super-secret-client-secret-value";
const run = randomUUID().slice(0, 8);
const DOMAIN = `bank-${run}.example`;
let org: string;
let other: string;
let admin: { organizationId: string; userId: string; role: "ADMIN" };

const input = (overrides: Record<string, unknown> = {}) => ({
  issuer: "http://localhost:9999/oidc/",
  clientId: "echo-nps",
  clientSecret: SECRET,
  domains: `${DOMAIN}, @Branch-${run}.example`,
  defaultRole: "MANAGER",
  ssoOnly: false,
  enabled: true,
  ...overrides,
});

describe("SSO connections", () => {
  beforeAll(async () => {
    org = (await createOrganization("SSO Bank")).id;
    other = (await createOrganization("SSO Other")).id;
    const user = await db.user.create({ data: { email: `admin-${run}@${DOMAIN}`, name: "Admin", passwordHash: await hashPassword("Sso-admin-password-1") } });
    await db.membership.create({ data: { organizationId: org, userId: user.id, role: "ADMIN" } });
    admin = { organizationId: org, userId: user.id, role: "ADMIN" };
  });

  it("is saved by admins only, normalised, and never returns or audits the secret", async () => {
    await expectAppError(saveSsoConnection({ actor: { ...admin, role: "MANAGER" } as never, input: input() }), "forbidden");
    await expectAppError(saveSsoConnection({ actor: admin, input: input({ clientSecret: "" }) }), "validation_failed");
    await expectAppError(saveSsoConnection({ actor: admin, input: input({ issuer: "http://idp.example.com" }) }), "validation_failed");
    await expectAppError(saveSsoConnection({ actor: admin, input: input({ defaultRole: "OWNER" }) }), "validation_failed");
    await expectAppError(saveSsoConnection({ actor: admin, input: input({ domains: "not a domain" }) }), "validation_failed");
    const view = await saveSsoConnection({ actor: admin, input: input() });
    expect(view).toEqual({
      issuer: "http://localhost:9999/oidc",
      clientId: "echo-nps",
      hasSecret: true,
      domains: [DOMAIN, `branch-${run}.example`],
      defaultRole: "MANAGER",
      ssoOnly: false,
      enabled: true,
      providerId: ssoProviderId(org),
    });
    expect(JSON.stringify(view)).not.toContain(SECRET);
    // An empty secret on a later save keeps the saved one.
    await saveSsoConnection({ actor: admin, input: input({ clientSecret: "", clientId: "echo-nps-2" }) });
    // Kept, and encrypted at rest (src/server/secrets): the column never holds the plaintext.
    const stored = (await db.ssoConnection.findUniqueOrThrow({ where: { organizationId: org } })).clientSecret;
    expect(stored).toMatch(/^enc:v1:/);
    expect(stored).not.toContain(SECRET);
    expect(openFromStorage(stored)).toBe(SECRET);
    const audited = await db.auditEvent.findMany({ where: { organizationId: org, action: "sso.change" }, orderBy: { seq: "asc" } });
    expect(audited).toHaveLength(2);
    expect(audited[1]?.details).toMatchObject({ before: { clientId: "echo-nps" }, after: { clientId: "echo-nps-2" }, secretChanged: false });
    expect(JSON.stringify(audited)).not.toContain(SECRET);
    expect(await getSsoConnection({ organizationId: other, userId: admin.userId, role: "ADMIN" })).toBeNull();
  });

  it("lets one domain lead to one organisation only", async () => {
    await expectAppError(
      saveSsoConnection({ actor: { organizationId: other, userId: admin.userId, role: "ADMIN" }, input: input({ domains: DOMAIN }) }),
      "validation_failed",
    );
    expect(await ssoProviderForEmail(`someone@${DOMAIN.toUpperCase()}`)).toEqual({ providerId: ssoProviderId(org), organizationId: org });
    expect(await ssoProviderForEmail("someone@elsewhere.example")).toBeNull();
    expect(await ssoProviderForEmail("not an email")).toBeNull();
  });

  it("provisions a new user as a member with the configured role, once", async () => {
    const email = `li.wei-${run}@${DOMAIN}`;
    const first = await signInWithSso({ providerId: ssoProviderId(org), claims: { email, name: "李伟", emailVerified: true }, ip: "203.0.113.9" });
    expect(first).toMatchObject({ ok: true, organizationId: org, created: true });
    const user = await db.user.findUniqueOrThrow({ where: { email }, include: { memberships: true } });
    expect(user.name).toBe("李伟");
    expect(user.memberships).toMatchObject([{ organizationId: org, role: "MANAGER" }]);
    const again = await signInWithSso({ providerId: ssoProviderId(org), claims: { email, name: "李伟" } });
    expect(again).toMatchObject({ ok: true, created: false });
    expect(await db.membership.count({ where: { userId: user.id } })).toBe(1);
    expect(await db.auditEvent.count({ where: { organizationId: org, action: "member.provision_sso", targetType: "Membership" } })).toBe(1);
    expect(await db.auditEvent.count({ where: { organizationId: org, action: "auth.sign_in_sso", actorId: user.id } })).toBe(2);
    // No password works for an SSO-provisioned user.
    expect((await signInWithPassword({ email, password: "sso-only", address: "203.0.113.10" })).ok).toBe(false);
  });

  it("refuses other domains, unverified emails, unknown providers and deactivated members", async () => {
    const provider = ssoProviderId(org);
    expect(await signInWithSso({ providerId: provider, claims: { email: `x-${run}@evil.example`, emailVerified: true } })).toEqual({ ok: false, reason: "domain_not_allowed" });
    expect(await signInWithSso({ providerId: provider, claims: { email: `y-${run}@${DOMAIN}`, emailVerified: false } })).toEqual({ ok: false, reason: "unverified_email" });
    expect(await signInWithSso({ providerId: ssoProviderId(other), claims: { email: `z-${run}@${DOMAIN}` } })).toEqual({ ok: false, reason: "no_connection" });
    expect(await signInWithSso({ providerId: "sso-nonsense", claims: { email: `z-${run}@${DOMAIN}` } })).toEqual({ ok: false, reason: "no_connection" });
    expect(await db.user.count({ where: { email: { in: [`x-${run}@evil.example`, `y-${run}@${DOMAIN}`] } } })).toBe(0);
    const email = `gone-${run}@${DOMAIN}`;
    await signInWithSso({ providerId: provider, claims: { email } });
    await db.membership.updateMany({ where: { organizationId: org, user: { email } }, data: { deactivatedAt: new Date() } });
    expect(await signInWithSso({ providerId: provider, claims: { email } })).toEqual({ ok: false, reason: "deactivated" });
    expect(await db.auditEvent.count({ where: { organizationId: org, action: "auth.sign_in_failed", details: { path: ["method"], equals: "sso" } } })).toBe(3);
  });

  it("SSO only refuses a right password for the organisation's users, not for others", async () => {
    const address = "203.0.113.77";
    const adminEmail = `admin-${run}@${DOMAIN}`;
    expect((await signInWithPassword({ email: adminEmail, password: "Sso-admin-password-1", address })).ok).toBe(true);
    await saveSsoConnection({ actor: admin, input: input({ clientSecret: "", ssoOnly: true }) });
    expect(await signInWithPassword({ email: adminEmail, password: "Sso-admin-password-1", address })).toEqual({ ok: false, reason: "sso_required" });
    const outsider = await db.user.create({ data: { email: `o-${run}@other.example`, name: "O", passwordHash: await hashPassword("Other-password-123") } });
    await db.membership.create({ data: { organizationId: other, userId: outsider.id, role: "VIEWER" } });
    expect((await signInWithPassword({ email: outsider.email, password: "Other-password-123", address })).ok).toBe(true);
    expect((await verifyOrganizationAuditChain(org)).ok).toBe(true);
  });
});
