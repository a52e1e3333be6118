"use client";

import { useRouter } from "next/navigation";
import { useMemo, useState, type FormEvent } from "react";
import { Button, Field, Select } from "@/components/ui/form";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import {
  attributeKeyOf,
  CORE_FIELDS,
  FIELD_LIMITS,
  resolveMapping,
  validateRow,
  type ColumnMapping,
  type CoreField,
  type MappingTarget,
  DELIMITER_HINTS,
  ENCODING_HINTS,
  type DelimiterHint,
  type EncodingHint,
} from "@/lib/contact-import";
import type { ImportPreview } from "@/server/contacts/create-contact-import";
import { lookup, type ContactsMessageKey, type ContactsMessages } from "./messages";
import { interpolate } from "@/i18n/interpolate";

type Choice = { kind: "ignore" | CoreField | "attribute"; key: string };

const DELIMITER_LABEL: Record<Exclude<DelimiterHint, "auto">, ContactsMessageKey> = {
  ",": "contacts.import.delimiter.comma",
  ";": "contacts.import.delimiter.semicolon",
  "\t": "contacts.import.delimiter.tab",
};
const DELIMITER_NAME: Record<DelimiterHint, string> = { auto: "auto", ",": "comma", ";": "semicolon", "\t": "tab" };

function defaultKey(header: string): string {
  return header.trim().toLowerCase().slice(0, FIELD_LIMITS.attributeKey).trim();
}

function choicesFrom(preview: ImportPreview): Record<string, Choice> {
  const choices: Record<string, Choice> = {};
  for (const header of preview.headers) {
    const target = preview.mapping[header];
    const key = target ? attributeKeyOf(target) : null;
    choices[header] = !target
      ? { kind: "ignore", key: defaultKey(header) }
      : key !== null
        ? { kind: "attribute", key }
        : { kind: target as CoreField, key: defaultKey(header) };
  }
  return choices;
}

function mappingFrom(choices: Record<string, Choice>): ColumnMapping {
  const mapping: ColumnMapping = {};
  for (const [header, choice] of Object.entries(choices)) {
    if (choice.kind === "ignore") continue;
    mapping[header] = choice.kind === "attribute" ? (`attributes.${choice.key.trim()}` as MappingTarget) : choice.kind;
  }
  return mapping;
}

async function errorMessage(response: Response, fallback: string): Promise<string> {
  try {
    const body = (await response.json()) as { error?: { message?: string } };
    return body.error?.message ?? fallback;
  } catch {
    return fallback;
  }
}

