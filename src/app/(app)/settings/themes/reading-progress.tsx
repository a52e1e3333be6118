"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { usePolledStatus } from "@/components/ui/use-polled-status";
import { interpolate } from "@/i18n/interpolate";

export type ReadingProgressLabels = { label: string; running: string; done: string };

type Progress = { read: number; total: number };

/**
 * How far the worker is in reading the comments with the current taxonomy (polling its status while some are
 * left); once it is done the page is refreshed so the counts beside the themes are the new ones.
 */
export function ReadingProgress({ initial, labels, locale }: { initial: Progress; labels: ReadingProgressLabels; locale: string }) {
  const status = usePolledStatus(initial, "/settings/themes/status", (s) => s.read < s.total);
  const router = useRouter();
  const wasRunning = useRef(initial.read < initial.total);
  const running = status.read < status.total;
  useEffect(() => {
    if (wasRunning.current && !running) router.refresh();
    wasRunning.current = running;
  }, [running, router]);
  const number = (value: number) => value.toLocaleString(locale === "en" ? "en-US" : "zh-CN");
  const percent = status.total ? Math.round((100 * status.read) / status.total) : 100;
  return (
    <div
      className={`rounded-lg border px-4 py-3 text-sm ${running ? "border-blue-200 bg-blue-50 text-blue-950" : "border-green-200 bg-green-50 text-green-950"}`}
      data-testid="reading-progress"
      data-status={running ? "running" : "done"}
      role="status"
    >
      <p>{interpolate(running ? labels.running : labels.done, { read: number(status.read), total: number(status.total) })}</p>
      {running && (
        <div
          role="progressbar"
          aria-label={labels.label}
          aria-valuemin={0}
          aria-valuemax={status.total}
          aria-valuenow={status.read}
          className="mt-2 h-2 w-full overflow-hidden rounded-full bg-white"
        >
          <div className="h-full rounded-full bg-blue-700 transition-all" style={{ width: `${percent}%` }} />
        </div>
      )}
    </div>
  );
}
