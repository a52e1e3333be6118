"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useTransition } from "react";
import { Button } from "@/components/ui/form";
import { usePolledStatus } from "@/components/ui/use-polled-status";
import { interpolate } from "@/i18n/interpolate";
import type { AggregateRebuildView } from "@/server/org-settings/aggregate-rebuilds";
import type { AttributesLabels } from "./state";

const STATE = { PENDING: "waiting", RUNNING: "running", DONE: "done", FAILED: "failed" } as const;

/**
 * The organisation's last aggregate rebuild (the worker runs it; its row holds the state and x of y): waiting,
 * running with a progress bar (polling its status), then its outcome, with "try again" after a failure; nothing
 * before the first one.
 */
export function RebuildProgress({
  initial,
  labels,
  locale,
  retryAction,
}: {
  initial: AggregateRebuildView | null;
  labels: AttributesLabels;
  locale: string;
  retryAction: () => Promise<unknown>;
}) {
  const status = usePolledStatus(initial, "/settings/attributes/status", (s) => s?.status === "PENDING" || s?.status === "RUNNING");
  const [retrying, startRetry] = useTransition();
  const active = status?.status === "PENDING" || status?.status === "RUNNING";
  // When a rebuild seen waiting or running here ends, the page reloads its data: the combined analyses it prepared
  // are in use. (The page keys this component by the rebuild's id and state, so a new request remounts it.)
  const router = useRouter();
  const wasActive = useRef(active);
  useEffect(() => {
    if (wasActive.current && !active) router.refresh();
    wasActive.current = active;
  }, [active, router]);

  if (!status) return null;
  const state = STATE[status.status];
  const number = (value: number) => value.toLocaleString(locale === "en" ? "en-US" : "zh-CN");
  const running = status.status === "RUNNING" && status.total > 0;
  const percent = status.total ? Math.round((100 * status.done) / status.total) : 0;
  const message = {
    waiting: labels["attributes.rebuild.waiting"],
    running: running ? interpolate(labels["attributes.rebuild.running"], { done: number(status.done), total: number(status.total) }) : labels["attributes.rebuild.starting"],
    done: labels["attributes.rebuild.done"],
    failed: labels["attributes.rebuild.failed"],
  }[state];
  const tone = state === "failed" ? "border-red-200 bg-red-50 text-red-900" : state === "done" ? "border-green-200 bg-green-50 text-green-900" : "border-blue-200 bg-blue-50 text-blue-900";
  return (
    <div className={`rounded-lg border px-4 py-3 text-sm ${tone}`} data-testid="attributes-rebuild" data-status={state}>
      <p role="status" data-testid="attributes-rebuild-text">
        {message}
      </p>
      {active && (
        <div
          role="progressbar"
          aria-label={labels["attributes.rebuild.label"]}
          aria-valuemin={0}
          aria-valuemax={status.total}
          aria-valuenow={running ? status.done : undefined}
          className="mt-2 h-2 w-full overflow-hidden rounded-full bg-white"
        >
          <div className="h-full rounded-full bg-blue-600 transition-all" style={{ width: `${percent}%` }} />
        </div>
      )}
      {state === "failed" && (
        <Button type="button" variant="secondary" className="mt-3" disabled={retrying} onClick={() =>
            startRetry(async () => {
              await retryAction();
              router.refresh();
            })
          } data-testid="attributes-rebuild-retry">
          {labels["attributes.rebuild.retry"]}
        </Button>
      )}
    </div>
  );
}
