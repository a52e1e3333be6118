"use server";

import { isAppError } from "@/lib/errors";
import { currentAuditIp } from "@/server/audit/request-context";
import { completeSetup, setupProblems, type SetupProblems } from "@/server/setup/first-run";

/** `values`: what was typed (never the password), so a refused form keeps it (React resets a form after its action). */
export type SetupState = { ok?: true; email?: string; gone?: true; problems?: SetupProblems; values?: Record<string, string> };

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
    if (problems) {
      const values = Object.fromEntries(["organizationName", "brandZh", "brandEn", "timeZone", "defaultLocale", "ownerName", "ownerEmail"].map((name) => [name, field(name)]));
      return { problems, values };
    }
    if (isAppError(error) && error.code === "not_found") return { gone: true };
    throw error;
  }
}
