"use client";

import { useActionState } from "react";
import type { ImportHierarchyState } from "./actions";
import { interpolate } from "@/i18n/interpolate";

export type ImportFormLabels = {
  file: string;
  submit: string;
  submitting: string;
  failed: string;
  /** Already interpolated except for the report numbers: {unitsCreated} … */
  done: string;
  /** "Row {row}: {reason}" */
  row: string;
  reasons: Record<string, string>;
};

/** Upload a hierarchy CSV; shows what was created, updated and skipped (with reasons) — as text, escaped by React. */
export function ImportHierarchyForm({ action, labels }: { action: (state: ImportHierarchyState, formData: FormData) => Promise<ImportHierarchyState>; labels: ImportFormLabels }) {
  const [state, formAction, pending] = useActionState(action, {});
  const report = state.report;
  return (
    <div className="space-y-3">
      <form action={formAction} className="flex flex-wrap items-end gap-3" data-testid="org-import-form">
        <label className="text-sm">
          <span className="mb-1 block text-slate-600">{labels.file}</span>
          <input type="file" name="file" accept=".csv,text/csv" required className="text-sm" />
        </label>
        <button type="submit" disabled={pending} className="rounded-md bg-blue-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-blue-800 disabled:opacity-60">
          {pending ? labels.submitting : labels.submit}
        </button>
      </form>
      {state.error && (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800" data-testid="org-import-error">
          {labels.failed} {state.error}
        </p>
      )}
      {report && (
        <div className="rounded-md bg-green-50 px-3 py-2 text-sm text-green-900" data-testid="org-import-report" role="status">
          <p>
            {interpolate(labels.done, {
              unitsCreated: report.unitsCreated,
              unitsUpdated: report.unitsUpdated,
              employeesCreated: report.employeesCreated,
              employeesUpdated: report.employeesUpdated,
              skipped: report.skipped.length,
            })}
          </p>
          {(report.skipped.length > 0 || report.warnings.length > 0) && (
            <ul className="mt-2 list-disc pl-5 text-amber-900">
              {[...report.skipped, ...report.warnings]
                .sort((a, b) => a.row - b.row)
                .map((item) => (
                  <li key={`${item.row}-${item.reason}`} data-testid="org-import-issue">
                    {interpolate(labels.row, { row: item.row, reason: labels.reasons[item.reason] ?? item.reason })}
                    {item.code ? ` (${item.code})` : ""}
                  </li>
                ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
