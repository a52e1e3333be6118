import "server-only";
import type { NextAuthOptions } from "next-auth";
import type { OAuthConfig } from "next-auth/providers/oauth";
import { authOptions } from "@/server/auth/options";
import { ssoConnectionForProvider, organizationOfProvider } from "./sso-connections";
import { signInWithSso } from "./provision-sso-user";

type OidcProfile = { sub?: unknown; email?: unknown; name?: unknown; email_verified?: unknown };

/**
 * The organisation's OIDC provider for next-auth (authorization code flow with PKCE and state; the ID token is
 * validated against the issuer's discovery document and keys by openid-client inside next-auth).
 */
async function ssoProvider(providerId: string): Promise<OAuthConfig<OidcProfile> | null> {
  const connection = await ssoConnectionForProvider(providerId);
  if (!connection) return null;
  return {
    id: providerId,
    name: "SSO",
    type: "oauth",
    wellKnown: `${connection.issuer}/.well-known/openid-configuration`,
    issuer: connection.issuer,
    clientId: connection.clientId,
    clientSecret: connection.clientSecret,
    authorization: { params: { scope: "openid email profile" } },
    idToken: true,
    checks: ["pkce", "state"],
    profile(profile) {
      return { id: String(profile.sub ?? ""), email: typeof profile.email === "string" ? profile.email : null, name: typeof profile.name === "string" ? profile.name : null };
    },
  };
}

/**
 * next-auth's options for one request of the auth handler: the password provider, plus — when the request signs in
 * or comes back through `sso-<organizationId>` — that organisation's OIDC provider (next-auth 4 has no per-tenant
 * providers; advanced initialisation builds them per request). After the issuer vouched for the user,
 * signInWithSso checks the domain and provisions the member; the session then acts in that organisation.
 */
export async function authOptionsForRequest(providerId: string | undefined, ip: string | null): Promise<NextAuthOptions> {
  if (!organizationOfProvider(providerId)) return authOptions;
  const provider = providerId ? await ssoProvider(providerId) : null;
  if (!provider) return authOptions;
  const passwordJwt = authOptions.callbacks?.jwt;
  return {
    ...authOptions,
    providers: [...authOptions.providers, provider],
    // A refused SSO sign-in comes back to the sign-in page, which says so (instead of next-auth's own error page).
    pages: { ...authOptions.pages, error: "/login" },
    callbacks: {
      ...authOptions.callbacks,
      async signIn({ user, account, profile }) {
        if (!organizationOfProvider(account?.provider)) return true;
        const claims = (profile ?? {}) as OidcProfile;
        const outcome = await signInWithSso({
          providerId: account?.provider ?? "",
          claims: { email: claims.email, name: claims.name, emailVerified: claims.email_verified },
          ip,
        });
        if (!outcome.ok) return false;
        // The session is our user's, not the issuer's subject: the jwt callback below reads these.
        user.id = outcome.userId;
        user.sessionVersion = outcome.sessionVersion;
        user.access = outcome.access;
        return true;
      },
      async jwt(params) {
        const token = passwordJwt ? await passwordJwt(params) : params.token;
        const organizationId = organizationOfProvider(params.account?.provider);
        if (params.user && organizationId) token.org = organizationId;
        return token;
      },
    },
  };
}
