import "server-only";
import { tokenSchema } from "@/schemas/response";
import { db } from "@/server/db";

/**
 * Notes the first time a personal link was opened (the funnel's "clicked"). Not an answer: nothing about
 * the response changes, and mail scanners that prefetch links can inflate it, so the funnel calls it
 * approximate. Public-link tokens and unknown tokens are ignored.
 */
export async function recordLinkClick(token: string): Promise<void> {
  const parsed = tokenSchema.safeParse(token);
  if (!parsed.success) return;
  await db.invitation.updateMany({ where: { token: parsed.data, clickedAt: null }, data: { clickedAt: new Date() } });
}
