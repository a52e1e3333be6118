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
  DELIMITER_HINTS,
  ENCODING_HINTS,
  type DelimiterHint,
  type EncodingHint,
} from "@/lib/contact-import";
import { RESPONSE_FIELDS, resolveResponseMapping, validateResponseRow, type ResponseColumnMapping } from "@/lib/response-import";
import type { ImportPreview } from "@/server/imports/import-job";
import { OutcomeTypeValuesStep, outcomeKindConfig, typeValuesOf, type TypeChoice } from "@/components/outcomes/import-outcome-types";
import { lookup, type ContactsMessageKey, type ContactsMessages } from "./messages";
import { interpolate } from "@/i18n/interpolate";

type Mapping = Record<string, string>;
type Choice = { kind: string; key: string };

/** What differs between the imports that share this wizard: their fields, checks and message keys. */
export type ImportKindConfig = {
  fields: readonly string[];
  resolve: (headers: readonly string[], mapping: Mapping) => { columns: { index: number; target: string }[] } | { problem: { code: string; column?: string; field?: string } };
  validate: (cells: readonly string[], columns: readonly { index: number; target: string }[], xlsx: boolean) => { reason: string } | object;
  /** Message key prefix of field labels (…target.<field>) and row reasons (…reason.<code>). */
  prefix: string;
  onDuplicate: boolean;
  /** false: columns cannot become attributes (outcome events have none). Default true. */
  attributes?: boolean;
  /** The preview's cell of a valid row as it will be stored (default: the file's cell). */
  stored?: (result: object, target: string) => string | null;
};

type ImportKind = "contacts" | "responses" | "outcomes";

function kindConfig(kind: ImportKind, timeZone: string, typeValues: Readonly<Record<string, string>>): ImportKindConfig {
  if (kind === "outcomes") return outcomeKindConfig(timeZone, typeValues);
  if (kind === "contacts") {
    return {
      fields: CORE_FIELDS,
      resolve: (headers, mapping) => resolveMapping(headers, mapping as Parameters<typeof resolveMapping>[1]),
      validate: (cells, columns) => validateRow(cells, columns as Parameters<typeof validateRow>[1]),
      prefix: "contacts.import",
      onDuplicate: true,
    };
  }
  return {
    fields: RESPONSE_FIELDS,
    resolve: (headers, mapping) => resolveResponseMapping(headers, mapping as ResponseColumnMapping),
    validate: (cells, columns, xlsx) =>
      validateResponseRow(cells, columns as Parameters<typeof validateResponseRow>[1], { timeZone, now: Date.now(), excelSerials: xlsx }),
    prefix: "imports.responses",
    onDuplicate: false,
  };
}

const DELIMITER_LABEL: Record<Exclude<DelimiterHint, "auto">, ContactsMessageKey> = {
  ",": "contacts.import.delimiter.comma",
  ";": "contacts.import.delimiter.semicolon",
  "\t": "contacts.import.delimiter.tab",
};
const DELIMITER_NAME: Record<DelimiterHint, string> = { auto: "auto", ",": "comma", ";": "semicolon", "\t": "tab" };

function defaultKey(header: string): string {
  return header.trim().toLowerCase().slice(0, FIELD_LIMITS.attributeKey).trim();
}

function choicesFrom(preview: ImportPreview<Mapping>): Record<string, Choice> {
  const choices: Record<string, Choice> = {};
  for (const header of preview.headers) {
    const target = preview.mapping[header];
    const key = target ? attributeKeyOf(target) : null;
    choices[header] = !target
      ? { kind: "ignore", key: defaultKey(header) }
      : key !== null
        ? { kind: "attribute", key }
        : { kind: target, key: defaultKey(header) };
  }
  return choices;
}

