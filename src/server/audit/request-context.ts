import "server-only";
import { headers } from "next/headers";

/**
 * The client's address for the audit log: the right-most X-Forwarded-For entry (written by the nearest proxy, or by
 * Next's own server from the socket), else X-Real-IP; null when neither is there.
 */
export function auditIpFrom(requestHeaders: { get(name: string): string | null }): string | null {
  const forwarded = requestHeaders.get("x-forwarded-for");
  const last = forwarded?.split(",").map((part) => part.trim()).filter(Boolean).at(-1);
  return last || requestHeaders.get("x-real-ip")?.trim() || null;
}

/** The current request's client address, for server components and server actions. */
export async function currentAuditIp(): Promise<string | null> {
  return auditIpFrom(await headers());
}
