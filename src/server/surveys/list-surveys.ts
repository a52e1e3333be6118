import "server-only";
import { db } from "@/server/db";

export type SurveyListItem = {
  id: string;
  name: string;
  kind: "RELATIONSHIP" | "TRANSACTIONAL";
  status: "DRAFT" | "ACTIVE" | "CLOSED";
  touchpoint: string | null;
  createdAt: Date;
  invitations: number;
  responses: number;
};

/** The organisation's surveys with their invitation and response counts (a scoped member's `unitIds`: theirs only). */
export async function listSurveys({ organizationId, unitIds = null }: { organizationId: string; unitIds?: string[] | null }): Promise<SurveyListItem[]> {
  const inScope = unitIds ? { unitId: { in: unitIds } } : {};
  const surveys = await db.survey.findMany({
    where: { organizationId },
    orderBy: { createdAt: "desc" },
    select: {
      id: true,
      name: true,
      kind: true,
      status: true,
      touchpoint: true,
      createdAt: true,
      _count: { select: { invitations: { where: inScope }, responses: { where: { excluded: false, ...inScope } } } },
    },
  });
  return surveys.map(({ _count, ...survey }) => ({
    ...survey,
    invitations: _count.invitations,
    responses: _count.responses,
  }));
}
