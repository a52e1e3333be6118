import { z } from "zod";

/** Roles single sign-on may give a new member (never OWNER: ownership is handed over by a person). */
export const SSO_ROLES = ["ADMIN", "MANAGER", "VIEWER"] as const;

const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** An issuer URL: https, or http on this machine only (a provider on localhost, as the tests start one). */
export const issuerSchema = z
  .string()
  .trim()
  .max(500)
  .pipe(z.url())
  .refine((value) => {
    const url = new URL(value);
    if (url.search || url.hash || url.username || url.password) return false;
    if (url.protocol === "https:") return true;
    return url.protocol === "http:" && ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
  }, "https URL without query (http only on localhost)")
  .transform((value) => value.replace(/\/+$/, ""));

/** Settings → Single sign-on. An empty clientSecret keeps the saved one (it is never shown again). */
export const ssoConnectionSchema = z.object({
  issuer: issuerSchema,
  clientId: z.string().trim().min(1).max(300),
  clientSecret: z.string().max(500).optional().default(""),
  domains: z
    .string()
    .max(2000)
    .transform((value) => [...new Set(value.split(/[\s,;，、]+/).map((d) => d.trim().toLowerCase().replace(/^@/, "")).filter(Boolean))])
    .pipe(z.array(z.string().regex(DOMAIN, "a domain like bank.example")).min(1).max(50)),
  defaultRole: z.enum(SSO_ROLES),
  ssoOnly: z.boolean().default(false),
  enabled: z.boolean().default(true),
});
export type SsoConnectionInput = z.input<typeof ssoConnectionSchema>;

/** The email typed on the sign-in page to find the organisation's SSO. */
export const ssoEmailSchema = z.string().trim().toLowerCase().email().max(254);
