"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import type { z } from "zod";
import { isAppError } from "@/lib/errors";
import { contactInputSchema } from "@/schemas/contact";
import { createSurveySchema } from "@/schemas/survey";
import { requireRole } from "@/server/auth/session";
import { createInvitation } from "@/server/distribution/create-invitation";
import { webEnqueuer } from "@/server/queue/boss";
import { createSurvey } from "@/server/surveys/create-survey";
import { setSurveyStatus, type SurveyTransition } from "@/server/surveys/set-survey-status";

/** Catalogue keys of the messages a form shows; the page passes them translated to the client form. */
export type ValidationKey =
  | "validation.required"
  | "validation.email"
  | "validation.touchpoint"
  | "validation.tooLong"
  | "validation.invalid"
  | "validation.forbidden"
  | "validation.closed"
  | "validation.notOpen"
  | "validation.failed"
  | "validation.unsubscribed";

export type FormState = {
  ok: boolean;
  error?: ValidationKey;
  fieldErrors?: Record<string, ValidationKey>;
  values?: Record<string, string>;
  link?: string;
  email?: string;
  /** Invite: the email was queued (else only the link was made), and the language it goes out in. */
  emailed?: boolean;
  locale?: string;
};

function issueKey(issue: z.core.$ZodIssue): ValidationKey {
  if (issue.code === "too_big") return "validation.tooLong";
  if (issue.code === "too_small") return "validation.required";
  if (issue.code === "invalid_format" && issue.format === "email") return "validation.email";
  if (issue.code === "custom" && issue.path[0] === "touchpoint") return "validation.touchpoint";
  return "validation.invalid";
}

function fieldErrors(error: z.ZodError): Record<string, ValidationKey> {
  const out: Record<string, ValidationKey> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "form");
    out[key] ??= issueKey(issue);
  }
  return out;
}

function appErrorKey(code: string): ValidationKey {
  if (code === "forbidden" || code === "unauthorized") return "validation.forbidden";
  if (code === "survey_closed") return "validation.closed";
  if (code === "survey_not_open") return "validation.notOpen";
  if (code === "conflict") return "validation.unsubscribed";
  return "validation.failed";
}

function formValues(formData: FormData, keys: string[]): Record<string, string> {
  return Object.fromEntries(keys.map((key) => [key, String(formData.get(key) ?? "")]));
}

export async function createSurveyAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const keys = ["name", "brandName", "kind", "touchpoint", "defaultLocale", "template"];
  const values = formValues(formData, keys);
  let surveyId: string;
  try {
    const viewer = await requireRole("ADMIN");
    const parsed = createSurveySchema.safeParse(values);
    if (!parsed.success) return { ok: false, fieldErrors: fieldErrors(parsed.error), values };
    const survey = await createSurvey({ organizationId: viewer.organizationId, userId: viewer.userId, input: parsed.data, draft: true });
    surveyId = survey.id;
  } catch (error) {
    if (isAppError(error)) return { ok: false, error: appErrorKey(error.code), values };
    throw error;
  }
  revalidatePath("/surveys");
  redirect(`/surveys/${surveyId}/edit`);
}

/**
 * Publish / close / reopen (ADMIN+). A plain form posts here, so it works without JavaScript; a refusal
 * comes back as ?lifecycle=<error code> on the survey page, which explains it.
 */
export async function setSurveyStatusAction(surveyId: string, transition: SurveyTransition): Promise<void> {
  let error: string | null = null;
  try {
    const viewer = await requireRole("ADMIN");
    await setSurveyStatus({ organizationId: viewer.organizationId, surveyId, userId: viewer.userId, transition });
  } catch (caught) {
    if (!isAppError(caught)) throw caught;
    error = caught.code;
  }
  revalidatePath(`/surveys/${surveyId}`);
  revalidatePath("/surveys");
  redirect(`/surveys/${surveyId}${error ? `?lifecycle=${encodeURIComponent(error)}` : ""}`);
}

export async function inviteContactAction(surveyId: string, _previous: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData, ["email", "name", "locale", "delivery"]);
  try {
    const viewer = await requireRole("ADMIN");
    const parsed = contactInputSchema.safeParse({ email: values.email, name: values.name, locale: values.locale || undefined });
    if (!parsed.success) return { ok: false, fieldErrors: fieldErrors(parsed.error), values };
    // "email" (the default): the invitation goes out by email through the send queue; "link": the link only, to copy.
    const emailIt = values.delivery !== "link";
    const created = await createInvitation({
      organizationId: viewer.organizationId,
      surveyId,
      contact: parsed.data,
      ...(emailIt ? { send: { enqueue: webEnqueuer() } } : {}),
    });
    revalidatePath(`/surveys/${surveyId}`);
    return { ok: true, link: `/s/${created.invitation.token}`, email: created.contact.email ?? "", emailed: created.emailQueued, locale: created.locale };
  } catch (error) {
    if (isAppError(error)) return { ok: false, error: appErrorKey(error.code), values };
    throw error;
  }
}
