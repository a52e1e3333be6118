"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { usePolledStatus } from "@/components/ui/use-polled-status";
import { interpolate } from "@/i18n/interpolate";
import type { AggregateRebuildStatus } from "@/server/attributes/aggregate-rebuild";
import type { AttributesLabels } from "./state";

/** The aggregate rebuild's progress bar while it runs (polling its status), then its outcome; nothing when idle. */
export function RebuildProgress({ initial, labels, locale }: { initial: AggregateRebuildStatus; labels: AttributesLabels; locale: string }) {
  const status = usePolledStatus(initial, "/settings/attributes/status", (s) => s.status === "running");
  const running = status.status === "running";
  // When a rebuild seen running here ends, the page reloads its data: the combined analyses it prepared are in use.
  const router = useRouter();
  const wasRunning = useRef(running);
  useEffect(() => {
    if (wasRunning.current && !running) router.refresh();
    wasRunning.current = running;
  }, [running, router]);

  if (status.status === "idle") return null;
  const number = (value: number) => value.toLocaleString(locale === "en" ? "en-US" : "zh-CN");
  const percent = status.total ? Math.round((100 * status.done) / status.total) : 0;
  const message =
    status.status === "running"
      ? status.total
        ? interpolate(labels["attributes.rebuild.running"], { done: number(status.done), total: number(status.total) })
        : labels["attributes.rebuild.starting"]
      : status.status === "done"
        ? labels["attributes.rebuild.done"]
        : labels["attributes.rebuild.failed"];
  const tone = status.status === "failed" ? "border-red-200 bg-red-50 text-red-900" : status.status === "done" ? "border-green-200 bg-green-50 text-green-900" : "border-blue-200 bg-blue-50 text-blue-900";
  return (
    <div className={`rounded-lg border px-4 py-3 text-sm ${tone}`} data-testid="attributes-rebuild" data-status={status.status} role="status">
      <p>{message}</p>
      {running && (
        <div
          role="progressbar"
          aria-label={labels["attributes.rebuild.label"]}
          aria-valuemin={0}
          aria-valuemax={status.total}
          aria-valuenow={status.done}
          className="mt-2 h-2 w-full overflow-hidden rounded-full bg-white"
        >
          <div className="h-full rounded-full bg-blue-600 transition-all" style={{ width: `${percent}%` }} />
        </div>
      )}
    </div>
  );
}
