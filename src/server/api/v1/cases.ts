import "server-only";
import { z } from "zod";
import { pageOf } from "@/lib/api-cursor";
import { AppError } from "@/lib/errors";
import { showPersonal } from "@/lib/personal-data";
import { CASE_NOTE_MAX } from "@/schemas/case";
import type { ApiKeyPrincipal } from "@/server/api-keys/require-api-key";
import { addCaseNote } from "@/server/cases/add-case-note";
import { bulkUpdateCases } from "@/server/cases/bulk-update-cases";
import { visibleCasesWhere, type CaseActor } from "@/server/cases/case-actor";
import { changeCaseStatus } from "@/server/cases/change-case-status";
import { db } from "@/server/db";
import { validationError } from "@/server/http/respond";
import { assertKnownParams, PAGE_PARAMS, pathId, readEnum, readPage } from "./params";

export const CASE_STATUS_VALUES = ["OPEN", "CONTACTED", "RESOLVED", "CLOSED"] as const;
const NOBODY = "00000000-0000-0000-0000-000000000000";

export const caseUpdateSchema = z
  .object({ status: z.enum(CASE_STATUS_VALUES).optional(), ownerId: z.uuid().optional() })
  .strict()
  .refine((value) => value.status !== undefined || value.ownerId !== undefined, "Give status, ownerId or both.");
export const caseNoteBodySchema = z.object({ body: z.string().trim().min(1).max(CASE_NOTE_MAX) }).strict();

/**
 * The key acts on cases as a manager of its scope (the whole organisation, or its unit's subtree), in the name of
 * the member who created it (case events name them). A key whose creator is gone may read but not change.
 */
function caseActorOf(principal: ApiKeyPrincipal, { write }: { write: boolean }): CaseActor {
  if (write && principal.createdById === null) {
    throw new AppError("forbidden", "The member who created this API key no longer exists; create a new key to change cases.");
  }
  return {
    organizationId: principal.organizationId,
    userId: principal.createdById ?? NOBODY,
    role: principal.unitIds === null ? "ADMIN" : "MANAGER",
    scopeUnitIds: principal.unitIds,
  };
}

const CASE_SELECT = {
  id: true,
  status: true,
  priority: true,
  surveyId: true,
  responseId: true,
  unitId: true,
  ownerId: true,
  rootCauseId: true,
  dueAt: true,
  firstContactAt: true,
  resolvedAt: true,
  closedAt: true,
  escalatedAt: true,
  createdAt: true,
  updatedAt: true,
  response: { select: { score: true, comment: true, contactId: true } },
} as const;

type CaseRow = { response: { score: number | null; comment: string | null; contactId: string | null } } & Record<string, unknown>;

function toApiCase<R extends CaseRow>(row: R, principal: ApiKeyPrincipal) {
  const { response, ...rest } = row;
  return {
    ...rest,
    score: response.score,
    comment: showPersonal(response.comment, principal.personalData ? "full" : "masked"),
    contactId: response.contactId,
  };
}

/** GET /api/v1/cases: the cases in the key's scope, newest first, by status / owner. */
export async function listApiCases({ principal, searchParams }: { principal: ApiKeyPrincipal; searchParams: URLSearchParams }) {
  assertKnownParams(searchParams, [...PAGE_PARAMS, "status", "ownerId"]);
  const { limit, beforeId } = readPage(searchParams);
  const status = readEnum(searchParams, "status", CASE_STATUS_VALUES);
  const ownerRaw = searchParams.get("ownerId");
  const owner = ownerRaw ? z.uuid().safeParse(ownerRaw) : null;
  if (owner && !owner.success) throw new AppError("validation_failed", "ownerId: not a member id (a UUID).");
  const actor = caseActorOf(principal, { write: false });
  const rows = await db.case.findMany({
    where: {
      AND: [
        visibleCasesWhere(actor),
        status ? { status } : {},
        owner?.success ? { ownerId: owner.data } : {},
        beforeId ? { id: { lt: beforeId } } : {},
      ],
    },
    orderBy: { id: "desc" },
    take: limit + 1,
    select: CASE_SELECT,
  });
  const page = pageOf(rows, limit);
  return { data: page.data.map((row) => toApiCase(row, principal)), nextCursor: page.nextCursor };
}

/** GET /api/v1/cases/{id}: one case with its timeline. */
export async function getApiCase({ principal, id }: { principal: ApiKeyPrincipal; id: string }) {
  const caseId = pathId(id, "Case");
  const actor = caseActorOf(principal, { write: false });
  const row = await db.case.findFirst({
    where: { AND: [visibleCasesWhere(actor), { id: caseId }] },
    select: {
      ...CASE_SELECT,
      events: {
        where: { organizationId: principal.organizationId },
        orderBy: { createdAt: "asc" },
        select: { id: true, kind: true, actorId: true, body: true, data: true, createdAt: true },
      },
    },
  });
  if (!row) throw new AppError("not_found", "Case not found.");
  const view = principal.personalData ? "full" : "masked";
  return { ...toApiCase(row, principal), events: row.events.map((event) => ({ ...event, body: showPersonal(event.body, view) })) };
}

/**
 * PATCH /api/v1/cases/{id}: `status` (open → contacted → resolved → closed, or reopen; resolving needs a root
 * cause: 422) and / or `ownerId` (a member who works cases), with the case page's rules and events.
 */
export async function updateApiCase({ principal, id, input }: { principal: ApiKeyPrincipal; id: string; input: unknown }) {
  const caseId = pathId(id, "Case");
  const parsed = caseUpdateSchema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error);
  const actor = caseActorOf(principal, { write: true });
  // Visible at all? Another tenant's or another unit's case is 404 before anything is checked.
  await getApiCase({ principal, id: caseId });
  if (parsed.data.ownerId !== undefined) {
    await bulkUpdateCases({ actor, input: { action: "assign", caseIds: [caseId], ownerId: parsed.data.ownerId } });
  }
  if (parsed.data.status !== undefined) {
    const current = await db.case.findFirst({ where: { organizationId: principal.organizationId, id: caseId }, select: { status: true } });
    if (current?.status !== parsed.data.status) await changeCaseStatus({ actor, input: { caseId, status: parsed.data.status } });
  }
  return getApiCase({ principal, id: caseId });
}

/** POST /api/v1/cases/{id}/notes: a note on the case's timeline. */
export async function addApiCaseNote({ principal, id, input }: { principal: ApiKeyPrincipal; id: string; input: unknown }) {
  const caseId = pathId(id, "Case");
  const parsed = caseNoteBodySchema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error);
  const actor = caseActorOf(principal, { write: true });
  await getApiCase({ principal, id: caseId });
  const { eventId } = await addCaseNote({ actor, input: { caseId, body: parsed.data.body } });
  return { id: eventId, caseId, kind: "NOTE" as const, body: parsed.data.body };
}
