import "server-only";
import { AppError } from "@/lib/errors";
import { hasRole, type RoleName } from "@/lib/roles";
import { ssoConnectionSchema, ssoEmailSchema, type SsoConnectionInput } from "@/schemas/sso";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import { auditIpOrNull } from "@/server/audit/request-context";
import { db } from "@/server/db";
import { openFromStorage, sealForStorage } from "@/server/secrets/stored-secrets";

/** next-auth provider ids of organisations' SSO: `sso-<organizationId>`. */
export const SSO_PROVIDER_PREFIX = "sso-";
export const ssoProviderId = (organizationId: string) => `${SSO_PROVIDER_PREFIX}${organizationId}`;
export function organizationOfProvider(providerId: string | undefined | null): string | null {
  if (!providerId?.startsWith(SSO_PROVIDER_PREFIX)) return null;
  const id = providerId.slice(SSO_PROVIDER_PREFIX.length);
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id) ? id.toLowerCase() : null;
}

export type SsoActor = { organizationId: string; userId: string; role: RoleName };

/** What the settings page shows: everything but the secret (only whether one is saved). */
export type SsoConnectionView = {
  issuer: string;
  clientId: string;
  hasSecret: boolean;
  domains: string[];
  defaultRole: RoleName;
  ssoOnly: boolean;
  enabled: boolean;
  providerId: string;
};

function assertAdmin(actor: SsoActor): void {
  if (!hasRole(actor.role, "ADMIN")) throw new AppError("forbidden", "Single sign-on settings need the ADMIN role or higher.");
}

export async function getSsoConnection(actor: SsoActor): Promise<SsoConnectionView | null> {
  assertAdmin(actor);
  const row = await db.ssoConnection.findUnique({ where: { organizationId: actor.organizationId } });
  if (!row) return null;
  return {
    issuer: row.issuer,
    clientId: row.clientId,
    hasSecret: row.clientSecret.length > 0,
    domains: row.domains,
    defaultRole: row.defaultRole,
    ssoOnly: row.ssoOnly,
    enabled: row.enabled,
    providerId: ssoProviderId(row.organizationId),
  };
}

/**
 * Creates or updates the organisation's OIDC connection (ADMIN/OWNER). The client secret is required the first time
 * and kept when left empty afterwards; it is never returned, logged or put into the audit log (which records the
 * other fields before → after and whether the secret changed). A domain another organisation already uses is a 422
 * (an email must lead to one organisation).
 */
export async function saveSsoConnection({ actor, input }: { actor: SsoActor; input: SsoConnectionInput | unknown }): Promise<SsoConnectionView> {
  assertAdmin(actor);
  const parsed = ssoConnectionSchema.safeParse(input);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((issue) => String(issue.path[0] ?? "")))];
    throw new AppError("validation_failed", `Check ${fields.join(", ")}.`, { fields });
  }
  const data = parsed.data;
  const { organizationId } = actor;
  const before = await db.ssoConnection.findUnique({ where: { organizationId } });
  if (!before && !data.clientSecret) throw new AppError("validation_failed", "Check clientSecret.", { fields: ["clientSecret"] });
  // Global by design: an email domain must lead to one organisation (a scan across tenants, on sign-in settings only).
  const taken = await db.ssoConnection.findFirst({
    where: { organizationId: { not: organizationId }, domains: { hasSome: data.domains } },
    select: { domains: true },
  });
  if (taken) {
    const clash = data.domains.filter((d) => taken.domains.includes(d));
    throw new AppError("validation_failed", `Check domains: ${clash.join(", ")} already signs in elsewhere.`, { fields: ["domains"], domains: clash });
  }
  const fields = { issuer: data.issuer, clientId: data.clientId, domains: data.domains, defaultRole: data.defaultRole, ssoOnly: data.ssoOnly, enabled: data.enabled };
  const ip = await auditIpOrNull();
  await db.$transaction(async (tx) => {
    await tx.ssoConnection.upsert({
      where: { organizationId },
      create: { organizationId, ...fields, clientSecret: sealForStorage(data.clientSecret) },
      update: { ...fields, ...(data.clientSecret ? { clientSecret: sealForStorage(data.clientSecret) } : {}) },
    });
    await recordAuditEvent(
      {
        organizationId,
        actorId: actor.userId,
        action: "sso.change",
        targetType: "SsoConnection",
        targetId: organizationId,
        details: {
          before: before
            ? { issuer: before.issuer, clientId: before.clientId, domains: before.domains, defaultRole: before.defaultRole, ssoOnly: before.ssoOnly, enabled: before.enabled }
            : null,
          after: fields,
          secretChanged: Boolean(data.clientSecret),
        },
        ip,
      },
      tx,
    );
  });
  const view = await getSsoConnection(actor);
  if (!view) throw new Error("SSO connection vanished after saving");
  return view;
}

/** The SSO provider an email signs in with (its domain listed by an enabled connection), or null. */
export async function ssoProviderForEmail(email: unknown): Promise<{ providerId: string; organizationId: string } | null> {
  const parsed = ssoEmailSchema.safeParse(email);
  if (!parsed.success) return null;
  const domain = parsed.data.split("@")[1] ?? "";
  const row = await db.ssoConnection.findFirst({ where: { enabled: true, domains: { has: domain } }, select: { organizationId: true } });
  return row ? { providerId: ssoProviderId(row.organizationId), organizationId: row.organizationId } : null;
}

/**
 * The enabled connection behind a next-auth provider id, with its secret decrypted (for the auth handler only). A
 * secret still stored in plaintext (saved before encryption at rest) is sealed now, on this first read.
 */
export async function ssoConnectionForProvider(providerId: string | undefined | null) {
  const organizationId = organizationOfProvider(providerId);
  if (!organizationId) return null;
  const row = await db.ssoConnection.findFirst({ where: { organizationId, enabled: true } });
  if (!row) return null;
  const clientSecret = openFromStorage(row.clientSecret);
  if (clientSecret !== "" && clientSecret === row.clientSecret) {
    await db.ssoConnection.updateMany({ where: { organizationId, id: row.id, clientSecret: row.clientSecret }, data: { clientSecret: sealForStorage(clientSecret) } });
  }
  return { ...row, clientSecret };
}

/**
 * An organisation of the user that signs in with SSO only, or null. Password sign-in is refused when one exists
 * (a consultant in several organisations: one SSO-only organisation is enough, since a password session could act
 * there through the organisation switcher).
 */
export async function ssoOnlyOrganizationFor(userId: string): Promise<string | null> {
  const memberships = await db.membership.findMany({ where: { userId }, select: { organizationId: true } });
  if (memberships.length === 0) return null;
  const row = await db.ssoConnection.findFirst({
    where: { organizationId: { in: memberships.map((m) => m.organizationId) }, enabled: true, ssoOnly: true },
    select: { organizationId: true },
  });
  return row?.organizationId ?? null;
}
