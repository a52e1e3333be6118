"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { isAppError } from "@/lib/errors";
import type { JourneyValidationKey } from "@/schemas/journey";
import { requireRole } from "@/server/auth/session";
import { deleteJourney } from "@/server/journeys/delete-journey";
import { saveJourney, type JourneyFieldErrors } from "@/server/journeys/save-journey";

/** What the editor shows after a refused save: field errors by path, or one general message key. */
export type JourneyFormState = { fieldErrors?: JourneyFieldErrors; error?: JourneyValidationKey | "notFound" | "forbidden" };

/** Creates or replaces a journey (ADMIN+). The editor posts the whole journey as JSON in "journey", and "id" when editing. */
export async function saveJourneyAction(_state: JourneyFormState, formData: FormData): Promise<JourneyFormState> {
  const viewer = await requireRole("ADMIN");
  const idValue = String(formData.get("id") ?? "");
  let input: unknown;
  try {
    input = JSON.parse(String(formData.get("journey") ?? ""));
  } catch {
    return { error: "invalid" };
  }
  let id: string;
  try {
    id = await saveJourney({ organizationId: viewer.organizationId, journeyId: idValue === "" ? null : idValue, input });
  } catch (error) {
    if (!isAppError(error)) throw error;
    if (error.code === "not_found") return { error: "notFound" };
    if (error.code === "validation_failed") {
      const details = error.details as { fieldErrors?: JourneyFieldErrors } | undefined;
      return { fieldErrors: details?.fieldErrors ?? {}, error: "invalid" };
    }
    throw error;
  }
  revalidatePath("/journeys");
  redirect(`/journeys/${id}`);
}

/** Deletes a journey (ADMIN+) and returns to the list. */
export async function deleteJourneyAction(_state: { ok: boolean; error?: "notFound" }, formData: FormData): Promise<{ ok: boolean; error?: "notFound" }> {
  const viewer = await requireRole("ADMIN");
  try {
    await deleteJourney(viewer.organizationId, String(formData.get("id") ?? ""));
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") return { ok: false, error: "notFound" };
    throw error;
  }
  revalidatePath("/journeys");
  redirect("/journeys");
}
