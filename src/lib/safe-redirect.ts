/**
 * Where to send someone after an action that carries a return address (`/login?callbackUrl=…`): a path on
 * our own site, normalised, or the fallback. Browsers resolve URLs with the WHATWG parser, which drops tabs and
 * newlines and reads `\` as `/` — so `/\evil.example/` or `/<TAB>/evil.example/` pass a naive "starts with one
 * slash" check and still land off-site. This function resolves the candidate exactly like a browser would
 * (the same parser), keeps it only when it stays on `origin`, and hands back the parsed path (never the raw
 * text), so what is checked is what is followed.
 *
 * Accepted: `/path?query#hash` (one leading slash), and an absolute URL on `origin` (turned into its path).
 * Refused (→ fallback): anything else — `//host`, `/\host`, `\\host`, control characters (tab, newline, NUL),
 * leading spaces, relative forms such as `%2F%2Fhost` or `evil.example`, other schemes (`javascript:`,
 * `data:`), userinfo tricks (`https://ours@evil`), dot segments that resolve to `//host`, and over-long input.
 */
export const DEFAULT_AFTER_SIGN_IN = "/dashboard";

const MAX_LENGTH = 2048;
/** C0 controls, DEL, and the characters the URL parser treats as a path separator or strips. */
const CONTROL = /[\u0000-\u001F\u007F]/;

export function safeRedirectPath(
  candidate: string | null | undefined,
  options: { origin?: string; fallback?: string } = {},
): string {
  const fallback = options.fallback ?? DEFAULT_AFTER_SIGN_IN;
  if (typeof candidate !== "string" || candidate.length === 0 || candidate.length > MAX_LENGTH) return fallback;
  if (CONTROL.test(candidate)) return fallback;

  let base: URL;
  try {
    base = new URL(options.origin ?? "http://same-origin.invalid");
  } catch {
    return fallback;
  }

  const isPath = candidate.startsWith("/") && candidate[1] !== "/" && candidate[1] !== "\\";
  const isAbsolute = /^https?:\/\//i.test(candidate) && options.origin !== undefined;
  if (!isPath && !isAbsolute) return fallback;

  let resolved: URL;
  try {
    resolved = new URL(candidate, base);
  } catch {
    return fallback;
  }
  if (resolved.origin !== base.origin || resolved.username !== "" || resolved.password !== "") return fallback;
  const path = `${resolved.pathname}${resolved.search}${resolved.hash}`;
  // Dot segments can resolve to `//host` (`/..//evil`), which a later hop would read as another host.
  if (!path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\")) return fallback;
  return path;
}
