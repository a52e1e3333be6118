"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { isAppError } from "@/lib/errors";
import { splitKeywords } from "@/schemas/taxonomy";
import { requireRole } from "@/server/auth/session";
import { requestCommentReading } from "@/server/queue/boss";
import { addThemeKeyword, applyThemeTemplate, saveTheme, type TaxonomyActor } from "@/server/text/update-taxonomy";

const PATH = "/settings/themes";

const text = (formData: FormData, name: string) => String(formData.get(name) ?? "");

/** Runs an edit as an ADMIN, asks the worker to read the comments again, and comes back with the outcome. */
async function edit(run: (actor: TaxonomyActor) => Promise<unknown>, anchor = ""): Promise<never> {
  let outcome: string;
  try {
    const viewer = await requireRole("ADMIN");
    await run({ organizationId: viewer.organizationId, role: viewer.role });
    await requestCommentReading();
    outcome = "saved=1";
  } catch (error) {
    if (!isAppError(error)) throw error;
    const code =
      error.code === "forbidden" || error.code === "unauthorized"
        ? "forbidden"
        : error.code === "conflict"
          ? "exists"
          : error.code === "not_found"
            ? "notFound"
            : "invalid";
    outcome = `error=${code}`;
  }
  revalidatePath(PATH);
  redirect(`${PATH}?${outcome}${anchor}`);
}

export async function addKeywordAction(formData: FormData): Promise<void> {
  const key = text(formData, "key");
  await edit((actor) => addThemeKeyword({ actor, input: { key, keyword: text(formData, "keyword") } }), `#theme-${key}`);
}

export async function saveThemeAction(formData: FormData): Promise<void> {
  const create = text(formData, "mode") === "create";
  const input = {
    key: text(formData, "key"),
    labelZh: text(formData, "labelZh"),
    labelEn: text(formData, "labelEn"),
    keywords: splitKeywords(text(formData, "keywords")),
    exclusions: splitKeywords(text(formData, "exclusions")),
  };
  await edit((actor) => saveTheme({ actor, input, create }), create ? "" : `#theme-${input.key}`);
}

export async function applyTemplateAction(formData: FormData): Promise<void> {
  await edit((actor) => applyThemeTemplate({ actor, input: { industry: text(formData, "industry") } }));
}
