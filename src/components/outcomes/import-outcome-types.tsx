"use client";

import type { ImportKindConfig } from "@/components/contacts/import-wizard";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { interpolate } from "@/i18n/interpolate";
import {
  MAX_DISTINCT_VALUES,
  OUTCOME_IMPORT_BASE_TYPES,
  OUTCOME_IMPORT_FIELDS,
  OUTCOME_TYPE_KEY,
  resolveOutcomeMapping,
  suggestOutcomeType,
  validateOutcomeRow,
  type ImportedOutcome,
  type OutcomeColumnMapping,
  type OutcomeTypeValues,
} from "@/lib/outcome-import";

/** The admin's choice for one type value of the file: a stored type key, OWN (their key in `key`) or SKIP. */
export type TypeChoice = { kind: string; key: string };

const OWN = "__own";
const SKIP = "__skip";
const UNSET = "__unset";

/** The choices as the run's `typeValues`: own keys that are not valid keys are left out (their rows are reported). */
export function typeValuesOf(choices: Readonly<Record<string, TypeChoice>>): OutcomeTypeValues {
  const values: OutcomeTypeValues = {};
  for (const [value, choice] of Object.entries(choices)) {
    if (choice.kind === UNSET) continue;
    if (choice.kind === SKIP) values[value] = "";
    else if (choice.kind === OWN) {
      if (OUTCOME_TYPE_KEY.test(choice.key)) values[value] = choice.key;
    } else values[value] = choice.kind;
  }
  return values;
}

