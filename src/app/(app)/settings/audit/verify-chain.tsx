"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/form";
import { interpolate } from "@/i18n/interpolate";
import type { VerifyState } from "./actions";

type Labels = {
  button: string;
  running: string;
  ok: string;
  broken: string;
  unchained: string;
  problems: Record<"hash_mismatch" | "prev_hash_mismatch" | "seq_gap" | "head_mismatch", string>;
};

export function VerifyChain({ action, labels }: { action: (state: VerifyState) => Promise<VerifyState>; labels: Labels }) {
  const [state, run, pending] = useActionState(action, { status: "idle" });
  return (
    <form action={run} className="space-y-3">
      <Button type="submit" disabled={pending} data-testid="audit-verify">
        {pending ? labels.running : labels.button}
      </Button>
      <div aria-live="polite">
        {state.status === "ok" && (
          <p className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-900" data-testid="audit-verify-result" data-ok="true">
            {interpolate(labels.ok, { checked: state.checked, lastSeq: state.lastSeq })}
          </p>
        )}
        {state.status === "broken" && (
          <p className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-900" role="alert" data-testid="audit-verify-result" data-ok="false">
            {interpolate(labels.broken, { seq: state.seq, checked: state.checked, problem: labels.problems[state.problem] })}
          </p>
        )}
        {state.status !== "idle" && state.unchained > 0 && <p className="mt-2 text-xs text-slate-600">{interpolate(labels.unchained, { n: state.unchained })}</p>}
      </div>
    </form>
  );
}
