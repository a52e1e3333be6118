import "server-only";
import { headers } from "next/headers";
import { clientAddress } from "@/lib/sign-in-throttle";

/**
 * The client's address for the audit log, read as sign-in throttling and the public links read it
 * (src/lib/sign-in-throttle.ts: the right-most X-Forwarded-For entry, else X-Real-IP); null when neither is there.
 */
export function auditIpFrom(requestHeaders: { get(name: string): string | null }): string | null {
  const address = clientAddress(requestHeaders);
  return address === "unknown" ? null : address;
}

/** The current request's client address, for server components and server actions. */
export async function currentAuditIp(): Promise<string | null> {
  return auditIpFrom(await headers());
}

/**
 * The current request's client address when there is a request (server actions, route handlers, pages); null
 * outside one (the worker, scripts, tests calling services directly). For services that record audit events.
 */
export async function auditIpOrNull(): Promise<string | null> {
  try {
    return auditIpFrom(await headers());
  } catch {
    return null;
  }
}
