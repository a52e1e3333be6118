"use client";

import { useState } from "react";

/** A secret shown once, selectable, with a copy button (see components/surveys/copy-link.tsx). */
export function CopySecret({ value, label, copy, copied, testId }: { value: string; label: string; copy: string; copied: string; testId?: string }) {
  const [done, setDone] = useState(false);
  return (
    <div className="flex flex-wrap items-center gap-2">
      <label className="sr-only" htmlFor="new-api-key">
        {label}
      </label>
      <input
        id="new-api-key"
        readOnly
        value={value}
        data-testid={testId}
        spellCheck={false}
        autoComplete="off"
        onFocus={(event) => event.currentTarget.select()}
        className="min-w-0 flex-1 rounded border border-slate-300 bg-white px-2 py-1 font-mono text-xs text-slate-900"
      />
      <button
        type="button"
        className="rounded border border-slate-300 bg-white px-2 py-1 text-xs font-medium hover:bg-slate-50"
        onClick={async () => {
          await navigator.clipboard?.writeText(value).catch(() => undefined);
          setDone(true);
          setTimeout(() => setDone(false), 1500);
        }}
      >
        {done ? copied : copy}
      </button>
    </div>
  );
}
