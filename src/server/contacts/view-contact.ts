import "server-only";
import { personalDataView } from "@/lib/personal-data";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import type { ContactActor } from "./actor";
import { getContact, type ContactDetail } from "./get-contact";

/**
 * A member opens a contact page: the contact as their role may see it (masked for viewers,
 * src/lib/personal-data.ts), and the view recorded in the audit log (who, when, which contact, masked or not,
 * from where) before anything is returned. Another organisation's contact is not_found and records nothing.
 */
export async function viewContact({ actor, contactId, ip }: { actor: ContactActor; contactId: string; ip?: string | null }): Promise<ContactDetail> {
  const personalData = personalDataView(actor.role);
  const detail = await getContact({ organizationId: actor.organizationId, contactId, personalData });
  await recordAuditEvent({
    organizationId: actor.organizationId,
    actorId: actor.userId,
    action: "contact.view",
    targetType: "Contact",
    targetId: detail.contact.id,
    details: { personalData, role: actor.role },
    ip,
  });
  return detail;
}
