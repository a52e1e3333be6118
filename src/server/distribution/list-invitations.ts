import "server-only";
import { db } from "@/server/db";

export async function listInvitations({ organizationId, surveyId, take = 50 }: { organizationId: string; surveyId: string; take?: number }) {
  return db.invitation.findMany({
    where: { organizationId, surveyId },
    orderBy: { createdAt: "desc" },
    take,
    select: {
      id: true,
      token: true,
      createdAt: true,
      respondedAt: true,
      contact: { select: { email: true, name: true, locale: true } },
    },
  });
}
