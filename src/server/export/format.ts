import "server-only";
import { AppError } from "@/lib/errors";
import type { DateRange } from "@/lib/date-range";

export const EXPORT_FORMATS = ["csv", "xlsx"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

/** `?format=` of an export URL: csv (the default) or xlsx; anything else is a 422. */
export function parseExportFormat(value: string | null): ExportFormat {
  if (value === null || value === "") return "csv";
  if ((EXPORT_FORMATS as readonly string[]).includes(value)) return value as ExportFormat;
  throw new AppError("validation_failed", `format: must be one of ${EXPORT_FORMATS.join(", ")}.`);
}

/** "nps-responses-2026-08-01_2026-10-30.xlsx" (ASCII only, safe in any Content-Disposition). */
export function exportFilename(range: DateRange, format: ExportFormat): string {
  return `nps-responses-${range.from}_${range.to}.${format}`;
}
