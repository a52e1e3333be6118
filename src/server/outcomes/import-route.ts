import "server-only";
import type { NextRequest } from "next/server";
import { AppError } from "@/lib/errors";
import { hasRole } from "@/lib/roles";
import { getViewer } from "@/server/auth/session";
import type { ContactActor } from "@/server/contacts/actor";
import { sameOriginOnly } from "@/server/http/origin";
import { handleRoute } from "@/server/http/respond";
import { importRoute } from "@/server/imports/import-route";

/**
 * The outcome import routes: the shared import frame (same origin, ADMIN+, problems in the user's language), except
 * that a signed-in member below ADMIN gets 404 like on the pages — they are not told the import exists.
 */
export function outcomeImportRoute<P extends Record<string, string>>(
  handler: (context: { request: NextRequest; actor: ContactActor; params: P }) => Promise<unknown>,
  options: { status?: number } = {},
) {
  const inner = importRoute<P>(handler, options);
  // The origin is checked before the session is read, as on every cookie-authenticated write (src/server/http/origin.ts).
  return sameOriginOnly(handleRoute(async (request: NextRequest, context: { params: Promise<P> }) => {
    const viewer = await getViewer();
    if (viewer && !hasRole(viewer.role, "ADMIN")) throw new AppError("not_found", "Not found.");
    return inner(request, context);
  }));
}
