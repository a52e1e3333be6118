import { z } from "zod";
import { API_SCOPES, FULL_READ_SCOPES, normalizeScopes, type ApiScope } from "@/lib/api-scopes";
import { createApiKeySchema } from "./api";

/** Requests a minute a key may make (X-RateLimit-Limit). */
export const API_RATE_LIMIT_DEFAULT = 600;
export const API_RATE_LIMIT_MAX = 10_000;

/**
 * A new key: its name, scopes (default: read everything, write nothing), whether it may see personal data, an
 * optional org unit it is limited to, and its rate limit.
 */
export const createScopedApiKeySchema = createApiKeySchema.extend({
  scopes: z
    .array(z.enum(API_SCOPES as readonly [ApiScope, ...ApiScope[]]))
    .max(API_SCOPES.length * 2)
    .default([...FULL_READ_SCOPES])
    .transform((scopes) => normalizeScopes(scopes))
    .refine((scopes) => scopes.length > 0, "Choose at least one scope."),
  personalData: z.boolean().default(false),
  scopeUnitId: z.uuid().nullish().transform((value) => value ?? null),
  rateLimitPerMinute: z.number().int().min(1).max(API_RATE_LIMIT_MAX).default(API_RATE_LIMIT_DEFAULT),
});
export type CreateScopedApiKeyInput = z.input<typeof createScopedApiKeySchema>;
