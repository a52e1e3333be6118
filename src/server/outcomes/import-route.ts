import "server-only";
import type { NextRequest } from "next/server";
import type { ContactActor } from "@/server/contacts/actor";
import { importRoute } from "@/server/imports/import-route";

/**
 * The outcome import routes: the shared import frame (same origin, ADMIN+, problems in the user's language), except
 * that a signed-in member below ADMIN gets 404 like on the pages — they are not told the import exists.
 */
export function outcomeImportRoute<P extends Record<string, string>>(
  handler: (context: { request: NextRequest; actor: ContactActor; params: P }) => Promise<unknown>,
  options: { status?: number } = {},
) {
  return importRoute<P>(handler, { ...options, hiddenBelowAdmin: true });
}
