import "server-only";
import { brandIn } from "@/lib/brand";
import { isOverdue, type CasePriorityName, type CaseStatusName } from "@/lib/case-rules";
import { AppError } from "@/lib/errors";
import { maskContactDetails, personalDataView } from "@/lib/personal-data";
import { caseIdSchema } from "@/schemas/case";
import { db } from "@/server/db";
import { caseThemes } from "@/server/text/root-cause-themes";
import { canActOnCase, visibleCasesWhere, type CaseActor } from "./case-actor";
import { ensureCaseDefaults } from "./ensure-case-defaults";

export type CaseEventView = {
  id: string;
  kind: "OPENED" | "ASSIGNED" | "STATUS" | "NOTE" | "ROOT_CAUSE" | "REPLY_SENT" | "ESCALATED";
  actorName: string | null;
  body: string | null;
  data: Record<string, unknown>;
  createdAt: Date;
};

export type CaseDetail = Awaited<ReturnType<typeof getCase>>;

function localizedText(value: unknown, locale: string): string {
  if (typeof value === "string") return value;
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    const text = record[locale] ?? record["zh-CN"] ?? record.en ?? Object.values(record)[0];
    return typeof text === "string" ? text : "";
  }
  return "";
}

/** Question wording with the brand in place of {brand}. */
function fillBrand(text: string, brand: string): string {
  return text.replaceAll("{brand}", brand);
}

function answerText(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value) ?? "";
}

/** A case the actor may see, with its response, timeline, the root-cause list and the reply templates. */
export async function getCase({ actor, caseId, locale, now = new Date() }: { actor: CaseActor; caseId: string; locale: string; now?: Date }) {
  const id = caseIdSchema.safeParse(caseId);
  if (!id.success) throw new AppError("not_found", "Case not found.");
  const c = await db.case.findFirst({
    where: { AND: [visibleCasesWhere(actor), { id: id.data }] },
    select: {
      id: true,
      status: true,
      priority: true,
      dueAt: true,
      createdAt: true,
      firstContactAt: true,
      resolvedAt: true,
      closedAt: true,
      escalatedAt: true,
      escalatedToId: true,
      ownerId: true,
      rootCauseId: true,
      owner: { select: { name: true, email: true } },
      unit: { select: { name: true, code: true } },
      rule: { select: { name: true } },
      response: {
        select: {
          id: true,
          score: true,
          category: true,
          comment: true,
          locale: true,
          channel: true,
          touchpoint: true,
          attributes: true,
          contactConsent: true,
          consentAt: true,
          consentVersion: true,
          consentLocale: true,
          consentText: true,
          createdAt: true,
          survey: { select: { name: true, brandName: true, brandNames: true } },
          contact: { select: { name: true, email: true, phone: true, erasedAt: true } },
          employee: { select: { name: true, code: true } },
          answers: { select: { value: true, question: { select: { key: true, text: true, position: true } } } },
        },
      },
      events: {
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        select: { id: true, kind: true, body: true, data: true, createdAt: true, actor: { select: { name: true } } },
      },
    },
  });
  if (!c) throw new AppError("not_found", "Case not found.");
  await ensureCaseDefaults(actor.organizationId);
  const [rootCauses, templates, escalatedTo, themes] = await Promise.all([
    db.rootCause.findMany({ where: { organizationId: actor.organizationId }, orderBy: { createdAt: "asc" }, select: { id: true, key: true, label: true, active: true } }),
    db.replyTemplate.findMany({
      where: { organizationId: actor.organizationId },
      orderBy: [{ locale: "asc" }, { createdAt: "asc" }],
      select: { id: true, name: true, locale: true, subject: true, body: true },
    }),
    c.escalatedToId ? db.user.findUnique({ where: { id: c.escalatedToId }, select: { name: true } }) : Promise.resolve(null),
    // The comment's themes and the root cause mapped from them (issue 14).
    caseThemes({ organizationId: actor.organizationId, responseId: c.response.id, locale }),
  ]);
  const contact = c.response.contact && !c.response.contact.erasedAt ? c.response.contact : null;
  // Contact details only for roles that need them, and for the case's own owner (src/lib/personal-data.ts).
  const personalData = personalDataView(actor.role, { ownsCase: c.ownerId === actor.userId });
  // The brand as a reader of the page's language knows it (src/lib/brand.ts).
  const brand = brandIn(c.response.survey, locale);
  return {
    id: c.id,
    status: c.status as CaseStatusName,
    priority: c.priority as CasePriorityName,
    dueAt: c.dueAt,
    createdAt: c.createdAt,
    firstContactAt: c.firstContactAt,
    resolvedAt: c.resolvedAt,
    closedAt: c.closedAt,
    escalatedAt: c.escalatedAt,
    escalatedToName: escalatedTo?.name ?? null,
    overdue: isOverdue(c, now),
    ownerId: c.ownerId,
    ownerName: c.owner?.name ?? null,
    unitName: c.unit ? `${c.unit.name} (${c.unit.code})` : null,
    ruleName: c.rule?.name ?? null,
    rootCauseId: c.rootCauseId,
    themes: themes.themes,
    suggestedRootCause: themes.suggestedRootCause,
    canAct: canActOnCase(actor, c),
    response: {
      id: c.response.id,
      score: c.response.score,
      category: c.response.category,
      comment: c.response.comment,
      locale: c.response.locale,
      channel: c.response.channel,
      touchpoint: c.response.touchpoint,
      contactConsent: c.response.contactConsent,
      /** The consent as given (wording, version, language, time); null without consent. */
      consent:
        c.response.contactConsent && c.response.consentAt
          ? { at: c.response.consentAt, version: c.response.consentVersion, locale: c.response.consentLocale, text: c.response.consentText }
          : null,
      /** A reply can go out: the customer agreed to be contacted and has an email (send-case-reply checks it again). */
      canReply: c.response.contactConsent && Boolean(contact?.email),
      createdAt: c.response.createdAt,
      surveyName: c.response.survey.name,
      brand,
      employee: c.response.employee ? `${c.response.employee.name} (${c.response.employee.code})` : null,
      contact: contact ? maskContactDetails({ name: contact.name, email: contact.email, phone: contact.phone }, personalData) : null,
      personalData,
      answers: c.response.answers
        .sort((a, b) => a.question.position - b.question.position)
        .map((answer) => ({ key: answer.question.key, question: fillBrand(localizedText(answer.question.text, locale), brand), value: answerText(answer.value) })),
    },
    events: c.events.map(
      (event): CaseEventView => ({
        id: event.id,
        kind: event.kind,
        actorName: event.actor?.name ?? null,
        body: event.body,
        data: typeof event.data === "object" && event.data !== null && !Array.isArray(event.data) ? (event.data as Record<string, unknown>) : {},
        createdAt: event.createdAt,
      }),
    ),
    rootCauses: rootCauses.map((cause) => ({ id: cause.id, key: cause.key, label: localizedText(cause.label, locale), active: cause.active })),
    templates,
  };
}
