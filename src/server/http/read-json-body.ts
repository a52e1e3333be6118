import "server-only";
import { AppError } from "@/lib/errors";

/** A UTF-16 surrogate without its pair: `\ud800` alone is valid JSON, but not text PostgreSQL (or UTF-8) can hold. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The path (`questions[2].text`) of the first string or key holding a lone surrogate, or null. */
function loneSurrogateAt(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === "string") return LONE_SURROGATE.test(value) ? path || "(the body)" : null;
  if (depth > 200 || value === null || typeof value !== "object") return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const found = loneSurrogateAt(value[i], `${path}[${i}]`, depth + 1);
      if (found) return found;
    }
    return null;
  }
  for (const [key, item] of Object.entries(value)) {
    const at = path ? `${path}.${key}` : key;
    if (LONE_SURROGATE.test(key)) return at;
    const found = loneSurrogateAt(item, at, depth + 1);
    if (found) return found;
  }
  return null;
}

/**
 * JSON text → value, or 400 `bad_request`: when it is not JSON, and when a string or key holds a lone UTF-16
 * surrogate (`"\ud800"`), which would otherwise fail deep in the database as a 500.
 */
export function parseJsonText(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    throw new AppError("bad_request", "The request body must be JSON.");
  }
  assertValidUnicode(value);
  return value;
}

/** 400 `bad_request` when a string or key of a parsed JSON value holds a lone UTF-16 surrogate. */
export function assertValidUnicode(value: unknown): void {
  const at = loneSurrogateAt(value, "");
  if (at) {
    throw new AppError(
      "bad_request",
      `The request body is not valid Unicode text: ${at} holds a lone UTF-16 surrogate (an escape such as \\ud800 without its pair).`,
    );
  }
}

/**
 * A request's JSON body, or a 4xx: `bad_request` when it is not JSON or not valid Unicode (parseJsonText),
 * `payload_too_large` when it is longer than `maxLength` characters (no limit when omitted).
 */
export async function readJsonBody(request: Request, maxLength?: number): Promise<unknown> {
  const text = await request.text();
  if (maxLength !== undefined && text.length > maxLength) {
    const limit = maxLength >= 1024 * 1024 ? `${Math.round(maxLength / (1024 * 1024))} MB` : `${Math.round(maxLength / 1024)} KB`;
    throw new AppError("payload_too_large", `The request body is too large (at most ${limit}).`);
  }
  return parseJsonText(text);
}
