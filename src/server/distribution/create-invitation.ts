import "server-only";
import { Prisma, type Contact, type Invitation } from "@/generated/prisma/client";
import { pickLocale, type Locale } from "@/i18n/locales";
import { AppError } from "@/lib/errors";
import type { ContactInput } from "@/schemas/contact";
import { db } from "@/server/db";
import { upsertContact } from "@/server/contacts/upsert-contact";
import type { Enqueuer } from "@/server/queue/queues";
import { getSurvey } from "@/server/surveys/get-survey";
import { generateToken } from "./token";

export type CreateInvitationOptions = {
  organizationId: string;
  surveyId: string;
  contact: ContactInput;
  channel?: "EMAIL" | "LINK" | "API";
  /**
   * Email the invitation: it is queued (queuedAt) and handed to the send queue after the commit, the same
   * delivery path as campaigns and API triggers (deliver-invitations.ts sends it exactly once; should the queue
   * be unreachable, the worker's tick re-queues it). Without it only the personal link is made.
   */
  send?: { enqueue: Enqueuer };
  now?: Date;
};

export type CreatedInvitation = {
  invitation: Invitation;
  contact: Contact;
  /** The language of the email and of the respondent page (the invitation's, else the contact's, else the survey's). */
  locale: Locale;
  /** True when the email was queued. */
  emailQueued: boolean;
};

/** Upserts the contact and creates their personal single-use invitation, in one transaction; with `send`, queues its email. */
export async function createInvitation({ organizationId, surveyId, contact, channel, send, now = new Date() }: CreateInvitationOptions): Promise<CreatedInvitation> {
  const survey = await getSurvey({ organizationId, surveyId });
  if (survey.status === "CLOSED") throw new AppError("survey_closed", "This survey is closed.");
  if (survey.status === "DRAFT") throw new AppError("survey_not_open", "Publish the survey before inviting customers.");
  const emailed = send !== undefined;
  const attempt = () =>
    db.$transaction(async (tx) => {
      const saved = await upsertContact(tx, { organizationId, input: contact });
      if (emailed && saved.unsubscribedAt) throw new AppError("conflict", "This contact unsubscribed from survey emails.");
      const invitation = await tx.invitation.create({
        data: {
          organizationId,
          surveyId: survey.id,
          contactId: saved.id,
          token: generateToken(),
          channel: channel ?? (emailed ? "EMAIL" : "LINK"),
          // The contact's language as of now (like campaign invitations); null: the survey's default language.
          locale: saved.locale,
          createdAt: now,
          ...(emailed ? { queuedAt: now } : {}),
        },
      });
      return { invitation, contact: saved };
    });
  let created: Awaited<ReturnType<typeof attempt>>;
  try {
    created = await attempt();
  } catch (error) {
    // Two requests creating the same new contact at once: the loser's insert hits the unique key; its
    // retry finds the contact the winner created.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") created = await attempt();
    else throw error;
  }
  if (send) {
    // After the commit. A queue that cannot be reached leaves the invitation queued: the worker's tick sends it.
    await send.enqueue.send(organizationId, [created.invitation.id]).catch((error: unknown) => {
      console.warn("invitation queued, the send queue was not reachable:", error instanceof Error ? error.message : String(error));
    });
  }
  return { ...created, locale: pickLocale(created.contact.locale, survey.defaultLocale), emailQueued: emailed };
}
