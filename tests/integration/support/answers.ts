import type { Prisma } from "@/generated/prisma/client";
import { updateDriverAnswersCounted } from "@/server/analytics/response-aggregates";
import { db } from "@/server/db";

/**
 * Writes answers to responses already written (as step 2 of answering does, src/server/responses/submit-driver-answers.ts):
 * the responses are uncounted from the key-driver pre-aggregate before the insert and counted again after it, in
 * one transaction (docs/decisions/0032). Tests that write "Answer" by other means must rebuild the aggregates.
 */
export async function insertAnswers(data: Prisma.AnswerCreateManyInput[]): Promise<void> {
  await db.$transaction(async (tx) => {
    const organizations = [...new Set(data.map((d) => d.organizationId))];
    let rest = async () => {
      await tx.answer.createMany({ data });
    };
    for (const organizationId of organizations) {
      const responseIds = [...new Set(data.filter((d) => d.organizationId === organizationId).map((d) => d.responseId))];
      const inner = rest;
      rest = () => updateDriverAnswersCounted(tx, organizationId, responseIds, inner);
    }
    await rest();
  }, { timeout: 120_000, maxWait: 60_000 });
}
