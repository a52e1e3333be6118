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
  /** SMTP server for outgoing mail, e.g. smtp://user:pass@smtp.example.com:587 (smtps:// for TLS). Unset: the dev mail catcher. */
  SMTP_URL: z.string().url().optional(),
  /** Sender of survey emails, e.g. "Echo NPS <survey@example.com>". */
  MAIL_FROM: z.string().min(3).default("Echo NPS <survey@echo-nps.localhost>"),
  /** Port of the local mail catcher `npm run dev` starts when SMTP_URL is not set. */
  MAIL_CATCHER_PORT: z.coerce.number().int().min(1).max(65535).default(2525),
  /** "1" shows the dev mailbox even in production (the e2e server). */
  DEV_MAILBOX: z.enum(["0", "1"]).optional(),
  /**
   * Keys that encrypt stored secrets (webhook / chat robot / SSO): 32 bytes base64 each, comma-separated, the first
   * seals new values. Required in production; dev and tests fall back to a generated key in .data/ (src/server/secrets).
   */
  SECRETS_ENCRYPTION_KEY: z.string().optional(),
});

const parsed = schema.safeParse({
  NODE_ENV: process.env.NODE_ENV,
  DATABASE_URL: process.env.DATABASE_URL || undefined,
  AUTH_SECRET: process.env.AUTH_SECRET || process.env.NEXTAUTH_SECRET || undefined,
  APP_URL: process.env.APP_URL || process.env.NEXTAUTH_URL || undefined,
  SMTP_URL: process.env.SMTP_URL || undefined,
  MAIL_FROM: process.env.MAIL_FROM || undefined,
  MAIL_CATCHER_PORT: process.env.MAIL_CATCHER_PORT || undefined,
  DEV_MAILBOX: process.env.DEV_MAILBOX || undefined,
  SECRETS_ENCRYPTION_KEY: process.env.SECRETS_ENCRYPTION_KEY || undefined,
});

if (!parsed.success) {
  // Names of the offending variables only — never their values (they may be secrets).
  const names = parsed.error.issues.map((issue) => issue.path.join(".")).join(", ");
  throw new Error(`Invalid environment variables: ${names}`);
}

export const env = parsed.data;
