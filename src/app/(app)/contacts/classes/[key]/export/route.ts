import type { NextRequest } from "next/server";
import { AppError } from "@/lib/errors";
import { CLASS_KEY } from "@/schemas/customer-classes";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import { auditIpFrom } from "@/server/audit/request-context";
import { requireRole } from "@/server/auth/session";
import { classActorFor } from "@/server/customer-classes/class-actor";
import { exportClassContacts } from "@/server/customer-classes/list-class-contacts";
import { toWebStream } from "@/server/export/streams";
import { handleRoute } from "@/server/http/respond";
import { getTranslator } from "@/server/i18n/request-locale";
import { readsWholeOrganisation } from "@/server/org/member-scope";

export const dynamic = "force-dynamic";

/**
 * GET /contacts/classes/<key>/export: the class's contacts as a streamed CSV (formula cells neutralised), CX managers
 * and above reading the whole organisation; each export is recorded in the audit log before any row leaves.
 */
export const GET = handleRoute(async (request: NextRequest, context: { params: Promise<{ key: string }> }) => {
  const viewer = await requireRole("MANAGER");
  if (!(await readsWholeOrganisation(viewer))) throw new AppError("not_found", "Not found.");
  const { key } = await context.params;
  if (!CLASS_KEY.test(key)) throw new AppError("not_found", "No such customer class.");
  const { t } = await getTranslator();
  const actor = await classActorFor(viewer);
  const stream = await exportClassContacts({
    actor,
    classKey: key,
    header: {
      name: t("classes.csv.name"),
      email: t("classes.list.email"),
      phone: t("classes.list.phone"),
      customerId: t("classes.list.customerId"),
      score: t("classes.list.score"),
      answeredAt: t("classes.list.answeredAt"),
      unsubscribed: t("classes.list.unsubscribed"),
      yes: t("classes.list.yes"),
    },
    beforeRows: () =>
      recordAuditEvent({
        organizationId: viewer.organizationId,
        actorId: viewer.userId,
        action: "contacts.export",
        targetType: "Contact",
        details: { format: "csv", customerClass: key },
        ip: auditIpFrom(request.headers),
      }),
  });
  const date = new Date().toISOString().slice(0, 10);
  return new Response(toWebStream(stream), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="class-${key}-${date}.csv"`,
      "Cache-Control": "no-store",
    },
  });
});
