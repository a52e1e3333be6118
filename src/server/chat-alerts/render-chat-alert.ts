import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { isLocale, type Locale } from "@/i18n/locales";
import { createTranslator, type MessageKey } from "@/i18n/translate";
import { caseRef } from "@/lib/case-ref";
import { chatBody, type ChatKind, type ChatMessage } from "@/lib/chat-signatures";
import { formatDateTime } from "@/lib/format";
import { defaultMailSettings } from "@/server/distribution/mail-settings";

type Queryable = Pick<Prisma.TransactionClient, "case" | "response" | "organization">;

const COMMENT_MAX = 200;

function kindOf(kind: string): ChatKind | null {
  return kind === "WECOM" || kind === "DINGTALK" || kind === "FEISHU" ? kind : null;
}

/**
 * The chat message of an event for one channel, in the channel's language, as the provider's unsigned JSON
 * body (signed when sent: src/lib/chat-signatures.ts), or null when the event is not one chat channels show.
 * Detractor alerts carry the score, survey, unit and comment; SLA breaches the case number and due time;
 * both link to the case.
 */
export async function renderChatAlert(
  client: Queryable,
  { organizationId, kind, locale, type, data }: { organizationId: string; kind: string; locale: string; type: string; data: Record<string, unknown> },
): Promise<string | null> {
  const chat = kindOf(kind);
  if (!chat) return null;
  const language: Locale = isLocale(locale) ? locale : "zh-CN";
  const t = createTranslator(language);
  const appUrl = defaultMailSettings().appUrl;
  let message: ChatMessage | null = null;

  if (type === "response.detractor" && typeof data.responseId === "string") {
    const response = await client.response.findFirst({
      where: { organizationId, id: data.responseId },
      select: { score: true, comment: true, survey: { select: { name: true } }, unit: { select: { name: true } }, case: { select: { id: true } } },
    });
    if (!response) return null;
    const comment = response.comment ? (response.comment.length > COMMENT_MAX ? `${response.comment.slice(0, COMMENT_MAX)}…` : response.comment) : null;
    message = {
      title: t("chat.alert.detractor.title", { score: response.score ?? "–" }),
      lines: [
        t("chat.alert.detractor.survey", { survey: response.survey.name }),
        ...(response.unit ? [t("chat.alert.detractor.unit", { unit: response.unit.name })] : []),
        ...(comment ? [t("chat.alert.detractor.comment", { comment })] : []),
      ],
      link: response.case
        ? { label: t("chat.alert.openCase"), url: `${appUrl}/cases/${response.case.id}` }
        : { label: t("chat.alert.openResponse"), url: `${appUrl}/dashboard` },
    };
  } else if (type === "case.sla_breached" && typeof data.caseId === "string") {
    const found = await client.case.findFirst({ where: { organizationId, id: data.caseId }, select: { id: true, dueAt: true, status: true } });
    if (!found) return null;
    const organization = await client.organization.findUnique({ where: { id: organizationId }, select: { timeZone: true } });
    message = {
      title: t("chat.alert.sla.title", { ref: caseRef(found.id) }),
      lines: [t("chat.alert.sla.due", { due: formatDateTime(found.dueAt, language, organization?.timeZone ?? "Asia/Shanghai") }), t("chat.alert.sla.status", { status: t(`cases.status.${found.status}` as MessageKey) })],
      link: { label: t("chat.alert.openCase"), url: `${appUrl}/cases/${found.id}` },
    };
  } else if (type === "webhook.test") {
    message = { title: t("chat.alert.test.title"), lines: [], link: { label: t("chat.alert.openResponse"), url: `${appUrl}/dashboard` } };
  }
  return message ? JSON.stringify(chatBody(chat, message)) : null;
}
