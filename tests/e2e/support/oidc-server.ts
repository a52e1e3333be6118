/**
 * A real OpenID Connect provider for the SSO end-to-end test: `oidc-provider` (a certified implementation) on a local
 * port, with one confidential client and its development login screens (any login name is accepted; the account's
 * email is the login name, verified, and its name comes from `names`). Authorization code flow with PKCE.
 */
import type { Server } from "node:http";
import Provider, { type Configuration } from "oidc-provider";

export type OidcTestProvider = { issuer: string; clientId: string; clientSecret: string; stop(): Promise<void> };

export async function startOidcProvider(options: {
  port: number;
  redirectUri: string;
  clientId?: string;
  clientSecret?: string;
  names?: Record<string, string>;
}): Promise<OidcTestProvider> {
  const issuer = `http://localhost:${options.port}`;
  const clientId = options.clientId ?? "echo-nps-e2e";
  const clientSecret = options.clientSecret ?? "e2e-client-secret-0123456789abcdef";
  const configuration: Configuration = {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [options.redirectUri],
        response_types: ["code"],
        grant_types: ["authorization_code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    // The ID token carries the scopes' claims (next-auth reads the profile from it).
    conformIdTokenClaims: false,
    cookies: { keys: ["e2e-oidc-cookie-key-0123456789abcdef"] },
    features: { devInteractions: { enabled: true } },
    async findAccount(_ctx, id) {
      return {
        accountId: id,
        async claims() {
          return { sub: id, email: id.toLowerCase(), email_verified: true, name: options.names?.[id] ?? id.split("@")[0] };
        },
      };
    },
  };
  const provider = new Provider(issuer, configuration);
  const server: Server = await new Promise((resolve) => {
    const listening = provider.listen(options.port, () => resolve(listening));
  });
  return {
    issuer,
    clientId,
    clientSecret,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
