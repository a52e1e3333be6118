"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { isAppError } from "@/lib/errors";
import { requireRole } from "@/server/auth/session";
import { setRootCauseThemes } from "@/server/text/root-cause-themes";

/** Settings → Cases: the comment themes that suggest one root cause (issue 14); back to the root cause's row. */
export async function setRootCauseThemesAction(formData: FormData): Promise<void> {
  const rootCauseId = String(formData.get("rootCauseId") ?? "");
  let outcome = "themes=saved";
  try {
    const viewer = await requireRole("ADMIN");
    const themeKeys = formData.getAll("themeKeys").map(String);
    await setRootCauseThemes({ actor: { organizationId: viewer.organizationId, userId: viewer.userId, role: viewer.role }, input: { rootCauseId, themeKeys } });
  } catch (error) {
    if (!isAppError(error)) throw error;
    outcome = "themes=error";
  }
  revalidatePath("/settings/cases");
  redirect(`/settings/cases?${outcome}#rc-${encodeURIComponent(rootCauseId)}`);
}
