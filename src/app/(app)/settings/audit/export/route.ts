import type { NextRequest } from "next/server";
import { auditCsvRow } from "@/lib/audit-csv";
import type { CellValue } from "@/lib/spreadsheet-safety";
import { auditFilterFrom } from "@/schemas/audit";
import { auditEventBatches, type AuditEventRow } from "@/server/audit/list-audit-events";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import { auditIpFrom } from "@/server/audit/request-context";
import { requireRole } from "@/server/auth/session";
import { toWebStream } from "@/server/export/streams";
import { csvStream } from "@/server/export/write-csv";
import { handleRoute } from "@/server/http/respond";
import { getTranslator } from "@/server/i18n/request-locale";

export const dynamic = "force-dynamic";

async function* csvBatches(batches: AsyncGenerator<AuditEventRow[]>): AsyncGenerator<CellValue[][]> {
  for await (const batch of batches) yield batch.map(auditCsvRow);
}

/**
 * GET /settings/audit/export?actor&action&from&to: the audit entries the page's filters select, as CSV (UTF-8 with
 * BOM, formula cells neutralised: an attacker's email or name cannot run in a spreadsheet). ADMIN and OWNER; the
 * export itself is recorded.
 */
export const GET = handleRoute(async (request: NextRequest) => {
  const viewer = await requireRole("ADMIN");
  const filter = auditFilterFrom(Object.fromEntries(request.nextUrl.searchParams));
  const { t } = await getTranslator();
  await recordAuditEvent({
    organizationId: viewer.organizationId,
    actorId: viewer.userId,
    action: "audit.export",
    targetType: "AuditLog",
    details: { format: "csv", filter },
    ip: auditIpFrom(request.headers),
  });
  const header = [
    t("audit.csv.seq"),
    t("audit.csv.at"),
    t("audit.csv.actorEmail"),
    t("audit.csv.actorName"),
    t("audit.csv.action"),
    t("audit.csv.targetType"),
    t("audit.csv.targetId"),
    t("audit.csv.details"),
    t("audit.csv.ip"),
    t("audit.csv.hash"),
  ];
  const stream = csvStream(header, csvBatches(auditEventBatches(viewer, filter)));
  const date = new Date().toISOString().slice(0, 10);
  return new Response(toWebStream(stream), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="audit-log-${date}.csv"`,
      "Cache-Control": "no-store",
    },
  });
});
