"use client";

import { useEffect, useState } from "react";

const POLL_MS = 700;

/**
 * A background job's status, polled from `url` every 0.7 s while `isRunning(status)` holds (the contact and
 * response imports, the aggregate rebuild). A missed poll is retried by the next render's timer.
 */
export function usePolledStatus<T>(initial: T, url: string, isRunning: (status: T) => boolean): T {
  const [status, setStatus] = useState(initial);
  const running = isRunning(status);
  useEffect(() => {
    if (!running) return;
    let cancelled = false;
    const timer = setTimeout(async () => {
      try {
        const response = await fetch(url, { cache: "no-store" });
        if (response.ok && !cancelled) setStatus((await response.json()) as T);
      } catch {
        if (!cancelled) setStatus((current) => (typeof current === "object" && current !== null ? { ...current } : current));
      }
    }, POLL_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [running, status, url]);
  return status;
}