function localTime(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat("sv-SE", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" }).format(ms);
}

/** The import wizard's "outcomes" kind (src/components/contacts/import-wizard.tsx): fields, checks, stored values. */
export function outcomeKindConfig(timeZone: string, typeValues: Readonly<OutcomeTypeValues>): ImportKindConfig {
  return {
    fields: OUTCOME_IMPORT_FIELDS,
    resolve: (headers, mapping) => resolveOutcomeMapping(headers, mapping as OutcomeColumnMapping),
    validate: (cells, columns, xlsx) =>
      validateOutcomeRow(cells, columns as Parameters<typeof validateOutcomeRow>[1], { timeZone, now: Date.now(), excelSerials: xlsx, typeValues }),
    prefix: "outcomeImport",
    onDuplicate: false,
    attributes: false,
    stored: (result, target) => {
      if (!("row" in result)) return null;
      const row = result.row as ImportedOutcome;
      if (target === "occurredAt") return localTime(row.occurredAt, timeZone);
      const value = row[target as keyof ImportedOutcome];
      return target === "amount" && row.amount !== null ? `${row.amount} ${row.currency ?? ""}`.trim() : value === null ? "" : String(value);
    },
  };
}

/**
 * The type-value step: every distinct value of the column mapped to Type (all of the file's, from the server's scan)
 * and what it is stored as — a standard type, one of the organisation's own types, a new own key, or skipped.
 * Values the wizard does not recognise stay "not recognised" (their rows are reported) until the admin chooses.
 */
export function OutcomeTypeValuesStep({
  preview,
  columns,
  choices,
  onChange,
  knownTypes,
  text,
}: {
  preview: { headers: string[]; values?: Record<string, string[] | null> };
  columns: readonly { index: number; target: string }[];
  choices: Readonly<Record<string, TypeChoice>>;
  onChange: (next: Record<string, TypeChoice>) => void;
  knownTypes: readonly string[];
  text: (key: string) => string;
}) {
  const column = columns.find((c) => c.target === "type");
  const header = column ? preview.headers[column.index] : undefined;
  if (header === undefined) return null;
  const values = preview.values?.[header];
  const typeLabel = (key: string) => ((OUTCOME_IMPORT_BASE_TYPES as readonly string[]).includes(key) ? `${text(`outcomes.type.${key}`)} (${key})` : key);
  const own = knownTypes.filter((key) => !(OUTCOME_IMPORT_BASE_TYPES as readonly string[]).includes(key));

  return (
    <section data-testid="outcome-type-values">
      <h2 className="text-base font-semibold text-slate-900">{text("outcomeImport.types.title")}</h2>
      <p className="mb-3 mt-1 text-sm text-slate-600">{text("outcomeImport.types.help")}</p>
      {values === null ? (
        <p className="text-sm text-amber-800">{interpolate(text("outcomeImport.types.many"), { max: MAX_DISTINCT_VALUES })}</p>
      ) : (
        <Table
          testId="outcome-type-table"
          head={
            <>
              <Th className="whitespace-nowrap">{text("outcomeImport.types.value")}</Th>
              <Th className="whitespace-nowrap">{text("outcomeImport.types.storedAs")}</Th>
            </>
          }
        >
          {(values ?? []).map((value, index) => {
            const suggested = suggestOutcomeType(value);
            const choice: TypeChoice = choices[value] ?? { kind: suggested ?? UNSET, key: "" };
            const extraOption = suggested !== null && !(OUTCOME_IMPORT_BASE_TYPES as readonly string[]).includes(suggested) && !own.includes(suggested) ? suggested : null;
            const invalidKey = choice.kind === OWN && !OUTCOME_TYPE_KEY.test(choice.key);
            return (
              <Tr key={value}>
                <Td className="whitespace-nowrap font-medium">{value}</Td>
                <Td>
                  <div className="flex flex-wrap items-center gap-2">
                    <select
                      aria-label={`${text("outcomeImport.types.storedAs")}: ${value}`}
                      data-testid={`type-value-${index}`}
                      value={choice.kind}
                      onChange={(event) => onChange({ ...choices, [value]: { ...choice, kind: event.target.value } })}
                      className={`rounded-md border px-2 py-1 text-sm ${choice.kind === UNSET ? "border-amber-400 bg-amber-50" : "border-slate-300"}`}
                    >
                      {choice.kind === UNSET && <option value={UNSET}>— {text("outcomeImport.types.unrecognised")} —</option>}
                      {[...OUTCOME_IMPORT_BASE_TYPES, ...own, ...(extraOption ? [extraOption] : [])].map((key) => (
                        <option key={key} value={key}>
                          {typeLabel(key)}
                        </option>
                      ))}
                      <option value={OWN}>{text("outcomeImport.types.own")}</option>
                      <option value={SKIP}>{text("outcomeImport.types.skip")}</option>
                    </select>
                    {choice.kind === OWN && (
                      <input
                        aria-label={`${text("outcomeImport.types.ownKey")}: ${value}`}
                        data-testid={`type-key-${index}`}
                        value={choice.key}
                        maxLength={40}
                        onChange={(event) => onChange({ ...choices, [value]: { ...choice, key: event.target.value.trim().toLowerCase() } })}
                        className="w-36 rounded-md border border-slate-300 px-2 py-1 text-sm"
                      />
                    )}
                  </div>
                  {invalidKey && choice.key !== "" && <p className="mt-1 text-xs text-red-700">{text("outcomeImport.types.ownInvalid")}</p>}
                </Td>
              </Tr>
            );
          })}
        </Table>
      )}
    </section>
  );
}

/**
 * The outcome import report's summary (in the shared import progress): accepted, duplicates, unmatched contacts and
 * other skipped rows — split exactly while every skipped row is listed, else the total with "the first n listed" —
 * and the row report as CSV.
 */
export function OutcomeReportSummary({
  status,
  text,
  number,
  reportHref,
}: {
  status: { createdCount: number; duplicateCount: number; skippedCount: number; rowErrors: readonly { reason: string }[] };
  text: (key: string) => string;
  number: (value: number) => string;
  reportHref?: string;
}) {
  const complete = status.rowErrors.length >= status.skippedCount;
  const unmatched = status.rowErrors.filter((error) => error.reason === "contact_not_found").length;
  return (
    <div className="space-y-2 rounded-lg border border-slate-200 bg-slate-50 p-3 text-sm text-slate-800">
      <p data-testid="outcome-import-summary" data-unmatched={complete ? unmatched : undefined}>
        {complete
          ? interpolate(text("outcomeImport.report.summary"), {
              accepted: number(status.createdCount),
              duplicates: number(status.duplicateCount),
              unmatched: number(unmatched),
              invalid: number(status.skippedCount - unmatched),
            })
          : interpolate(text("outcomeImport.report.summaryCapped"), {
              accepted: number(status.createdCount),
              duplicates: number(status.duplicateCount),
              skipped: number(status.skippedCount),
              shown: number(status.rowErrors.length),
            })}
      </p>
      {reportHref && status.rowErrors.length > 0 && (
        <a href={reportHref} download className="font-medium text-blue-700 hover:underline" data-testid="outcome-import-download">
          {text("outcomeImport.report.download")}
        </a>
      )}
    </div>
  );
}
