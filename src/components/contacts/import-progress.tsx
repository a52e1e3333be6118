"use client";

import Link from "next/link";
import { usePolledStatus } from "@/components/ui/use-polled-status";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import type { ContactImportStatus } from "@/server/contacts/get-contact-import";
import { lookup, type ContactsMessages } from "./messages";
import { interpolate } from "@/i18n/interpolate";
import { OutcomeReportSummary } from "@/components/outcomes/import-outcome-types";

/**
 * An import's progress bar while it runs (polling its status), then its report. Shared by every import: contacts
 * (the defaults) and a survey's historical responses (`kind` "responses", its `basePath`, `extra` messages and the
 * `done` link to the dashboard).
 */
export function ImportProgress({
  initial,
  messages,
  locale,
  kind = "contacts",
  basePath = "/contacts/import",
  extra = {},
  done = { href: "/contacts", label: messages["contacts.import.report.contacts"] },
  reportHref,
}: {
  initial: ContactImportStatus;
  messages: ContactsMessages;
  locale: string;
  kind?: "contacts" | "responses" | "outcomes";
  basePath?: string;
  extra?: Readonly<Record<string, string>>;
  done?: { href: string; label: string };
  /** kind "outcomes": where the row report downloads as CSV. */
  reportHref?: string;
}) {
  const m = messages;
  const text = (key: string): string => lookup(m, key) ?? extra[key] ?? key;
  const prefix = kind === "contacts" ? "contacts.import" : kind === "outcomes" ? "outcomeImport" : "imports.responses";
  const status = usePolledStatus(initial, `${basePath}/${initial.id}/status`, (s) => s.status === "RUNNING");
  const running = status.status === "RUNNING";
  // Why it failed: the contacts area's problem messages, or one the page hands over in `extra` (e.g. "interrupted").
  const failureKey = `contacts.import.error.${status.error ?? "failed"}`;
  const failure = lookup(m, failureKey) ?? extra[failureKey] ?? null;
  const number = (value: number) => value.toLocaleString(locale === "en" ? "en-US" : "zh-CN");

  const total = Math.max(status.totalRows, status.processedRows);
  const percent = total ? Math.round((100 * status.processedRows) / total) : 0;
  const counts =
    kind === "contacts"
      ? ([
          ["created", status.createdCount, m["contacts.import.report.created"]],
          ["updated", status.updatedCount, m["contacts.import.report.updated"]],
          ["skipped", status.skippedCount, m["contacts.import.report.skipped"]],
        ] as const)
      : ([
          ["created", status.createdCount, text(`${prefix}.report.created`)],
          ["duplicates", status.duplicateCount, text(`${prefix}.report.duplicates`)],
          ["skipped", status.skippedCount, m["contacts.import.report.skipped"]],
        ] as const);

  return (
    <div className="space-y-6">
      <div>
        <div className="mb-1 flex justify-between text-sm">
          <span className="font-medium text-slate-800" data-testid="import-status">
            {m[`contacts.import.status.${status.status}`]}
          </span>
          <span className="text-slate-600" data-testid="import-progress-text">
            {interpolate(m["contacts.import.progress"], { processed: number(status.processedRows), total: number(total) })}
          </span>
        </div>
        <div
          role="progressbar"
          aria-label={m["contacts.import.progress.label"]}
          aria-valuemin={0}
          aria-valuemax={total}
          aria-valuenow={status.processedRows}
          className="h-3 w-full overflow-hidden rounded-full bg-slate-100"
          data-testid="import-progress"
        >
          <div
            className={`h-full rounded-full transition-all ${status.status === "FAILED" ? "bg-red-500" : "bg-blue-600"}`}
            style={{ width: `${percent}%` }}
          />
        </div>
      </div>

      <dl className="grid grid-cols-1 gap-4 sm:grid-cols-3" data-testid="import-counts">
        {counts.map(([key, value, label]) => (
          <div key={key} className="rounded-lg border border-slate-200 p-3">
            <dt className="text-xs text-slate-500">{label}</dt>
            <dd className="text-2xl font-semibold text-slate-900" data-testid={`import-${key}`}>
              {number(value)}
            </dd>
          </div>
        ))}
      </dl>

      {kind === "outcomes" && (status.status === "DONE" || status.status === "FAILED") && (
        <OutcomeReportSummary status={status} text={text} number={number} reportHref={reportHref} />
      )}

      {status.status === "FAILED" && (
        <p className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800" role="alert" data-testid="import-failed">
          {interpolate(failure ?? m["contacts.import.error.failed"], { line: "?", field: "", column: "" })}
        </p>
      )}

      {(status.status === "DONE" || status.status === "FAILED") && (
        <section data-testid="import-report">
          <h2 className="mb-2 text-base font-semibold text-slate-900">{m["contacts.import.report.rows"]}</h2>
          {status.rowErrors.length === 0 ? (
            <p className="text-sm text-slate-600">{m["contacts.import.report.none"]}</p>
          ) : (
            <>
              {status.skippedCount > status.rowErrors.length && (
                <p className="mb-2 text-xs text-slate-500">
                  {interpolate(m["contacts.import.report.capped"], { shown: number(status.rowErrors.length), total: number(status.skippedCount) })}
                </p>
              )}
              <Table
                testId="import-row-errors"
                head={
                  <>
                    <Th>{m["contacts.import.report.row"]}</Th>
                    <Th>{m["contacts.import.report.reason"]}</Th>
                    <Th>{m["contacts.import.report.column"]}</Th>
                  </>
                }
              >
                {status.rowErrors.map((error) => (
                  <Tr key={`${error.row}-${error.reason}`}>
                    <Td>{error.row}</Td>
                    <Td>{text(`${prefix}.reason.${error.reason}`)}</Td>
                    <Td className="text-slate-600">{error.field && kind !== "contacts" ? (extra[`${prefix}.target.${error.field}`] ?? error.field) : (error.field ?? "")}</Td>
                  </Tr>
                ))}
              </Table>
            </>
          )}
        </section>
      )}

      {!running && (
        <div className="flex gap-4 text-sm">
          <Link href={done.href} className="font-semibold text-blue-700 hover:underline" data-testid="import-to-contacts">
            {done.label}
          </Link>
          <Link href={basePath} className="text-blue-700 hover:underline">
            {m["contacts.import.report.another"]}
          </Link>
        </div>
      )}
    </div>
  );
}
