import "server-only";
import { db } from "@/server/db";

export async function listInvitations({
  organizationId,
  surveyId,
  unitIds = null,
  take = 50,
}: {
  organizationId: string;
  surveyId: string;
  /** A scoped member's units: only invitations credited to them. */
  unitIds?: string[] | null;
  take?: number;
}) {
  return db.invitation.findMany({
    where: { organizationId, surveyId, ...(unitIds ? { unitId: { in: unitIds } } : {}) },
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
