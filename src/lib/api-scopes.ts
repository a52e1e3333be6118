/**
 * What an API key may do: read / write per resource (write implies read). Pure, shared by the key page, the
 * key service and the REST API (src/server/api-keys/require-api-key.ts).
 */
export const API_RESOURCES = [
  "surveys",
  "responses",
  "contacts",
  "campaigns",
  "cases",
  "orgUnits",
  "members",
  "webhooks",
  "outcomes",
] as const;
export type ApiResource = (typeof API_RESOURCES)[number];

export const API_ACCESS = ["read", "write"] as const;
export type ApiAccess = (typeof API_ACCESS)[number];

export type ApiScope = `${ApiResource}:${ApiAccess}`;

export const API_SCOPES: readonly ApiScope[] = API_RESOURCES.flatMap((resource) =>
  API_ACCESS.map((access): ApiScope => `${resource}:${access}`),
);

/** Read on every resource, no write: what keys created before scopes existed have, and the default for new keys. */
export const FULL_READ_SCOPES: readonly ApiScope[] = API_RESOURCES.map((resource): ApiScope => `${resource}:read`);

export function isApiScope(value: string): value is ApiScope {
  return (API_SCOPES as readonly string[]).includes(value);
}

/** True when `scopes` allow `access` to `resource`; a write scope also allows reading. */
export function hasScope(scopes: readonly string[], resource: ApiResource, access: ApiAccess): boolean {
  return scopes.includes(`${resource}:write`) || (access === "read" && scopes.includes(`${resource}:read`));
}

/** Known scopes only, each once, in the catalogue's order; a resource with write keeps just its write scope. */
export function normalizeScopes(scopes: readonly string[]): ApiScope[] {
  const given = new Set(scopes);
  return API_RESOURCES.flatMap((resource): ApiScope[] => {
    if (given.has(`${resource}:write`)) return [`${resource}:write`];
    if (given.has(`${resource}:read`)) return [`${resource}:read`];
    return [];
  });
}
