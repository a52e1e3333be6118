import "server-only";
import { randomUUID } from "node:crypto";
import { renderCaseReplyEmail } from "@/emails/case-reply-email";
import { brandIn } from "@/lib/brand";
import { fillReplyTemplate } from "@/lib/case-rules";
import { AppError } from "@/lib/errors";
import { caseReplySchema } from "@/schemas/case";
import { db } from "@/server/db";
import { defaultMailSettings, type MailSettings } from "@/server/distribution/mail-settings";
import { createSmtpTransport, describeMailError, type MailTransport } from "@/server/email/transport";
import { loadCaseFor, type CaseActor } from "./case-actor";
import { invalidInput } from "./invalid-input";

/** The reply could not be handed to the mail server (nothing was recorded; the owner may try again). */
export class ReplySendError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ReplySendError";
  }
}

export type SendCaseReplyOptions = {
  actor: CaseActor;
  input: unknown;
  transport?: MailTransport;
  settings?: MailSettings;
  now?: Date;
};

/**
 * Closes the loop with the customer: sends the owner's reply (a template's text, edited; {name} and {brand}
 * filled) to the respondent's email as escaped HTML and plain text, with the owner as Reply-To — the
 * customer's answer goes to a person, never into the survey. Recorded as a REPLY_SENT event; the first
 * reply of an OPEN case also marks it CONTACTED. Refused (forbidden, reason "no_consent") when the respondent did
 * not agree to be contacted.
 */
export async function sendCaseReply({ actor, input, transport, settings = defaultMailSettings(), now = new Date() }: SendCaseReplyOptions) {
  const parsed = caseReplySchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error);
  const data = parsed.data;
  const head = await loadCaseFor(db, actor, data.caseId, { act: true });
  const c = await db.case.findUniqueOrThrow({
    where: { organizationId_id: { organizationId: actor.organizationId, id: head.id } },
    select: {
      response: {
        select: { contactConsent: true, contact: { select: { email: true, name: true, erasedAt: true } }, survey: { select: { brandName: true, brandNames: true } } },
      },
    },
  });
  const contact = c.response.contact;
  if (!contact?.email || contact.erasedAt) {
    throw new AppError("validation_failed", "to: This response has no customer email to reply to.", { fields: ["to"] });
  }
  if (data.templateId) {
    const template = await db.replyTemplate.findFirst({ where: { organizationId: actor.organizationId, id: data.templateId }, select: { id: true } });
    if (!template) throw new AppError("validation_failed", "templateId: Choose a template from the list.", { fields: ["templateId"] });
  }
  // PIPL: only a customer who agreed to be contacted gets a reply; the case is still worked internally.
  if (!c.response.contactConsent) {
    throw new AppError("forbidden", "The customer did not agree to be contacted; no reply can be sent.", { reason: "no_consent" });
  }
  const sender = await db.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { email: true, name: true } });
  const values = { name: contact.name?.trim() || contact.email, brand: brandIn(c.response.survey, data.locale) };
  const mail = renderCaseReplyEmail({
    locale: data.locale,
    subject: fillReplyTemplate(data.subject, values),
    body: fillReplyTemplate(data.body, values),
  });
  const domain = /@([A-Za-z0-9.-]+)>?\s*$/.exec(settings.from)?.[1] ?? "echo-nps.localhost";
  const messageId = `<case-reply-${randomUUID()}@${domain}>`;
  const ownTransport = transport ?? createSmtpTransport();
  try {
    await ownTransport.send({
      from: settings.from,
      to: contact.email,
      subject: mail.subject,
      html: mail.html,
      text: mail.text,
      headers: { "Reply-To": `${sender.name.replace(/["\r\n<>]/g, "")} <${sender.email}>`, "Auto-Submitted": "no" },
      messageId,
    });
  } catch (error) {
    throw new ReplySendError(describeMailError(error));
  } finally {
    if (!transport) ownTransport.close();
  }
  return db.$transaction(async (tx) => {
    const event = await tx.caseEvent.create({
      data: {
        organizationId: actor.organizationId,
        caseId: head.id,
        kind: "REPLY_SENT",
        actorId: actor.userId,
        body: mail.text,
        data: { subject: mail.subject, locale: data.locale, to: contact.email, templateId: data.templateId ?? null, messageId },
        createdAt: now,
      },
    });
    const contacted = await tx.case.updateMany({
      where: { id: head.id, organizationId: actor.organizationId, status: "OPEN" },
      data: { status: "CONTACTED", firstContactAt: head.firstContactAt ?? now },
    });
    if (contacted.count === 1) {
      await tx.caseEvent.create({
        data: { organizationId: actor.organizationId, caseId: head.id, kind: "STATUS", actorId: actor.userId, data: { from: "OPEN", to: "CONTACTED" }, createdAt: now },
      });
    } else if (!head.firstContactAt) {
      await tx.case.updateMany({ where: { id: head.id, organizationId: actor.organizationId, firstContactAt: null }, data: { firstContactAt: now } });
    }
    return { eventId: event.id, messageId };
  });
}
