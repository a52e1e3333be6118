import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Card, PageHeader } from "@/components/ui/card";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { en } from "@/i18n/messages/en";
import type { MessageKey, Translate } from "@/i18n/translate";
import { durationParts } from "@/lib/duration";
import { formatDateTime, formatNumber } from "@/lib/format";
import { hasRole } from "@/lib/roles";
import { requireUser } from "@/server/auth/session";
import { getTranslator } from "@/server/i18n/request-locale";
import { getSystemStatus, WORKER_SILENT_AFTER_SECONDS } from "@/server/system/get-system-status";

export const metadata: Metadata = { title: "System · 系统状态" };
// Always the state of this moment.
export const dynamic = "force-dynamic";

function duration(t: Translate, seconds: number): string {
  const { unit, n } = durationParts(seconds);
  return t(`system.duration.${unit}`, { n });
}

function queueLabel(t: Translate, name: string): string {
  const key = `system.queue.${name}`;
  // A queue added later without its own label is shown by its name.
  return key in en ? t(key as MessageKey) : name;
}

/** Settings → System: the worker's heartbeat and the queue's depth. ADMIN and OWNER only; others get the 404 page. */
export default async function SystemPage() {
  const viewer = await requireUser();
  if (!hasRole(viewer.role, "ADMIN")) notFound();
  const { t, locale } = await getTranslator();
  const status = await getSystemStatus({ organizationId: viewer.organizationId, role: viewer.role });
  const when = (date: Date) => formatDateTime(date, locale, viewer.timeZone);
  const latest = status.workers[0];
  const stateBadge = (silent: boolean) => (
    <span
      className={`inline-flex items-center gap-1.5 rounded-full px-2.5 py-0.5 text-xs font-semibold ${silent ? "bg-amber-100 text-amber-950" : "bg-emerald-100 text-emerald-900"}`}
    >
      <span aria-hidden="true" className={`h-2 w-2 rounded-full ${silent ? "bg-amber-600" : "bg-emerald-600"}`} />
      {silent ? t("system.worker.silent") : t("system.worker.running")}
    </span>
  );
  return (
    <>
      <PageHeader title={t("system.title")} subtitle={t("system.subtitle")} />
      <div className="space-y-6">
        <Card title={t("system.worker.title")} actions={stateBadge(status.silent)}>
          <div data-testid="system-worker" data-silent={status.silent ? "true" : "false"} className="space-y-4 text-sm">
            <dl className="grid gap-1 sm:grid-cols-[max-content_1fr] sm:gap-x-6">
              <dt className="text-slate-600">{t("system.worker.lastHeartbeat")}</dt>
              <dd className="font-medium text-slate-900" data-testid="system-last-heartbeat">
                {latest ? t("system.worker.lastHeartbeatValue", { time: when(latest.lastSeenAt), ago: duration(t, latest.secondsSince) }) : t("system.worker.never")}
              </dd>
            </dl>
            {status.silent && <p className="rounded-lg bg-amber-50 p-3 text-amber-950">{t("system.worker.silentHelp")}</p>}
            {status.workers.length > 0 && (
              <div>
                <h3 className="mb-2 font-medium text-slate-900">{t("system.worker.instances")}</h3>
                <Table
                  testId="system-workers"
                  head={
                    <>
                      <Th>{t("system.worker.started")}</Th>
                      <Th>{t("system.worker.lastSeen")}</Th>
                      <Th>{t("system.worker.state")}</Th>
                    </>
                  }
                >
                  {status.workers.map((worker) => (
                    <Tr key={worker.id}>
                      <Td className="whitespace-nowrap">{when(worker.startedAt)}</Td>
                      <Td className="whitespace-nowrap">{t("system.worker.lastHeartbeatValue", { time: when(worker.lastSeenAt), ago: duration(t, worker.secondsSince) })}</Td>
                      <Td>{stateBadge(worker.secondsSince > WORKER_SILENT_AFTER_SECONDS)}</Td>
                    </Tr>
                  ))}
                </Table>
              </div>
            )}
          </div>
        </Card>
        <Card title={t("system.queues.title")} description={t("system.queues.description")}>
          {status.queueInstalled ? (
            <Table
              testId="system-queues"
              head={
                <>
                  <Th>{t("system.queues.name")}</Th>
                  <Th className="text-right">{t("system.queues.waiting")}</Th>
                  <Th className="text-right">{t("system.queues.active")}</Th>
                  <Th className="text-right">{t("system.queues.failed")}</Th>
                  <Th className="text-right">{t("system.queues.oldest")}</Th>
                </>
              }
            >
              {status.queues.map((queue) => (
                <Tr key={queue.name}>
                  <Td data-queue={queue.name}>{queueLabel(t, queue.name)}</Td>
                  <Td className="text-right tabular-nums">{formatNumber(queue.waiting, locale)}</Td>
                  <Td className="text-right tabular-nums">{formatNumber(queue.active, locale)}</Td>
                  <Td className={`text-right tabular-nums ${queue.failed > 0 ? "font-semibold text-red-800" : ""}`}>{formatNumber(queue.failed, locale)}</Td>
                  <Td className="text-right tabular-nums whitespace-nowrap">
                    {queue.oldestWaitingSeconds === null ? t("system.queues.none") : duration(t, queue.oldestWaitingSeconds)}
                  </Td>
                </Tr>
              ))}
            </Table>
          ) : (
            <p className="text-sm text-slate-600">{t("system.queues.notInstalled")}</p>
          )}
        </Card>
      </div>
    </>
  );
}
