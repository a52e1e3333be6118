import type { NextRequest } from "next/server";
import { AppError } from "@/lib/errors";
import { hasRole } from "@/lib/roles";
import { requireUser } from "@/server/auth/session";
import { toWebStream } from "@/server/export/streams";
import { handleRoute } from "@/server/http/respond";
import { getTranslator } from "@/server/i18n/request-locale";
import { idParam } from "@/server/imports/import-route";
import { outcomeImportReportCsv } from "@/server/outcomes/import-report";

export const dynamic = "force-dynamic";

/** GET /contacts/outcomes/<importId>/report: the import's row report as formula-safe CSV. ADMIN+ (others 404). */
export const GET = handleRoute(async (_request: NextRequest, { params }: { params: Promise<{ importId: string }> }) => {
  const viewer = await requireUser();
  if (!hasRole(viewer.role, "ADMIN")) throw new AppError("not_found", "Not found.");
  const { t } = await getTranslator();
  const importId = idParam((await params).importId, "No such import.");
  const { stream, fileName } = await outcomeImportReportCsv({
    actor: { organizationId: viewer.organizationId, userId: viewer.userId, role: viewer.role },
    importId,
    t,
  });
  return new Response(toWebStream(stream), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="outcomes-report.csv"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      "Cache-Control": "no-store",
    },
  });
});
