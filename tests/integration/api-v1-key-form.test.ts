/** Settings → API keys: the form's scope fields become the key's scopes, personal-data permission, unit and rate limit. */
import { beforeAll, describe, expect, it, vi } from "vitest";
import { API_RESOURCES } from "@/lib/api-scopes";
import type { Viewer } from "@/server/auth/session";
import { db } from "@/server/db";
import { createUser, viewerFor } from "./support/authoring";
import { createOrganization } from "./support/fixtures";

const session = vi.hoisted(() => ({ viewer: null as Viewer | null }));
vi.mock("@/server/auth/session", async () => {
  const { AppError } = await import("@/lib/errors");
  const { hasRole } = await import("@/lib/roles");
  return {
    getViewer: () => Promise.resolve(session.viewer),
    requireRole: (role: Viewer["role"]) => {
      const viewer = session.viewer;
      if (!viewer) return Promise.reject(new AppError("unauthorized", "Sign in first."));
      if (!hasRole(viewer.role, role)) return Promise.reject(new AppError("forbidden", "Role too low."));
      return Promise.resolve(viewer);
    },
  };
});
// Outside a Next.js request there is no cache to revalidate.
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
const { createApiKeyAction } = await import("@/app/(app)/settings/api-keys/actions");

let organizationId: string;
let unitId: string;
let foreignUnitId: string;

beforeAll(async () => {
  organizationId = (await createOrganization("Key Form Bank")).id;
  const other = (await createOrganization("Key Form Other")).id;
  const admin = await createUser("key-form-admin");
  await db.membership.create({ data: { organizationId, userId: admin.id, role: "ADMIN" } });
  session.viewer = viewerFor(organizationId, admin.id, "ADMIN");
  unitId = (await db.orgUnit.create({ data: { organizationId, kind: "BRANCH", code: "SH-LJZ", name: "陆家嘴支行" } })).id;
  foreignUnitId = (await db.orgUnit.create({ data: { organizationId: other, kind: "BRANCH", code: "SH-LJZ", name: "陆家嘴支行" } })).id;
});

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
}

const noAccess = Object.fromEntries(API_RESOURCES.map((resource) => [`scope.${resource}`, "none"]));

describe("creating a key with scopes on the key page", () => {
  it("stores the chosen access per resource, personal data, unit and rate limit", async () => {
    const state = await createApiKeyAction(
      { ok: false },
      form({ name: "Branch CRM", ...noAccess, "scope.cases": "write", "scope.responses": "read", personalData: "on", scopeUnitId: unitId, rateLimitPerMinute: "120" }),
    );
    expect(state).toMatchObject({ ok: true, name: "Branch CRM", key: expect.any(String) });
    const key = await db.apiKey.findFirstOrThrow({ where: { organizationId, name: "Branch CRM" } });
    expect(key).toMatchObject({ scopes: ["responses:read", "cases:write"], personalData: true, scopeUnitId: unitId, rateLimitPerMinute: 120 });
  });

  it("refuses a key that may do nothing, and another organisation's unit, storing nothing", async () => {
    expect(await createApiKeyAction({ ok: false }, form({ name: "Nothing", ...noAccess }))).toMatchObject({ ok: false, error: "apiScopes.error.scopes" });
    expect(await createApiKeyAction({ ok: false }, form({ name: "Foreign", "scope.surveys": "read", scopeUnitId: foreignUnitId }))).toMatchObject({ ok: false, error: "apiScopes.error.unit" });
    expect(await db.apiKey.count({ where: { organizationId, name: { in: ["Nothing", "Foreign"] } } })).toBe(0);
  });
});
