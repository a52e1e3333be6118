import { recordOpen } from "@/server/distribution/unsubscribe";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ token: string }> };

/** A transparent 1×1 GIF. */
const PIXEL = Buffer.from("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7", "base64");

/** The email's tracking pixel: notes the first open (approximate: mail apps block or pre-load images). Never fails. */
export async function GET(_request: Request, context: Context) {
  try {
    const { token } = await context.params;
    await recordOpen({ token });
  } catch {
    // The image is served whatever happened.
  }
  return new Response(new Uint8Array(PIXEL), {
    status: 200,
    headers: { "Content-Type": "image/gif", "Cache-Control": "no-store, private", "Content-Length": String(PIXEL.length), "Referrer-Policy": "no-referrer" },
  });
}
