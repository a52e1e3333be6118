import type { NextRequest } from "next/server";
import { qrFormatSchema } from "@/schemas/survey-link";
import { requireRole } from "@/server/auth/session";
import { getPublicOrigin } from "@/server/http/origin";
import { handleRoute, validationError } from "@/server/http/respond";
import { getSurveyLinkQr } from "@/server/survey-links/get-survey-link-qr";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string; linkId: string }> };

/**
 * GET /surveys/<id>/links/<linkId>/qr?format=svg|png: the QR code of a public link, as a download (the links
 * page also shows the SVG as its preview). CX managers and above; another organisation's link is 404.
 */
export const GET = handleRoute(async (request: NextRequest, context: Context) => {
  const viewer = await requireRole("MANAGER");
  const { id, linkId } = await context.params;
  const format = qrFormatSchema.safeParse(request.nextUrl.searchParams.get("format") ?? undefined);
  if (!format.success) throw validationError(format.error);
  const qr = await getSurveyLinkQr({
    actor: { organizationId: viewer.organizationId, userId: viewer.userId, role: viewer.role },
    surveyId: id,
    linkId,
    format: format.data,
    origin: await getPublicOrigin(),
  });
  return new Response(qr.body, {
    headers: {
      "Content-Type": qr.contentType,
      "Content-Disposition": qr.contentDisposition,
      "Content-Length": String(qr.body.byteLength),
      // Private: the code encodes a link that lets anyone answer.
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
    },
  });
});
