import type { NextRequest } from "next/server";
import { personalDataView } from "@/lib/personal-data";
import { readAnalyticsParams } from "@/schemas/analytics";
import { exportResponses } from "@/server/analytics/export-responses";
import { resolveFilter } from "@/server/analytics/filter";
import { assertKnownDimensions } from "@/server/attributes/assert-known-dimensions";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import { auditIpFrom } from "@/server/audit/request-context";
import { requireRole } from "@/server/auth/session";
import { scopeUnitIdsOf } from "@/server/org/member-scope";
import { EXPORT_CONTENT_TYPES, exportFilename, parseExportFormat } from "@/server/export/format";
import { handleRoute, validationError } from "@/server/http/respond";
import { getTranslator } from "@/server/i18n/request-locale";

export const dynamic = "force-dynamic";

/**
 * GET /dashboard/export?format=csv|xlsx&<the dashboard's filter parameters>: the filtered responses as a
 * streamed download. Exports hold personal data (comments, contact emails): CX managers and above only.
 */
export const GET = handleRoute(async (request: NextRequest) => {
  const viewer = await requireRole("MANAGER");
  const params = request.nextUrl.searchParams;
  const format = parseExportFormat(params.get("format"));
  const query = readAnalyticsParams(params);
  if (!query.success) throw validationError(query.error);
  await assertKnownDimensions({ organizationId: viewer.organizationId, attributes: query.data.attributes });
  const unitIds = await scopeUnitIdsOf(viewer);
  const filter = resolveFilter(query.data, { organizationId: viewer.organizationId, timeZone: viewer.timeZone, unitIds });
  const { locale } = await getTranslator();
  const personalData = personalDataView(viewer.role);
  const body = await exportResponses({ filter, format, locale, personalData });
  // Exports hold personal data: each one is recorded (who, when, which filter, masked or not, from where).
  await recordAuditEvent({
    organizationId: viewer.organizationId,
    actorId: viewer.userId,
    action: "responses.export",
    targetType: "Response",
    details: { format, personalData, query: params.toString() },
    ip: auditIpFrom(request.headers),
  });
  return new Response(body, {
    headers: {
      "Content-Type": EXPORT_CONTENT_TYPES[format],
      "Content-Disposition": `attachment; filename="${exportFilename(filter.range, format)}"`,
      "Cache-Control": "no-store",
    },
  });
});
