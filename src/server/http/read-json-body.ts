import "server-only";
import { AppError } from "@/lib/errors";

/**
 * A request's JSON body, or a 4xx: `bad_request` when it is not JSON, `payload_too_large` when it is longer
 * than `maxLength` characters (no limit when omitted).
 */
export async function readJsonBody(request: Request, maxLength?: number): Promise<unknown> {
  const text = await request.text();
  if (maxLength !== undefined && text.length > maxLength) {
    const limit = maxLength >= 1024 * 1024 ? `${Math.round(maxLength / (1024 * 1024))} MB` : `${Math.round(maxLength / 1024)} KB`;
    throw new AppError("payload_too_large", `The request body is too large (at most ${limit}).`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError("bad_request", "The request body must be JSON.");
  }
}
