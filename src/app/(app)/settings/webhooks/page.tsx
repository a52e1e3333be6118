import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Card, PageHeader } from "@/components/ui/card";
import { hasRole } from "@/lib/roles";
import { WEBHOOK_EVENTS } from "@/schemas/webhooks";
import { requireUser } from "@/server/auth/session";
import { getTranslator } from "@/server/i18n/request-locale";
import { listDeliveries } from "@/server/webhooks/deliveries";
import { listWebhooks } from "@/server/webhooks/manage-webhooks";
import { createWebhookAction } from "./actions";
import { EndpointList } from "./endpoint-list";
import { CreateWebhookForm } from "./webhook-forms";

export const metadata: Metadata = { title: "Webhooks · Webhook 推送" };

/** Settings → Webhooks: ADMIN and OWNER only (others get the 404 page). */
export default async function WebhooksPage() {
  const viewer = await requireUser();
  if (!hasRole(viewer.role, "ADMIN")) notFound();
  const { t, locale } = await getTranslator();
  const actor = { organizationId: viewer.organizationId, role: viewer.role };
  const endpoints = await listWebhooks({ actor });
  const deliveries = new Map(await Promise.all(endpoints.map(async (e) => [e.id, await listDeliveries({ actor, endpointId: e.id, limit: 20 })] as const)));
  return (
    <>
      <PageHeader title={t("webhooks.title")} subtitle={t("webhooks.subtitle")} />
      <div className="space-y-6">
        <Card title={t("webhooks.create.title")}>
          <CreateWebhookForm
            action={createWebhookAction}
            events={WEBHOOK_EVENTS}
            labels={{
              url: t("webhooks.field.url"),
              description: t("webhooks.field.description"),
              events: t("webhooks.field.events"),
              submit: t("webhooks.create.submit"),
              error: { invalid: t("webhooks.error.invalid"), failed: t("webhooks.error.failed") },
              copy: t("webhooks.copy"),
              copied: t("webhooks.copied"),
              secretLabel: t("webhooks.secret"),
              created: t("webhooks.created"),
            }}
          />
        </Card>
        <section className="space-y-3">
          <h2 className="text-base font-semibold text-slate-900">{t("webhooks.list.title")}</h2>
          {endpoints.length === 0 ? (
            <p className="text-sm text-slate-600">{t("webhooks.list.empty")}</p>
          ) : (
            <EndpointList endpoints={endpoints} deliveries={deliveries} t={t} locale={locale} timeZone={viewer.timeZone} from="webhooks" describe={(e) => e.url} />
          )}
        </section>
      </div>
    </>
  );
}
