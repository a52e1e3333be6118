"use server";

import { revalidatePath } from "next/cache";
import { isAppError } from "@/lib/errors";
import { contactIdSchema } from "@/schemas/contact";
import { requireRole } from "@/server/auth/session";
import { eraseContact } from "@/server/contacts/erase-contact";

export type EraseContactState = {
  ok: boolean;
  error?: "contacts.detail.erase.mismatch" | "contacts.detail.erase.forbidden" | "contacts.detail.erase.notFound" | "contacts.detail.erase.failed";
  responsesKept?: number;
  commentsRemoved?: number;
};

/** The confirm step's form: contactId and confirm=ERASE. */
export async function eraseContactAction(_previous: EraseContactState, formData: FormData): Promise<EraseContactState> {
  if (formData.get("confirm") !== "ERASE") return { ok: false, error: "contacts.detail.erase.mismatch" };
  const id = contactIdSchema.safeParse(formData.get("contactId"));
  if (!id.success) return { ok: false, error: "contacts.detail.erase.notFound" };
  try {
    const viewer = await requireRole("ADMIN");
    const result = await eraseContact({
      actor: { organizationId: viewer.organizationId, userId: viewer.userId, role: viewer.role },
      contactId: id.data,
    });
    revalidatePath(`/contacts/${id.data}`);
    revalidatePath("/contacts");
    return { ok: true, responsesKept: result.responsesKept, commentsRemoved: result.commentsRemoved };
  } catch (error) {
    if (!isAppError(error)) throw error;
    if (error.code === "forbidden" || error.code === "unauthorized") return { ok: false, error: "contacts.detail.erase.forbidden" };
    if (error.code === "not_found") return { ok: false, error: "contacts.detail.erase.notFound" };
    return { ok: false, error: "contacts.detail.erase.failed" };
  }
}
