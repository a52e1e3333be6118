import "server-only";
import { randomUUID } from "node:crypto";
import { Prisma, type PrismaClient } from "@/generated/prisma/client";
import { AppError } from "@/lib/errors";
import { setupSchema, type SetupInput } from "@/schemas/accounts";
import { hashPassword } from "@/server/auth/password";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import { db, TX_OPTIONS } from "@/server/db";

/** Tests pass a client of another database (one without demo data); the app uses the one client. */
type Client = PrismaClient;

/**
 * Whether this installation still needs its first-run setup: no organisation exists and setup never ran.
 * `/` and `/login` send people to `/setup` then; afterwards `/setup` is not found.
 */
export async function isFirstRun(client: Client = db): Promise<boolean> {
  // Once set up, always set up: this process stops asking (every visit to / and /login would otherwise).
  if (client === db && knownSetUp) return false;
  const [done, organization] = await Promise.all([
    client.firstRunSetup.findUnique({ where: { id: 1 }, select: { id: true } }),
    client.organization.findFirst({ select: { id: true } }),
  ]);
  const firstRun = !done && !organization;
  if (!firstRun && client === db) knownSetUp = true;
  return firstRun;
}
let knownSetUp = false;

export type SetupResult = { organizationId: string; userId: string; email: string };

/** Field problems of a refused setup form: field → catalogue reason (e.g. password → "common"). */
export type SetupProblems = Partial<Record<keyof SetupInput, string>>;

export function setupProblems(error: Prisma.PrismaClientKnownRequestError | AppError | unknown): SetupProblems | null {
  return error instanceof AppError && error.code === "validation_failed" ? ((error.details as SetupProblems | undefined) ?? {}) : null;
}

/**
 * Creates the organisation (name, brand per language, time zone, default language) and its OWNER, once. Race-safe:
 * the transaction first inserts the one "FirstRunSetup" row (primary key 1), so a second setup running at the same
 * time waits on that key and then fails; it also refuses when any organisation exists (a seeded database).
 * A setup that is no longer possible is `not_found`, like the page.
 */
export async function completeSetup(options: { input: unknown; ip?: string | null; client?: Client }): Promise<SetupResult> {
  const client = options.client ?? db;
  const parsed = setupSchema.safeParse(options.input);
  if (!parsed.success) {
    const problems: SetupProblems = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      if (typeof field === "string" && !(field in problems)) problems[field as keyof SetupInput] = issue.code === "custom" ? issue.message : "invalid";
    }
    throw new AppError("validation_failed", "Check the highlighted fields.", problems);
  }
  const input = parsed.data;
  if (!(await isFirstRun(client))) throw new AppError("not_found", "This installation is already set up.");
  const passwordHash = await hashPassword(input.password);
  const brandNames: Record<string, string> = {};
  if (input.brandZh) brandNames["zh-CN"] = input.brandZh;
  if (input.brandEn) brandNames.en = input.brandEn;
  try {
    return await client.$transaction(async (tx) => {
      const organizationId = randomUUID();
      await tx.firstRunSetup.create({ data: { id: 1, createdOrganizationId: organizationId } });
      if (await tx.organization.findFirst({ select: { id: true } })) throw new AppError("not_found", "This installation is already set up.");
      const slug = `${input.organizationName.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "org"}-${randomUUID().slice(0, 8)}`;
      await tx.organization.create({
        data: { id: organizationId, name: input.organizationName, slug, brandNames, timeZone: input.timeZone, defaultLocale: input.defaultLocale },
      });
      const user = await tx.user.create({ data: { email: input.ownerEmail, name: input.ownerName, passwordHash, locale: input.defaultLocale } });
      const membership = await tx.membership.create({ data: { organizationId, userId: user.id, role: "OWNER" } });
      await recordAuditEvent(
        {
          organizationId,
          actorId: user.id,
          action: "organization.create",
          targetType: "Organization",
          targetId: organizationId,
          details: { via: "first-run setup", owner: user.email, membershipId: membership.id, timeZone: input.timeZone, defaultLocale: input.defaultLocale },
          ip: options.ip ?? null,
        },
        tx,
      );
      return { organizationId, userId: user.id, email: user.email };
    }, TX_OPTIONS);
  } catch (error) {
    // The other, parallel setup won the one row.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new AppError("not_found", "This installation is already set up.");
    }
    throw error;
  }
}