function mappingFrom(choices: Record<string, Choice>): Mapping {
  const mapping: Mapping = {};
  for (const [header, choice] of Object.entries(choices)) {
    if (choice.kind === "ignore") continue;
    mapping[header] = choice.kind === "attribute" ? `attributes.${choice.key.trim()}` : choice.kind;
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

/**
 * Upload → mapping and preview → start; then the import page shows progress and the report. One wizard for every
 * import: contacts (at /contacts/import) and a survey's historical responses (`kind` "responses", `basePath`
 * /surveys/<id>/import, `extra` its messages, `timeZone` the organisation's for local dates).
 */
export function ImportWizard({
  messages,
  maxMb,
  locale,
  kind = "contacts",
  basePath = "/contacts/import",
  extra = {},
  timeZone = "Asia/Shanghai",
  knownTypes = [],
}: {
  messages: ContactsMessages;
  maxMb: number;
  locale: string;
  kind?: ImportKind;
  basePath?: string;
  extra?: Readonly<Record<string, string>>;
  timeZone?: string;
  /** kind "outcomes": the organisation's own outcome types already stored (offered in the type-value step). */
  knownTypes?: readonly string[];
}) {
  const m = messages;
  const [typeChoices, setTypeChoices] = useState<Record<string, TypeChoice>>({});
  const typeValues = useMemo(() => typeValuesOf(typeChoices), [typeChoices]);
  const config = useMemo(() => kindConfig(kind, timeZone, typeValues), [kind, timeZone, typeValues]);
  const text = (key: string): string => lookup(m, key) ?? extra[key] ?? key;
  const router = useRouter();
  const [file, setFile] = useState<File | null>(null);
  const [encoding, setEncoding] = useState<EncodingHint>("auto");
  const [delimiter, setDelimiter] = useState<DelimiterHint>("auto");
  const [preview, setPreview] = useState<(ImportPreview<Mapping> & { values?: Record<string, string[] | null> }) | null>(null);
  const [choices, setChoices] = useState<Record<string, Choice>>({});
  const [onDuplicate, setOnDuplicate] = useState<"update" | "skip">("update");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const number = (value: number) => value.toLocaleString(locale === "en" ? "en-US" : "zh-CN");

  const accept = (next: ImportPreview<Mapping>) => {
    setPreview(next);
    setTypeChoices({});
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
      const response = await fetch(`${basePath}/upload?${query.toString()}`, {
        method: "POST",
        body: file,
        headers: { "content-type": "application/octet-stream", "x-file-name": encodeURIComponent(file.name) },
      });
      if (!response.ok) setError(await errorMessage(response, m["contacts.import.error.failed"]));
      else accept((await response.json()) as ImportPreview<Mapping>);
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
      const response = await fetch(`${basePath}/${preview.id}/preview`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ encoding, delimiter }),
      });
      if (!response.ok) setError(await errorMessage(response, m["contacts.import.error.failed"]));
      else accept((await response.json()) as ImportPreview<Mapping>);
    } catch {
      setError(m["contacts.import.error.network"]);
    } finally {
      setBusy(false);
    }
  };

  const mapping = useMemo(() => mappingFrom(choices), [choices]);
  const resolved = useMemo(() => (preview ? config.resolve(preview.headers, mapping) : null), [preview, mapping, config]);
  const mappingProblem = resolved && "problem" in resolved ? resolved.problem : null;

  const start = async () => {
    if (!preview || mappingProblem) return;
    setBusy(true);
    setError(null);
    try {
      const response = await fetch(`${basePath}/${preview.id}/run`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(config.onDuplicate ? { mapping, onDuplicate } : kind === "outcomes" ? { mapping, typeValues } : { mapping }),
      });
      if (!response.ok) {
        setError(await errorMessage(response, m["contacts.import.error.failed"]));
        setBusy(false);
        return;
      }
      router.push(`${basePath}/${preview.id}`);
    } catch {
      setError(m["contacts.import.error.network"]);
      setBusy(false);
    }
  };

  const problemText = (problem: NonNullable<typeof mappingProblem>) =>
    interpolate(lookup(m, `contacts.import.error.mapping_${problem.code}`) ?? extra[`imports.error.mapping_${problem.code}`] ?? m["contacts.import.error.failed"], {
      column: problem.column ?? "",
      field: problem.field ? text(`${config.prefix}.target.${problem.field}`) : "",
    });

  const targetLabel = (target: string) => attributeKeyOf(target) ?? text(`${config.prefix}.target.${target}`);

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
            <div className="w-full md:w-auto md:min-w-[32rem]">{formatControls}</div>
            <Button type="button" variant="secondary" onClick={reread} disabled={busy}>
              {m["contacts.import.reread"]}
            </Button>
          </div>
        )}
      </div>

      <section>
        <h2 className="text-base font-semibold text-slate-900">{m["contacts.import.mapping.title"]}</h2>
        <p className="mb-3 mt-1 text-sm text-slate-600">{text(`${config.prefix}.mapping.help`)}</p>
        <Table
          testId="import-mapping-table"
          head={
            <>
              <Th className="whitespace-nowrap">{m["contacts.import.mapping.column"]}</Th>
              <Th className="whitespace-nowrap">{m["contacts.import.mapping.sample"]}</Th>
              <Th className="whitespace-nowrap">{m["contacts.import.mapping.target"]}</Th>
              <Th className="whitespace-nowrap">{m["contacts.import.mapping.attributeKey"]}</Th>
            </>
          }
        >
          {preview.headers.map((header, index) => {
            const choice = choices[header] ?? { kind: "ignore", key: defaultKey(header) };
            const first = preview.rows.find((row): row is { row: number; cells: string[] } => "cells" in row);
            return (
              <Tr key={header}>
                <Td className="whitespace-nowrap font-medium">{header}</Td>
                <Td className="max-w-[14rem] truncate text-slate-600">{first?.cells[index] ?? ""}</Td>
                <Td>
                  <select
                    aria-label={`${m["contacts.import.mapping.target"]}: ${header}`}
                    data-testid={`map-${index}`}
                    value={choice.kind}
                    onChange={(event) => setChoices({ ...choices, [header]: { ...choice, kind: event.target.value } })}
                    className="rounded-md border border-slate-300 px-2 py-1 text-sm"
                  >
                    <option value="ignore">{m["contacts.import.target.ignore"]}</option>
                    {config.fields.map((field) => (
                      <option key={field} value={field}>
                        {text(`${config.prefix}.target.${field}`)}
                      </option>
                    ))}
                    {config.attributes !== false && <option value="attribute">{m["contacts.import.target.attribute"]}</option>}
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

      {kind === "outcomes" && (
        <OutcomeTypeValuesStep
          preview={preview}
          columns={columns}
          choices={typeChoices}
          onChange={setTypeChoices}
          knownTypes={knownTypes}
          text={text}
        />
      )}

      <section>
        <h2 className="text-base font-semibold text-slate-900">{m["contacts.import.preview.title"]}</h2>
        <p className="mb-3 mt-1 text-sm text-slate-600">{interpolate(m["contacts.import.preview.help"], { count: preview.rows.length })}</p>
        <Table
          testId="import-preview"
          head={
            <>
              <Th>{m["contacts.import.preview.row"]}</Th>
              {columns.map((column) => (
                <Th key={column.target} className="whitespace-nowrap">
                  {targetLabel(column.target)}
                </Th>
              ))}
              <Th>{m["contacts.import.preview.status"]}</Th>
            </>
          }
        >
          {preview.rows.map((row) => {
            const result = "cells" in row && columns.length ? config.validate(row.cells, columns, preview.kind === "xlsx") : null;
            const reason = "malformed" in row ? "malformed" : result && "reason" in result ? result.reason : null;
            return (
              <Tr key={row.row}>
                <Td className="text-slate-500">{row.row}</Td>
                {columns.map((column) => (
                  <Td key={column.target} className="max-w-[16rem] truncate whitespace-nowrap">
                    {"cells" in row ? ((result && !reason ? config.stored?.(result, column.target) : null) ?? row.cells[column.index] ?? "") : ""}
                  </Td>
                ))}
                <Td className={`whitespace-nowrap ${reason ? "text-red-700" : "text-emerald-700"}`}>
                  {reason ? text(`${config.prefix}.reason.${reason}`) : m["contacts.import.preview.ok"]}
                </Td>
              </Tr>
            );
          })}
        </Table>
      </section>

      {config.onDuplicate ? (
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium text-slate-700">{m["contacts.import.duplicates"]}</legend>
          {(["update", "skip"] as const).map((value) => (
            <label key={value} className="flex items-center gap-2 text-sm text-slate-700">
              <input type="radio" name="onDuplicate" value={value} checked={onDuplicate === value} onChange={() => setOnDuplicate(value)} />
              {m[`contacts.import.duplicates.${value}`]}
            </label>
          ))}
        </fieldset>
      ) : (
        <p className="text-sm text-slate-600" data-testid="import-kind-note">
          {text(`${config.prefix}.note`)}
        </p>
      )}

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
