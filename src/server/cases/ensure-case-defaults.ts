import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { DEFAULT_REPLY_TEMPLATES, DEFAULT_ROOT_CAUSES } from "@/lib/case-rules";
import { db } from "@/server/db";

type Client = Pick<Prisma.TransactionClient, "rootCause" | "replyTemplate" | "$executeRaw">;

/** Adds the default root causes (missing keys only) and, when the organisation has none, the default reply templates. */
export async function ensureCaseDefaults(organizationId: string, client: Client = db): Promise<void> {
  await client.rootCause.createMany({
    data: DEFAULT_ROOT_CAUSES.map((cause) => ({ organizationId, key: cause.key, label: cause.label })),
    skipDuplicates: true,
  });
  const existing = await client.replyTemplate.count({ where: { organizationId } });
  if (existing === 0) {
    await client.replyTemplate.createMany({ data: DEFAULT_REPLY_TEMPLATES.map((template) => ({ organizationId, ...template })) });
  }
}
