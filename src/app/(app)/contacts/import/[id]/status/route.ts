import { NextResponse } from "next/server";
import { AppError } from "@/lib/errors";
import { contactIdSchema } from "@/schemas/contact";
import { requireRole } from "@/server/auth/session";
import { getContactImport } from "@/server/contacts/get-contact-import";
import { handleRoute } from "@/server/http/respond";

export const dynamic = "force-dynamic";

/** GET /contacts/import/<id>/status: progress counters and, when done, the report (the import page polls this). */
export const GET = handleRoute(async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const viewer = await requireRole("ADMIN");
  const id = contactIdSchema.safeParse((await params).id);
  if (!id.success) throw new AppError("not_found", "No such import.");
  const status = await getContactImport({
    actor: { organizationId: viewer.organizationId, userId: viewer.userId, role: viewer.role },
    importId: id.data,
  });
  return NextResponse.json(status, { headers: { "Cache-Control": "no-store" } });
});
