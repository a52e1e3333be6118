import { z } from "zod";

/**
 * The process environment, parsed once. Import `env` instead of reading process.env.
 * DATABASE_URL is optional here so `next build` can run without a database; src/server/db.ts insists on it.
 */
const schema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  DATABASE_URL: z.string().url().optional(),
  AUTH_SECRET: z.string().min(32).optional(),
  /** Public base URL used in links (emails, copied links). Defaults to the request's own origin. */
  APP_URL: z.string().url().optional(),
});

const parsed = schema.safeParse({
  NODE_ENV: process.env.NODE_ENV,
  DATABASE_URL: process.env.DATABASE_URL || undefined,
  AUTH_SECRET: process.env.AUTH_SECRET || process.env.NEXTAUTH_SECRET || undefined,
  APP_URL: process.env.APP_URL || process.env.NEXTAUTH_URL || undefined,
});

if (!parsed.success) {
  // Names of the offending variables only — never their values (they may be secrets).
  const names = parsed.error.issues.map((issue) => issue.path.join(".")).join(", ");
  throw new Error(`Invalid environment variables: ${names}`);
}

export const env = parsed.data;
