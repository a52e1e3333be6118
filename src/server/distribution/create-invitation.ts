import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { AppError } from "@/lib/errors";
import type { ContactInput } from "@/schemas/contact";
import { db } from "@/server/db";
import { upsertContact } from "@/server/contacts/upsert-contact";
import { getSurvey } from "@/server/surveys/get-survey";
import { generateToken } from "./token";

export type CreateInvitationOptions = {
  organizationId: string;
  surveyId: string;
  contact: ContactInput;
  channel?: "EMAIL" | "LINK" | "API";
};

/** Upserts the contact and creates their personal single-use invitation, in one transaction. */
export async function createInvitation({ organizationId, surveyId, contact, channel = "LINK" }: CreateInvitationOptions) {
  const survey = await getSurvey({ organizationId, surveyId });
  if (survey.status === "CLOSED") throw new AppError("survey_closed", "This survey is closed.");
  if (survey.status === "DRAFT") throw new AppError("survey_not_open", "Publish the survey before inviting customers.");
  const attempt = () =>
    db.$transaction(async (tx) => {
      const saved = await upsertContact(tx, { organizationId, input: contact });
      const invitation = await tx.invitation.create({
        data: { organizationId, surveyId: survey.id, contactId: saved.id, token: generateToken(), channel },
      });
      return { invitation, contact: saved };
    });
  try {
    return await attempt();
  } catch (error) {
    // Two requests creating the same new contact at once: the loser's insert hits the unique key; its
    // retry finds the contact the winner created.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return attempt();
    throw error;
  }
}
