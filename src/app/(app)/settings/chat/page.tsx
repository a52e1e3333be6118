import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Card, PageHeader } from "@/components/ui/card";
import type { MessageKey } from "@/i18n/translate";
import { hasRole } from "@/lib/roles";
import { CHAT_EVENTS } from "@/schemas/webhooks";
import { requireUser } from "@/server/auth/session";
import { getTranslator } from "@/server/i18n/request-locale";
import { listDeliveries } from "@/server/webhooks/deliveries";
import { listWebhooks } from "@/server/webhooks/manage-webhooks";
import { listChatUnits } from "@/server/chat-alerts/list-chat-units";
import { createChatChannelAction } from "../webhooks/actions";
import { EndpointList } from "../webhooks/endpoint-list";
import { CreateChatChannelForm } from "../webhooks/webhook-forms";

export const metadata: Metadata = { title: "Chat alerts · 群聊提醒" };

/** Settings → Chat alerts (企业微信 / 钉钉 / 飞书 robots): ADMIN and OWNER only. */
export default async function ChatAlertsPage() {
  const viewer = await requireUser();
  if (!hasRole(viewer.role, "ADMIN")) notFound();
  const { t, locale } = await getTranslator();
  const actor = { organizationId: viewer.organizationId, role: viewer.role };
  const channels = await listWebhooks({ actor, kind: "chat" });
  const deliveries = new Map(await Promise.all(channels.map(async (e) => [e.id, await listDeliveries({ actor, endpointId: e.id, limit: 20 })] as const)));
  const units = await listChatUnits(viewer.organizationId);
  const unitName = new Map(units.map((u) => [u.id, u.label]));
  const kinds = (["WECOM", "DINGTALK", "FEISHU"] as const).map((id) => ({ id, label: t(`chat.kind.${id}` as MessageKey) }));
  return (
    <>
      <PageHeader title={t("chat.title")} subtitle={t("chat.subtitle")} />
      <div className="space-y-6">
        <Card title={t("chat.create.submit")}>
          <CreateChatChannelForm
            action={createChatChannelAction}
            kinds={kinds}
            units={units}
            events={CHAT_EVENTS}
            labels={{
              kind: t("chat.field.kind"),
              url: t("chat.field.url"),
              secret: t("chat.field.secret"),
              unit: t("chat.field.unit"),
              unitAll: t("chat.field.unitAll"),
              locale: t("chat.field.locale"),
              events: t("webhooks.field.events"),
              submit: t("chat.create.submit"),
              error: { invalid: t("webhooks.error.invalid"), failed: t("webhooks.error.failed") },
              copy: t("webhooks.copy"),
              copied: t("webhooks.copied"),
              secretLabel: t("webhooks.secret"),
              created: t("webhooks.created"),
            }}
          />
        </Card>
        <section className="space-y-3">
          <h2 className="text-base font-semibold text-slate-900">{t("chat.title")}</h2>
          {channels.length === 0 ? (
            <p className="text-sm text-slate-600">{t("chat.list.empty")}</p>
          ) : (
            <EndpointList
              endpoints={channels}
              deliveries={deliveries}
              t={t}
              locale={locale}
              timeZone={viewer.timeZone}
              from="chat"
              // The robot URL holds its key: only the host is shown.
              describe={(c) => `${t(`chat.kind.${c.kind}` as MessageKey)} · ${new URL(c.url).host} · ${c.unitId ? (unitName.get(c.unitId) ?? "") : t("chat.field.unitAll")} · ${c.locale}`}
            />
          )}
        </section>
      </div>
    </>
  );
}
