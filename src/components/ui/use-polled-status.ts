"use client";

import { useEffect, useState } from "react";

const POLL_MS = 700;
const MAX_BACKOFF_MS = 10_000;

/**
 * A background job's status, polled from `url` every 0.7 s while `isRunning(status)` holds (the contact and
 * response imports, the aggregate rebuild). A failed poll — the network, or an answer that is not 2xx (a busy
 * server's 503, a restart's 502) — is retried with a growing delay (up to 10 s) until the job is seen to end;
 * before, an answer that was not ok stopped the polling for good and the page kept showing "running".
 */
export function usePolledStatus<T>(initial: T, url: string, isRunning: (status: T) => boolean): T {
  const [status, setStatus] = useState(initial);
  const [failures, setFailures] = useState(0);
  const running = isRunning(status);
  useEffect(() => {
    if (!running) return;
    let cancelled = false;
    const delay = failures === 0 ? POLL_MS : Math.min(POLL_MS * 2 ** failures, MAX_BACKOFF_MS);
    const timer = setTimeout(async () => {
      try {
        const response = await fetch(url, { cache: "no-store" });
        if (!response.ok) throw new Error(`status poll answered ${response.status}`);
        const next = (await response.json()) as T;
        if (cancelled) return;
        setStatus(next);
        setFailures(0);
      } catch {
        if (!cancelled) setFailures((count) => count + 1);
      }
    }, delay);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [running, status, failures, url]);
  return status;
}
