import "server-only";
import type { Readable } from "node:stream";
import { Prisma } from "@/generated/prisma/client";
import { AppError } from "@/lib/errors";
import { maskAttributes, maskContactDetails } from "@/lib/personal-data";
import { neutralizeValue, type CellValue } from "@/lib/spreadsheet-safety";
import { attributeRolesFor } from "@/server/contacts/attribute-roles";
import { db } from "@/server/db";
import { csvStream } from "@/server/export/write-csv";
import { assertClassExport, classListView, type ClassActor } from "./class-actor";
import { classifiedContactsSql } from "./classify-contacts-sql";
import { getClassSettings, type CustomerClassRow } from "./get-class-settings";

export const CLASS_PAGE_SIZE = 25;
const EXPORT_BATCH = 500;

export type ClassContactRow = {
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  externalId: string | null;
  attributes: Record<string, unknown>;
  unsubscribed: boolean;
  score: number | null;
  answeredAt: Date | null;
};

type RawRow = Omit<ClassContactRow, "unsubscribed" | "attributes"> & { attributes: unknown; unsubscribedAt: Date | null };

/** The class (404 when the organisation has no such class) with the organisation's rules. */
async function loadClass(actor: ClassActor, classKey: string): Promise<{ cls: CustomerClassRow; classified: Prisma.Sql }> {
  const settings = await getClassSettings(actor.organizationId);
  const cls = settings.classes.find((c) => c.key === classKey);
  if (!cls) throw new AppError("not_found", "No such customer class.");
  const classified = classifiedContactsSql({
    organizationId: actor.organizationId,
    rules: settings.rules.map((r) => r.rule),
    now: new Date(),
    scopeUnitIds: actor.scopeUnitIds,
  });
  return { cls, classified };
}

function rowsSql(organizationId: string, classified: Prisma.Sql, classKey: string, tail: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    SELECT c."id", c."name", c."email", c."phone", c."externalId", c."attributes", c."unsubscribedAt", k."score", k."answeredAt"
    FROM (${classified}) k JOIN "Contact" c ON c."organizationId" = ${organizationId}::uuid AND c."id" = k."contactId"
    WHERE k."classKey" = ${classKey} ${tail}`;
}

/**
 * One page of a class's contacts (latest answer first), masked for roles that may not see personal data, with the
 * class's total. A page past the end shows the last one.
 */
export async function listClassContacts({ actor, classKey, page = 1, pageSize = CLASS_PAGE_SIZE }: { actor: ClassActor; classKey: string; page?: number; pageSize?: number }) {
  const { cls, classified } = await loadClass(actor, classKey);
  const view = classListView(actor);
  const counted = await db.$queryRaw<{ n: number }[]>`SELECT COUNT(*)::int AS "n" FROM (${classified}) k WHERE k."classKey" = ${classKey}`;
  const total = counted[0]?.n ?? 0;
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const current = Math.min(Math.max(1, Math.trunc(page)), pageCount);
  const raw = await db.$queryRaw<RawRow[]>(
    rowsSql(actor.organizationId, classified, classKey, Prisma.sql`ORDER BY k."answeredAt" DESC NULLS LAST, c."id" LIMIT ${pageSize} OFFSET ${(current - 1) * pageSize}`),
  );
  const roles = await attributeRolesFor(actor.organizationId, view);
  const rows: ClassContactRow[] = raw.map(({ unsubscribedAt, attributes, ...row }) => ({
    ...maskContactDetails(row, view),
    attributes: maskAttributes((attributes ?? {}) as Record<string, unknown>, view, roles),
    unsubscribed: unsubscribedAt !== null,
  }));
  return { cls, rows, total, page: current, pageCount, pageSize, view };
}

export type ClassExportHeader = { name: string; email: string; phone: string; customerId: string; score: string; answeredAt: string; unsubscribed: string; yes: string };

/**
 * A class's contacts as CSV (MANAGER+, who see personal data unmasked), streamed in batches (keyset on the contact
 * id), every cell neutralised against formula injection. The route records the export in the audit log (beforeRows).
 */
export async function exportClassContacts({
  actor,
  classKey,
  header,
  beforeRows,
}: {
  actor: ClassActor;
  classKey: string;
  header: ClassExportHeader;
  /** Runs once the class is known to exist, before any row is read (the route records the export here). */
  beforeRows?: () => Promise<void>;
}): Promise<Readable> {
  assertClassExport(actor);
  const { classified } = await loadClass(actor, classKey);
  await beforeRows?.();
  const organizationId = actor.organizationId;
  async function* batches(): AsyncIterable<CellValue[][]> {
    let after: string | null = null;
    for (;;) {
      const keyset: Prisma.Sql = after === null ? Prisma.empty : Prisma.sql`AND c."id" > ${after}::uuid`;
      const rows: RawRow[] = await db.$queryRaw<RawRow[]>(rowsSql(organizationId, classified, classKey, Prisma.sql`${keyset} ORDER BY c."id" LIMIT ${EXPORT_BATCH}`));
      if (rows.length === 0) return;
      after = rows[rows.length - 1]?.id ?? null;
      yield rows.map((row) =>
        [row.name, row.email, row.phone, row.externalId, row.score, row.answeredAt ? row.answeredAt.toISOString() : null, row.unsubscribedAt ? header.yes : null].map(
          neutralizeValue,
        ),
      );
      if (rows.length < EXPORT_BATCH) return;
    }
  }
  const columns = [header.name, header.email, header.phone, header.customerId, header.score, header.answeredAt, header.unsubscribed].map((text) =>
    String(neutralizeValue(text) ?? ""),
  );
  return csvStream(columns, batches());
}
