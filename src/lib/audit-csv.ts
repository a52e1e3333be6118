/**
 * One audit entry as a CSV row, formula-safe (src/lib/spreadsheet-safety.ts): a name, an email, a target id or an
 * address someone chose cannot run as a formula in a spreadsheet. Pure.
 */
import { neutralizeValue, type CellValue } from "./spreadsheet-safety";

export type AuditCsvEntry = {
  seq: number | null;
  at: Date;
  actorEmail: string | null;
  actorName: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  details: unknown;
  ip: string | null;
  hash: string | null;
};

export function auditCsvRow(entry: AuditCsvEntry): CellValue[] {
  return [
    entry.seq,
    entry.at.toISOString(),
    entry.actorEmail,
    entry.actorName,
    entry.action,
    entry.targetType,
    entry.targetId,
    JSON.stringify(entry.details ?? {}),
    entry.ip,
    entry.hash,
  ].map((value) => neutralizeValue(value));
}
