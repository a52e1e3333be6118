import "server-only";
import { env } from "@/env";
import { AppError } from "@/lib/errors";
import { db } from "@/server/db";

/** The dev mailbox is shown in development, or anywhere with DEV_MAILBOX=1 (the e2e server); never otherwise. */
export function devMailboxEnabled(): boolean {
  return env.DEV_MAILBOX === "1" || (env.NODE_ENV !== "production" && env.DEV_MAILBOX !== "0");
}

export async function listDevMail({ take = 100 }: { take?: number } = {}) {
  return db.devMail.findMany({ orderBy: { createdAt: "desc" }, take, select: { id: true, to: true, subject: true, createdAt: true } });
}

export async function getDevMail(id: string) {
  const mail = /^[0-9a-f-]{36}$/i.test(id) ? await db.devMail.findUnique({ where: { id } }) : null;
  if (!mail) throw new AppError("not_found", "Mail not found.");
  return { ...mail, headers: (mail.headers ?? {}) as Record<string, string> };
}
