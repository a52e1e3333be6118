"use client";

import { useState } from "react";

export function CopyLink({ url, label, copy, copied, testId }: { url: string; label: string; copy: string; copied: string; testId?: string }) {
  const [done, setDone] = useState(false);
  return (
    <div className="flex flex-wrap items-center gap-2">
      <span className="sr-only">{label}</span>
      <a href={url} className="break-all font-mono text-xs text-blue-800 underline" data-testid={testId} target="_blank" rel="noreferrer">
        {url}
      </a>
      <button
        type="button"
        className="rounded border border-slate-300 bg-white px-2 py-1 text-xs font-medium hover:bg-slate-50"
        onClick={async () => {
          await navigator.clipboard?.writeText(url).catch(() => undefined);
          setDone(true);
          setTimeout(() => setDone(false), 1500);
        }}
      >
        {done ? copied : copy}
      </button>
    </div>
  );
}
