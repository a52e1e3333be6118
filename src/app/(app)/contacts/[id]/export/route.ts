import { AppError } from "@/lib/errors";
import { contactIdSchema } from "@/schemas/contact";
import { auditIpFrom } from "@/server/audit/request-context";
import { requireRole } from "@/server/auth/session";
import { exportContact } from "@/server/contacts/export-contact";
import { handleRoute } from "@/server/http/respond";

export const dynamic = "force-dynamic";

/** GET /contacts/<id>/export: everything we hold on the contact as a JSON download (ADMIN and OWNER). */
export const GET = handleRoute(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const viewer = await requireRole("ADMIN");
  const id = contactIdSchema.safeParse((await params).id);
  if (!id.success) throw new AppError("not_found", "No such contact.");
  const data = await exportContact({
    actor: { organizationId: viewer.organizationId, userId: viewer.userId, role: viewer.role },
    contactId: id.data,
    ip: auditIpFrom(request.headers),
  });
  return new Response(JSON.stringify(data, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="contact-${id.data}.json"`,
      "Cache-Control": "no-store",
    },
  });
});
