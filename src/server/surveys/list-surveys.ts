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

export async function listSurveys({ organizationId }: { organizationId: string }): Promise<SurveyListItem[]> {
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
      _count: { select: { invitations: true, responses: { where: { excluded: false } } } },
    },
  });
  return surveys.map(({ _count, ...survey }) => ({
    ...survey,
    invitations: _count.invitations,
    responses: _count.responses,
  }));
}
