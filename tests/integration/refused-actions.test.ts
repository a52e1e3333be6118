/**
 * A refused server action answers 4xx, never 500: the refusal becomes Next.js' not-found (HTTP 404, the same
 * answer as a page the viewer cannot see) and a missing session the redirect to sign-in. The raw AppError that
 * escaped before made Next.js answer 500. Example from the issue: assigning a unit scope to another
 * organisation's membership.
 */
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it, vi } from "vitest";
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
const { assignScopeAction } = await import("@/app/(app)/settings/organization/actions");

let orgA: string;
let orgB: string;
let adminA: string;
let memberA: string;
let memberB: string;
let unitA: string;

beforeAll(async () => {
  orgA = (await createOrganization("Refusal A")).id;
  orgB = (await createOrganization("Refusal B")).id;
  adminA = (await createUser("refusal-admin")).id;
  await db.membership.create({ data: { organizationId: orgA, userId: adminA, role: "ADMIN" } });
  memberA = (await db.membership.create({ data: { organizationId: orgA, userId: (await createUser("refusal-a")).id, role: "VIEWER" } })).id;
  memberB = (await db.membership.create({ data: { organizationId: orgB, userId: (await createUser("refusal-b")).id, role: "VIEWER" } })).id;
  unitA = (await db.orgUnit.create({ data: { organizationId: orgA, code: `R-${randomUUID().slice(0, 6)}`, name: "华南", kind: "REGION" } })).id;
});

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
}

/** What Next.js turns into the response status: a not-found (404) or a redirect digest. */
async function digestOf(promise: Promise<unknown>): Promise<string> {
  const error: unknown = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).not.toBeNull();
  return String((error as { digest?: unknown }).digest);
}

describe("assignScopeAction refusals", () => {
  it("another organisation's membership → 404 (not 500), and nothing changes", async () => {
    session.viewer = viewerFor(orgA, adminA, "ADMIN");
    expect(await digestOf(assignScopeAction(form({ membershipId: memberB, scopeUnitId: unitA })))).toBe("NEXT_HTTP_ERROR_FALLBACK;404");
    const b = await db.membership.findFirstOrThrow({ where: { organizationId: orgB, id: memberB } });
    expect(b.scopeUnitId).toBeNull();
  });

  it("a role too low, a malformed id, a unit of no organisation → 404; no session → sign-in", async () => {
    session.viewer = viewerFor(orgA, adminA, "MANAGER");
    expect(await digestOf(assignScopeAction(form({ membershipId: memberA, scopeUnitId: unitA })))).toBe("NEXT_HTTP_ERROR_FALLBACK;404");
    session.viewer = viewerFor(orgA, adminA, "ADMIN");
    expect(await digestOf(assignScopeAction(form({ membershipId: "not-a-uuid", scopeUnitId: "" })))).toBe("NEXT_HTTP_ERROR_FALLBACK;404");
    expect(await digestOf(assignScopeAction(form({ membershipId: memberA, scopeUnitId: randomUUID() })))).toBe("NEXT_HTTP_ERROR_FALLBACK;404");
    session.viewer = null;
    expect(await digestOf(assignScopeAction(form({ membershipId: memberA, scopeUnitId: unitA })))).toMatch(/^NEXT_REDIRECT;.*;\/login;/);
    expect((await db.membership.findFirstOrThrow({ where: { organizationId: orgA, id: memberA } })).scopeUnitId).toBeNull();
  });

  it("the allowed change still works", async () => {
    session.viewer = viewerFor(orgA, adminA, "ADMIN");
    await assignScopeAction(form({ membershipId: memberA, scopeUnitId: unitA }));
    expect((await db.membership.findFirstOrThrow({ where: { organizationId: orgA, id: memberA } })).scopeUnitId).toBe(unitA);
  });
});
