import { isScannerAgent } from "@/lib/link-guard";
import { recordOpen } from "@/server/distribution/unsubscribe";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ token: string }> };

/** A transparent 1×1 GIF. */
const PIXEL = Buffer.from("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7", "base64");

const PIXEL_HEADERS = { "Content-Type": "image/gif", "Cache-Control": "no-store, private", "Content-Length": String(PIXEL.length), "Referrer-Policy": "no-referrer" };

/**
 * The email's tracking pixel: notes the first open (approximate: mail apps block or pre-load images; link
 * checkers and scripts — isScannerAgent — are not counted). Never fails.
 */
export async function GET(request: Request, context: Context) {
  try {
    const { token } = await context.params;
    if (!isScannerAgent(request.headers.get("user-agent"))) await recordOpen({ token });
  } catch {
    // The image is served whatever happened.
  }
  return new Response(new Uint8Array(PIXEL), { status: 200, headers: PIXEL_HEADERS });
}

/** HEAD (a scanner probing the image): the headers only, no open recorded. */
export function HEAD() {
  return new Response(null, { status: 200, headers: PIXEL_HEADERS });
}
