import type { NextRequest } from "next/server";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import { auditIpFrom } from "@/server/audit/request-context";
import { requireRole } from "@/server/auth/session";
import { caseActorFor } from "@/server/cases/case-actor";
import { exportLoopContacts } from "@/server/cases/export-loop-contacts";
import { loopExportQuerySchema } from "@/server/cases/list-loop-contacts";
import { toWebStream } from "@/server/export/streams";
import { handleRoute, validationError } from "@/server/http/respond";
import { getTranslator } from "@/server/i18n/request-locale";

export const dynamic = "force-dynamic";

/**
 * GET /cases/loop/export?list=promoters|passives&sent=all|sent|unsent: the consented promoters or passives in
 * the viewer's scope as a streamed CSV (formula cells neutralised). CX managers and above.
 */
export const GET = handleRoute(async (request: NextRequest) => {
  const viewer = await requireRole("MANAGER");
  const params = request.nextUrl.searchParams;
  const query = loopExportQuerySchema.safeParse({ list: params.get("list") ?? undefined, sent: params.get("sent") ?? undefined });
  if (!query.success) throw validationError(query.error);
  const { t } = await getTranslator();
  const actor = await caseActorFor(viewer);
  // The lists hold names and emails: each export is recorded (who, when, which list, from where).
  await recordAuditEvent({
    organizationId: viewer.organizationId,
    actorId: viewer.userId,
    action: "loop.export",
    targetType: "Response",
    details: { format: "csv", list: query.data.list, sent: query.data.sent },
    ip: auditIpFrom(request.headers),
  });
  const stream = exportLoopContacts({
    actor,
    list: query.data.list,
    sent: query.data.sent,
    header: {
      name: t("cases.loop.name"),
      email: t("cases.loop.email"),
      score: t("cases.loop.score"),
      comment: t("cases.loop.comment"),
      survey: t("cases.loop.survey"),
      unit: t("cases.loop.unit"),
      respondedAt: t("cases.loop.respondedAt"),
      sentAt: t("cases.loop.csv.sentAt"),
    },
  });
  const date = new Date().toISOString().slice(0, 10);
  return new Response(toWebStream(stream), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${query.data.list}-${date}.csv"`,
      "Cache-Control": "no-store",
    },
  });
});
