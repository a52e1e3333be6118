"use server";

import { ssoProviderForEmail } from "@/server/sso/sso-connections";

/** The next-auth provider of the email's organisation, or null when its domain has no single sign-on. */
export async function findSsoProviderAction(email: string): Promise<{ providerId: string } | null> {
  const found = await ssoProviderForEmail(typeof email === "string" ? email : "");
  return found ? { providerId: found.providerId } : null;
}
