"use server";

import { isAppError } from "@/lib/errors";
import { currentAuditIp } from "@/server/audit/request-context";
import { completeSetup, setupProblems, type SetupProblems } from "@/server/setup/first-run";

export type SetupState = { ok?: true; email?: string; gone?: true; problems?: SetupProblems };

/** First-run setup: creates the organisation and its owner; the form then signs the owner in. */
export async function setupAction(_previous: SetupState, formData: FormData): Promise<SetupState> {
  const field = (name: string) => String(formData.get(name) ?? "");
  try {
    const result = await completeSetup({
      input: {
        organizationName: field("organizationName"),
        brandZh: field("brandZh"),
        brandEn: field("brandEn"),
        timeZone: field("timeZone"),
        defaultLocale: field("defaultLocale"),
        ownerName: field("ownerName"),
        ownerEmail: field("ownerEmail"),
        password: field("password"),
      },
      ip: await currentAuditIp(),
    });
    return { ok: true, email: result.email };
  } catch (error) {
    const problems = setupProblems(error);
    if (problems) return { problems };
    if (isAppError(error) && error.code === "not_found") return { gone: true };
    throw error;
  }
}
