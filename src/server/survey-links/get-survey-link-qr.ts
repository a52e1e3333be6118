import "server-only";
import QRCode from "qrcode";
import { AppError } from "@/lib/errors";
import { surveyLinkIdSchema, type QrFormat } from "@/schemas/survey-link";
import { surveyIdSchema } from "@/schemas/survey";
import { db } from "@/server/db";
import { assertCanViewSurveyLinks, type SurveyLinkActor } from "./actor";
import { publicLinkUrl, qrContentDisposition } from "./link-url";

export const QR_CONTENT_TYPES = { svg: "image/svg+xml; charset=utf-8", png: "image/png" } as const satisfies Record<QrFormat, string>;
/** PNG edge in pixels: sharp when printed on an A5 counter card. */
export const QR_PNG_WIDTH = 1024;
/** Error correction M (15 %) survives a scuffed or partly covered print; 2 modules of quiet zone. */
export const QR_OPTIONS = { errorCorrectionLevel: "M", margin: 2 } as const;

export type SurveyLinkQr = { url: string; body: Uint8Array<ArrayBuffer>; contentType: string; contentDisposition: string };

export type GetSurveyLinkQrOptions = { actor: SurveyLinkActor; surveyId: string; linkId: string; format: QrFormat; origin: string };

/** The QR code of `url` in `format` (the one place QR images are drawn). */
export async function renderQr(url: string, format: QrFormat): Promise<Uint8Array<ArrayBuffer>> {
  if (format === "svg") return new TextEncoder().encode(await QRCode.toString(url, { ...QR_OPTIONS, type: "svg" }));
  const png = await QRCode.toBuffer(url, { ...QR_OPTIONS, type: "png", width: QR_PNG_WIDTH });
  return new Uint8Array(png);
}

/**
 * The QR code of a public link of the actor's organisation, as a download. Disabled links still have their
 * code (the list says they are disabled). Another organisation's link or survey is "not found".
 */
export async function getSurveyLinkQr({ actor, surveyId, linkId, format, origin }: GetSurveyLinkQrOptions): Promise<SurveyLinkQr> {
  assertCanViewSurveyLinks(actor);
  const survey = surveyIdSchema.safeParse(surveyId);
  const link = surveyLinkIdSchema.safeParse(linkId);
  if (!survey.success || !link.success) throw new AppError("not_found", "Link not found.");
  const row = await db.surveyLink.findFirst({
    where: { id: link.data, surveyId: survey.data, organizationId: actor.organizationId },
    select: { name: true, token: true },
  });
  if (!row) throw new AppError("not_found", "Link not found.");
  const url = publicLinkUrl(origin, row.token);
  return {
    url,
    body: await renderQr(url, format),
    contentType: QR_CONTENT_TYPES[format],
    contentDisposition: qrContentDisposition(row.name, format),
  };
}
