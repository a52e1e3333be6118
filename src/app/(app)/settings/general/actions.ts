"use server";

import { revalidatePath } from "next/cache";
import { isAppError } from "@/lib/errors";
import type { OrgSettingsInput, OrgSettingsProblems } from "@/schemas/org-settings";
import { requireRole } from "@/server/auth/session";
import { latestAggregateRebuild, retryFailedAggregateRebuild, type AggregateRebuildView } from "@/server/org-settings/aggregate-rebuilds";
import { orgSettingsFormProblems, updateOrgSettings } from "@/server/org-settings/org-settings";
import { requestAggregateRebuildRun } from "@/server/queue/boss";

export type GeneralFormValues = Record<keyof OrgSettingsInput, string>;
export type GeneralFormState = {
  saved?: boolean;
  unchanged?: boolean;
  failed?: boolean;
  problems?: OrgSettingsProblems;
  /** What was typed, so a refused form keeps it (React resets a form after its action). */
  values?: GeneralFormValues;
  rebuild?: AggregateRebuildView | null;
};

const FIELDS = ["name", "brandZh", "brandEn", "timeZone", "defaultLocale", "minN", "suppressN", "throttleDays"] as const;

/** Saves Settings → General (ADMIN/OWNER); a new time zone queues the aggregate rebuild and wakes the worker. */
export async function saveGeneralSettingsAction(_previous: GeneralFormState, formData: FormData): Promise<GeneralFormState> {
  const values = Object.fromEntries(FIELDS.map((field) => [field, String(formData.get(field) ?? "")])) as GeneralFormValues;
  try {
    const viewer = await requireRole("ADMIN");
    const result = await updateOrgSettings({ actor: viewer, input: values });
    if (result.rebuildId) await requestAggregateRebuildRun();
    revalidatePath("/", "layout");
    return { saved: result.changed.length > 0, unchanged: result.changed.length === 0, values, rebuild: await latestAggregateRebuild(viewer.organizationId) };
  } catch (error) {
    const problems = orgSettingsFormProblems(error);
    if (problems) return { problems, values };
    if (isAppError(error)) return { failed: true, values };
    throw error;
  }
}

/** Where the organisation's last aggregate rebuild stands (the page polls it while one waits or runs). */
export async function aggregateRebuildStatusAction(): Promise<AggregateRebuildView | null> {
  const viewer = await requireRole("ADMIN");
  return latestAggregateRebuild(viewer.organizationId);
}

/** Asks again for the rebuild after one failed. */
export async function retryAggregateRebuildAction(): Promise<AggregateRebuildView | null> {
  const viewer = await requireRole("ADMIN");
  if (await retryFailedAggregateRebuild({ organizationId: viewer.organizationId, userId: viewer.userId })) await requestAggregateRebuildRun();
  return latestAggregateRebuild(viewer.organizationId);
}
