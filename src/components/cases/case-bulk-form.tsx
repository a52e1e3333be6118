"use client";

import { startTransition, useActionState, useEffect, useRef, useState, type FormEvent, type ReactNode } from "react";
import { Button, Select } from "@/components/ui/form";
import { interpolate } from "@/i18n/interpolate";

export type CaseBulkMessageKey =
  | "caseList.bulk.error.none"
  | "caseList.bulk.error.owner"
  | "caseList.bulk.error.rootCause"
  | "caseList.bulk.error.forbidden"
  | "caseList.bulk.error.notFound"
  | "caseList.bulk.error.conflict"
  | "caseList.bulk.error.failed";

export type CaseBulkState = { ok: boolean; error?: CaseBulkMessageKey; updated?: number; unchanged?: number; at?: number };

/**
 * The cases table inside one form: a checkbox per row (name "caseId", rendered by the page), "select the page", and the
 * bulk bar (assign to a member / close with a root cause for cases without one). The server action checks role, scope
 * and organisation again.
 */
export function CaseBulkForm({
  action,
  owners,
  rootCauses,
  labels,
  messages,
  children,
}: {
  action: (state: CaseBulkState, formData: FormData) => Promise<CaseBulkState>;
  owners: { id: string; name: string }[];
  rootCauses: { id: string; label: string }[];
  labels: Record<
    "title" | "selected" | "selectPage" | "action" | "assign" | "close" | "owner" | "chooseOwner" | "rootCause" | "chooseRootCause" | "apply" | "done",
    string
  >;
  messages: Record<CaseBulkMessageKey, string>;
  children: ReactNode;
}) {
  const [state, formAction, pending] = useActionState(action, { ok: false });
  const [kind, setKind] = useState<"assign" | "close">("assign");
  const [count, setCount] = useState(0);
  const form = useRef<HTMLFormElement>(null);
  const boxes = () => Array.from(form.current?.querySelectorAll<HTMLInputElement>("input[name=caseId]") ?? []);
  const recount = () => setCount(boxes().filter((box) => box.checked).length);
  // Dispatched by hand, so React does not reset the form (its reset would put the action select back on "assign"
  // while the bar still shows the close fields). After a successful change the selection is cleared.
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(() => formAction(data));
  };
  useEffect(() => {
    const all = Array.from(form.current?.querySelectorAll<HTMLInputElement>("input[type=checkbox]") ?? []);
    if (state.ok) for (const box of all) box.checked = false;
    setCount(all.filter((box) => box.name === "caseId" && box.checked).length);
  }, [state]);
  return (
    <form ref={form} action={formAction} onSubmit={submit} onChange={recount} data-testid="case-bulk-form">
      <div className="mb-3 flex flex-wrap items-end gap-3 rounded-md border border-slate-200 bg-slate-50 p-3 text-sm" data-testid="case-bulk-bar">
        <label className="flex items-center gap-2 pb-2">
          <input
            type="checkbox"
            data-testid="case-select-page"
            onChange={(event) => {
              for (const box of boxes()) box.checked = event.target.checked;
              recount();
            }}
          />
          {labels.selectPage}
        </label>
        <span className="pb-2 font-medium text-slate-800" data-testid="case-bulk-count" aria-live="polite">
          {interpolate(labels.selected, { count })}
        </span>
        <label>
          <span className="block text-slate-700">{labels.action}</span>
          <Select name="action" value={kind} onChange={(event) => setKind(event.target.value === "close" ? "close" : "assign")} data-testid="case-bulk-action">
            <option value="assign">{labels.assign}</option>
            <option value="close">{labels.close}</option>
          </Select>
        </label>
        {kind === "assign" ? (
          <label>
            <span className="block text-slate-700">{labels.owner}</span>
            <Select name="ownerId" defaultValue="" data-testid="case-bulk-owner">
              <option value="">{labels.chooseOwner}</option>
              {owners.map((owner) => (
                <option key={owner.id} value={owner.id}>
                  {owner.name}
                </option>
              ))}
            </Select>
          </label>
        ) : (
          <label>
            <span className="block text-slate-700">{labels.rootCause}</span>
            <Select name="rootCauseId" defaultValue="" data-testid="case-bulk-root-cause">
              <option value="">{labels.chooseRootCause}</option>
              {rootCauses.map((cause) => (
                <option key={cause.id} value={cause.id}>
                  {cause.label}
                </option>
              ))}
            </Select>
          </label>
        )}
        <Button type="submit" variant="secondary" disabled={pending} data-testid="case-bulk-apply">
          {labels.apply}
        </Button>
        <p className="basis-full" aria-live="polite">
          {state.error ? (
            <span className="text-red-700" role="alert" data-testid="case-bulk-error">
              {messages[state.error]}
            </span>
          ) : state.ok ? (
            <span className="text-green-800" role="status" data-testid="case-bulk-done">
              {interpolate(labels.done, { updated: state.updated ?? 0, unchanged: state.unchanged ?? 0 })}
            </span>
          ) : null}
        </p>
      </div>
      {children}
    </form>
  );
}
