"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import type { DisablePublicLinkState, PublicLinkFormState, PublicLinkMessageKey } from "@/components/surveys/public-links-form";
import type { ConfirmActionState } from "@/components/ui/confirm-action-button";
import { isAppError } from "@/lib/errors";
import { createSurveyLinkSchema, surveyLinkFieldProblems, type SurveyLinkFieldProblem } from "@/schemas/survey-link";
import { requireRole } from "@/server/auth/session";
import { createSurveyLink } from "@/server/survey-links/create-survey-link";
import { disableSurveyLink } from "@/server/survey-links/disable-survey-link";
import { setLinkHourExcluded } from "@/server/survey-links/set-link-hour-excluded";

function errorKey(code: string): PublicLinkMessageKey {
  if (code === "forbidden" || code === "unauthorized") return "links.error.forbidden";
  if (code === "not_found") return "links.error.notFound";
  return "links.error.failed";
}

const FIELD_MESSAGES = {
  name: { required: "links.error.nameRequired", tooLong: "links.error.nameTooLong" },
  channel: {},
  attributeKey: { invalidKey: "links.error.keyInvalid", missingPair: "links.error.keyMissing" },
  attributeValue: { tooLong: "links.error.valueTooLong", missingPair: "links.error.valueMissing" },
} as const satisfies Record<string, Partial<Record<SurveyLinkFieldProblem, PublicLinkMessageKey>>>;

function fieldMessage<F extends keyof typeof FIELD_MESSAGES>(field: F, problem: SurveyLinkFieldProblem | undefined, fallback: PublicLinkMessageKey) {
  if (problem === undefined) return undefined;
  const messages: Partial<Record<SurveyLinkFieldProblem, PublicLinkMessageKey>> = FIELD_MESSAGES[field];
  return messages[problem] ?? fallback;
}

const formText = (formData: FormData, name: string) => {
  const value = formData.get(name);
  return typeof value === "string" ? value : "";
};

/** Creates a public link of survey `surveyId` (bound by the page). ADMIN and OWNER only. */
export async function createPublicLinkAction(surveyId: string, _previous: PublicLinkFormState, formData: FormData): Promise<PublicLinkFormState> {
  const values = {
    name: formText(formData, "name"),
    channel: formText(formData, "channel"),
    attributeKey: formText(formData, "attributeKey"),
    attributeValue: formText(formData, "attributeValue"),
  };
  try {
    const viewer = await requireRole("ADMIN");
    const parsed = createSurveyLinkSchema.safeParse(values);
    if (!parsed.success) {
      const problems = surveyLinkFieldProblems(parsed.error);
      return {
        ok: false,
        values,
        fieldErrors: {
          name: fieldMessage("name", problems.name, "links.error.nameRequired"),
          channel: fieldMessage("channel", problems.channel, "links.error.channel"),
          attributeKey: fieldMessage("attributeKey", problems.attributeKey, "links.error.keyInvalid"),
          attributeValue: fieldMessage("attributeValue", problems.attributeValue, "links.error.valueTooLong"),
        },
      };
    }
    const link = await createSurveyLink({
      actor: { organizationId: viewer.organizationId, userId: viewer.userId, role: viewer.role },
      surveyId,
      input: parsed.data,
    });
    revalidatePath(`/surveys/${link.surveyId}/links`);
    return { ok: true, name: link.name, linkId: link.id };
  } catch (error) {
    if (isAppError(error)) return { ok: false, error: errorKey(error.code), values };
    if (error instanceof z.ZodError) return { ok: false, error: "links.error.failed", values };
    throw error;
  }
}

/** Disables one public link of survey `surveyId` (bound by the page). ADMIN and OWNER only. */
export async function disablePublicLinkAction(surveyId: string, _previous: DisablePublicLinkState, formData: FormData): Promise<DisablePublicLinkState> {
  try {
    const viewer = await requireRole("ADMIN");
    const link = await disableSurveyLink({
      actor: { organizationId: viewer.organizationId, userId: viewer.userId, role: viewer.role },
      surveyId,
      linkId: formText(formData, "id"),
    });
    revalidatePath(`/surveys/${link.surveyId}/links`);
    return { ok: true };
  } catch (error) {
    if (isAppError(error)) return { ok: false, error: errorKey(error.code) };
    throw error;
  }
}

/** What the burst actions on the links page can answer. */
export type LinkHourMessageKey = "links.error.forbidden" | "links.error.notFound" | "links.error.failed" | "links.error.burstEmpty";

/**
 * Excludes (or counts again) one hour of a public link's answers — a burst of suspicious answers. The row's
 * `id` is "<linkId>|<hour ISO>|<1 = exclude, 0 = count again>". ADMIN and OWNER only.
 */
export async function setLinkHourExcludedAction(surveyId: string, _previous: ConfirmActionState<LinkHourMessageKey>, formData: FormData): Promise<ConfirmActionState<LinkHourMessageKey>> {
  const [linkId = "", hour = "", flag = ""] = formText(formData, "id").split("|");
  try {
    const viewer = await requireRole("ADMIN");
    await setLinkHourExcluded({
      actor: { organizationId: viewer.organizationId, userId: viewer.userId, role: viewer.role },
      surveyId,
      input: { linkId, hour, excluded: flag === "1" },
    });
    revalidatePath(`/surveys/${surveyId}/links`);
    return { ok: true };
  } catch (error) {
    if (isAppError(error)) {
      const key: LinkHourMessageKey =
        error.code === "conflict" ? "links.error.burstEmpty" : error.code === "forbidden" || error.code === "unauthorized" ? "links.error.forbidden" : error.code === "not_found" ? "links.error.notFound" : "links.error.failed";
      return { ok: false, error: key };
    }
    throw error;
  }
}
