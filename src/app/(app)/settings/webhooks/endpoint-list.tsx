import { Card } from "@/components/ui/card";
import { Button } from "@/components/ui/form";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import type { Locale } from "@/i18n/locales";
import type { MessageKey, Translate } from "@/i18n/translate";
import { formatDateTime } from "@/lib/format";
import type { DeliverySummary } from "@/server/webhooks/deliveries";
import type { WebhookSummary } from "@/server/webhooks/manage-webhooks";
import { deleteWebhookAction, enableWebhookAction, replayDeliveryAction, rotateWebhookAction, sendTestAction } from "./actions";
import { RotateSecretForm } from "./webhook-forms";

const STATUS_STYLE: Record<string, string> = {
  SUCCEEDED: "bg-emerald-50 text-emerald-800",
  PENDING: "bg-amber-50 text-amber-800",
  FAILED: "bg-red-50 text-red-800",
};

/** Endpoints (or chat channels) with their actions and latest deliveries: status, response code, duration, replay. */
export function EndpointList({
  endpoints,
  deliveries,
  t,
  locale,
  timeZone,
  from,
  describe,
}: {
  endpoints: WebhookSummary[];
  deliveries: Map<string, DeliverySummary[]>;
  t: Translate;
  locale: Locale;
  timeZone: string;
  from: "webhooks" | "chat";
  describe: (endpoint: WebhookSummary) => string;
}) {
  const when = (iso: string | null) => (iso ? formatDateTime(new Date(iso), locale, timeZone) : "–");
  const common = { error: { invalid: t("webhooks.error.invalid"), failed: t("webhooks.error.failed") }, copy: t("webhooks.copy"), copied: t("webhooks.copied"), secretLabel: t("webhooks.secret"), created: t("webhooks.rotated") };
  return (
    <div className="space-y-4" data-testid="webhook-endpoints">
      {endpoints.map((endpoint) => {
        const log = deliveries.get(endpoint.id) ?? [];
        return (
          <Card key={endpoint.id} className="min-w-0">
            <div className="space-y-3" data-testid="webhook-endpoint">
              <div className="flex flex-wrap items-start justify-between gap-3">
                <div className="min-w-0">
                  <p className="break-all font-mono text-sm text-slate-900" data-testid="webhook-url">
                    {describe(endpoint)}
                  </p>
                  {endpoint.description && <p className="text-sm text-slate-600">{endpoint.description}</p>}
                  <p className="mt-1 flex flex-wrap gap-1">
                    {endpoint.events.map((event) => (
                      <span key={event} className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-700">
                        {event}
                      </span>
                    ))}
                  </p>
                </div>
                <span
                  className={`rounded-full px-2 py-0.5 text-xs font-medium ${endpoint.disabledAt ? "bg-red-50 text-red-800" : "bg-emerald-50 text-emerald-800"}`}
                  data-testid="webhook-state"
                >
                  {endpoint.disabledAt ? t("webhooks.state.disabled") : t("webhooks.state.active")}
                </span>
              </div>
              <div className="flex flex-wrap items-start gap-2">
                {endpoint.disabledAt ? (
                  <form action={enableWebhookAction}>
                    <input type="hidden" name="id" value={endpoint.id} />
                    <input type="hidden" name="from" value={from} />
                    <Button type="submit" variant="secondary" className="px-2 py-1 text-xs">
                      {t("webhooks.action.enable")}
                    </Button>
                  </form>
                ) : (
                  <form action={sendTestAction}>
                    <input type="hidden" name="id" value={endpoint.id} />
                    <input type="hidden" name="from" value={from} />
                    <Button type="submit" variant="secondary" className="px-2 py-1 text-xs" data-testid="webhook-send-test">
                      {t("webhooks.action.test")}
                    </Button>
                  </form>
                )}
                {endpoint.kind === "STANDARD" && <RotateSecretForm action={rotateWebhookAction} id={endpoint.id} label={t("webhooks.action.rotate")} labels={common} />}
                <form action={deleteWebhookAction}>
                  <input type="hidden" name="id" value={endpoint.id} />
                  <input type="hidden" name="from" value={from} />
                  <Button type="submit" variant="secondary" className="px-2 py-1 text-xs text-red-800">
                    {t("webhooks.action.delete")}
                  </Button>
                </form>
              </div>
              <details open={log.length > 0} className="min-w-0">
                <summary className="cursor-pointer text-sm font-medium text-slate-800">{t("webhooks.log.title")}</summary>
                {log.length === 0 ? (
                  <p className="mt-2 text-sm text-slate-600">{t("webhooks.log.empty")}</p>
                ) : (
                  <div className="mt-2 overflow-x-auto focus-visible:outline focus-visible:outline-2 focus-visible:outline-blue-600" tabIndex={0}>
                    <Table
                      testId="webhook-deliveries"
                      head={
                        <>
                          <Th>{t("webhooks.log.event")}</Th>
                          <Th>{t("webhooks.log.status")}</Th>
                          <Th>{t("webhooks.log.code")}</Th>
                          <Th>{t("webhooks.log.duration")}</Th>
                          <Th>{t("webhooks.log.attempts")}</Th>
                          <Th>{t("webhooks.log.at")}</Th>
                          <Th>
                            <span className="sr-only">{t("webhooks.log.replay")}</span>
                          </Th>
                        </>
                      }
                    >
                      {log.map((delivery) => (
                        <Tr key={delivery.id}>
                          <Td className="font-mono text-xs">{delivery.eventType}</Td>
                          <Td>
                            <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${STATUS_STYLE[delivery.status] ?? ""}`} data-testid="delivery-status">
                              {t(`webhooks.status.${delivery.status}` as MessageKey)}
                            </span>
                            {delivery.error && <span className="block max-w-xs truncate text-xs text-slate-500" title={delivery.error}>{delivery.error}</span>}
                          </Td>
                          <Td className="font-mono text-xs" data-testid="delivery-code">{delivery.responseCode ?? "–"}</Td>
                          <Td className="text-xs">{delivery.durationMs === null ? "–" : `${delivery.durationMs} ms`}</Td>
                          <Td className="text-xs">{delivery.attempts}</Td>
                          <Td className="text-xs">{when(delivery.lastAttemptAt)}</Td>
                          <Td>
                            <form action={replayDeliveryAction}>
                              <input type="hidden" name="deliveryId" value={delivery.id} />
                              <input type="hidden" name="from" value={from} />
                              <button type="submit" className="text-xs font-medium text-blue-800 hover:underline">
                                {t("webhooks.log.replay")}
                              </button>
                            </form>
                          </Td>
                        </Tr>
                      ))}
                    </Table>
                  </div>
                )}
              </details>
            </div>
          </Card>
        );
      })}
    </div>
  );
}