/** Upload → mapping and preview → start; then the import page shows progress and the report. */
export function ImportWizard({ messages, maxMb, locale }: { messages: ContactsMessages; maxMb: number; locale: string }) {
  const m = messages;
  const router = useRouter();
  const [file, setFile] = useState<File | null>(null);
  const [encoding, setEncoding] = useState<EncodingHint>("auto");
  const [delimiter, setDelimiter] = useState<DelimiterHint>("auto");
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [choices, setChoices] = useState<Record<string, Choice>>({});
  const [onDuplicate, setOnDuplicate] = useState<"update" | "skip">("update");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const number = (value: number) => value.toLocaleString(locale === "en" ? "en-US" : "zh-CN");

  const accept = (next: ImportPreview) => {
    setPreview(next);
    setChoices(choicesFrom(next));
    setEncoding(next.kind === "csv" ? next.encoding : "auto");
    setDelimiter(next.kind === "csv" ? next.delimiter : "auto");
  };

  const upload = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const query = new URLSearchParams({ encoding, delimiter: DELIMITER_NAME[delimiter] });
      const response = await fetch(`/contacts/import/upload?${query.toString()}`, {
        method: "POST",
        body: file,
        headers: { "content-type": "application/octet-stream", "x-file-name": encodeURIComponent(file.name) },
      });
      if (!response.ok) setError(await errorMessage(response, m["contacts.import.error.failed"]));
      else accept((await response.json()) as ImportPreview);
    } catch {
      setError(m["contacts.import.error.network"]);
    } finally {
      setBusy(false);
    }
  };

  const reread = async () => {
    if (!preview) return;
    setBusy(true);
    setError(null);
    try {
      const response = await fetch(`/contacts/import/${preview.id}/preview`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ encoding, delimiter }),
      });
      if (!response.ok) setError(await errorMessage(response, m["contacts.import.error.failed"]));
      else accept((await response.json()) as ImportPreview);
    } catch {
      setError(m["contacts.import.error.network"]);
    } finally {
      setBusy(false);
    }
  };

  const mapping = useMemo(() => mappingFrom(choices), [choices]);
  const resolved = useMemo(() => (preview ? resolveMapping(preview.headers, mapping) : null), [preview, mapping]);
  const mappingProblem = resolved && "problem" in resolved ? resolved.problem : null;

  const start = async () => {
    if (!preview || mappingProblem) return;
    setBusy(true);
    setError(null);
    try {
      const response = await fetch(`/contacts/import/${preview.id}/run`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ mapping, onDuplicate }),
      });
      if (!response.ok) {
        setError(await errorMessage(response, m["contacts.import.error.failed"]));
        setBusy(false);
        return;
      }
      router.push(`/contacts/import/${preview.id}`);
    } catch {
      setError(m["contacts.import.error.network"]);
      setBusy(false);
    }
  };

  const problemText = (problem: NonNullable<typeof mappingProblem>) =>
    interpolate(lookup(m, `contacts.import.error.mapping_${problem.code}`) ?? m["contacts.import.error.failed"], {
      column: "column" in problem ? problem.column : "",
      field: "field" in problem ? problem.field : "",
    });

  const targetLabel = (target: MappingTarget) => attributeKeyOf(target) ?? m[`contacts.import.target.${target as CoreField}`];

  const formatControls = (
    <div className="grid gap-4 md:grid-cols-2">
      <Field label={m["contacts.import.encoding"]} htmlFor="import-encoding">
        <Select id="import-encoding" value={encoding} onChange={(event) => setEncoding(event.target.value as EncodingHint)}>
          {ENCODING_HINTS.map((hint) => (
            <option key={hint} value={hint}>
              {m[`contacts.import.encoding.${hint}`]}
            </option>
          ))}
        </Select>
      </Field>
      <Field label={m["contacts.import.delimiter"]} htmlFor="import-delimiter">
        <Select id="import-delimiter" value={DELIMITER_NAME[delimiter]} onChange={(event) => {
          const hint = DELIMITER_HINTS.find((candidate) => DELIMITER_NAME[candidate] === event.target.value);
          if (hint) setDelimiter(hint);
        }}>
          {DELIMITER_HINTS.map((hint) => (
            <option key={DELIMITER_NAME[hint]} value={DELIMITER_NAME[hint]}>
              {hint === "auto" ? m["contacts.import.delimiter.auto"] : m[DELIMITER_LABEL[hint]]}
            </option>
          ))}
        </Select>
      </Field>
    </div>
  );

  const errorBox = error && (
    <p className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800" role="alert" data-testid="import-error">
      {error}
    </p>
  );

  if (!preview) {
    return (
      <form onSubmit={upload} className="space-y-4" data-testid="import-upload-form">
        <Field label={m["contacts.import.file"]} htmlFor="import-file" hint={interpolate(m["contacts.import.fileHint"], { mb: maxMb })}>
          <input
            id="import-file"
            type="file"
            required
            accept=".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(event) => setFile(event.target.files?.[0] ?? null)}
            className="mt-1 block w-full text-sm"
          />
        </Field>
        {formatControls}
        {errorBox}
        <Button type="submit" disabled={busy || !file}>
          {busy ? m["contacts.import.uploading"] : m["contacts.import.upload"]}
        </Button>
      </form>
    );
  }

  const columns = resolved && "columns" in resolved ? resolved.columns : [];
  return (
    <div className="space-y-6" data-testid="import-mapping">
      <div className="space-y-3">
        <p className="text-sm text-slate-700" data-testid="import-format">
          {preview.kind === "xlsx"
            ? interpolate(m["contacts.import.formatXlsx"], { file: preview.fileName, rows: number(preview.totalRows) })
            : interpolate(m["contacts.import.formatCsv"], {
                file: preview.fileName,
                rows: number(preview.totalRows),
                encoding: m[`contacts.import.encoding.${preview.encoding}`],
                delimiter: m[DELIMITER_LABEL[preview.delimiter]],
              })}
        </p>
        {preview.kind === "csv" && (
          <div className="flex flex-wrap items-end gap-4">
            <div className="min-w-[32rem]">{formatControls}</div>
            <Button type="button" variant="secondary" onClick={reread} disabled={busy}>
              {m["contacts.import.reread"]}
            </Button>
          </div>
        )}
      </div>

      <section>
        <h2 className="text-base font-semibold text-slate-900">{m["contacts.import.mapping.title"]}</h2>
        <p className="mb-3 mt-1 text-sm text-slate-600">{m["contacts.import.mapping.help"]}</p>
        <Table
          testId="import-mapping-table"
          head={
            <>
              <Th>{m["contacts.import.mapping.column"]}</Th>
              <Th>{m["contacts.import.mapping.sample"]}</Th>
              <Th>{m["contacts.import.mapping.target"]}</Th>
              <Th>{m["contacts.import.mapping.attributeKey"]}</Th>
            </>
          }
        >
          {preview.headers.map((header, index) => {
            const choice = choices[header] ?? { kind: "ignore", key: defaultKey(header) };
            const first = preview.rows.find((row): row is { row: number; cells: string[] } => "cells" in row);
            return (
              <Tr key={header}>
                <Td className="font-medium">{header}</Td>
                <Td className="max-w-[14rem] truncate text-slate-600">{first?.cells[index] ?? ""}</Td>
                <Td>
                  <select
                    aria-label={`${m["contacts.import.mapping.target"]}: ${header}`}
                    data-testid={`map-${index}`}
                    value={choice.kind}
                    onChange={(event) => setChoices({ ...choices, [header]: { ...choice, kind: event.target.value as Choice["kind"] } })}
                    className="rounded-md border border-slate-300 px-2 py-1 text-sm"
                  >
                    <option value="ignore">{m["contacts.import.target.ignore"]}</option>
                    {CORE_FIELDS.map((field) => (
                      <option key={field} value={field}>
                        {m[`contacts.import.target.${field}`]}
                      </option>
                    ))}
                    <option value="attribute">{m["contacts.import.target.attribute"]}</option>
                  </select>
                </Td>
                <Td>
                  {choice.kind === "attribute" && (
                    <input
                      aria-label={`${m["contacts.import.mapping.attributeKey"]}: ${header}`}
                      data-testid={`map-key-${index}`}
                      value={choice.key}
                      maxLength={FIELD_LIMITS.attributeKey}
                      onChange={(event) => setChoices({ ...choices, [header]: { ...choice, key: event.target.value } })}
                      className="w-40 rounded-md border border-slate-300 px-2 py-1 text-sm"
                    />
                  )}
                </Td>
              </Tr>
            );
          })}
        </Table>
        {mappingProblem && (
          <p className="mt-2 text-sm font-medium text-red-700" role="alert" data-testid="mapping-problem">
            {problemText(mappingProblem)}
          </p>
        )}
      </section>

      <section>
        <h2 className="text-base font-semibold text-slate-900">{m["contacts.import.preview.title"]}</h2>
        <p className="mb-3 mt-1 text-sm text-slate-600">{interpolate(m["contacts.import.preview.help"], { count: preview.rows.length })}</p>
        <Table
          testId="import-preview"
          head={
            <>
              <Th>{m["contacts.import.preview.row"]}</Th>
              {columns.map((column) => (
                <Th key={column.target}>{targetLabel(column.target)}</Th>
              ))}
              <Th>{m["contacts.import.preview.status"]}</Th>
            </>
          }
        >
          {preview.rows.map((row) => {
            const result = "cells" in row && columns.length ? validateRow(row.cells, columns) : null;
            const reason = "malformed" in row ? "malformed" : result && "reason" in result ? result.reason : null;
            return (
              <Tr key={row.row}>
                <Td className="text-slate-500">{row.row}</Td>
                {columns.map((column) => (
                  <Td key={column.target}>{"cells" in row ? (row.cells[column.index] ?? "") : ""}</Td>
                ))}
                <Td className={reason ? "text-red-700" : "text-emerald-700"}>
                  {reason ? (lookup(m, `contacts.import.reason.${reason}`) ?? reason) : m["contacts.import.preview.ok"]}
                </Td>
              </Tr>
            );
          })}
        </Table>
      </section>

      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-700">{m["contacts.import.duplicates"]}</legend>
        {(["update", "skip"] as const).map((value) => (
          <label key={value} className="flex items-center gap-2 text-sm text-slate-700">
            <input type="radio" name="onDuplicate" value={value} checked={onDuplicate === value} onChange={() => setOnDuplicate(value)} />
            {m[`contacts.import.duplicates.${value}`]}
          </label>
        ))}
      </fieldset>

      {errorBox}
      <div className="flex flex-wrap gap-3">
        <Button type="button" onClick={start} disabled={busy || !!mappingProblem} data-testid="import-start">
          {busy ? m["contacts.import.starting"] : interpolate(m["contacts.import.start"], { rows: number(preview.totalRows) })}
        </Button>
        <Button
          type="button"
          variant="secondary"
          onClick={() => {
            setPreview(null);
            setFile(null);
            setError(null);
          }}
        >
          {m["contacts.import.startOver"]}
        </Button>
      </div>
    </div>
  );
}
