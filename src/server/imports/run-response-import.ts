import "server-only";
import { createHash } from "node:crypto";
import {
  resolveResponseMapping,
  validateResponseRow,
  type ImportedResponse,
  type ResolvedResponseColumn,
  type ResponseColumnMapping,
} from "@/lib/response-import";
import { AppError } from "@/lib/errors";
import { FOLLOW_UP_KEY, NPS_KEY } from "@/schemas/survey-content";
import { runResponseImportSchema, type RunResponseImportInput } from "@/schemas/response-import";
import { assertContactAdmin, type ContactActor } from "@/server/contacts/actor";
import { db } from "@/server/db";
import { findImportSurvey } from "./create-response-import";
import { claimImportJob, mappingError, runImportJob, startImportRun, type ImportJobHandler } from "./import-job";
import { writeImportedResponses, type ImportedResponseWrite, type ImportTarget } from "./write-imported-responses";
import { settleOutcomeState } from "@/server/outcomes/outcome-counts";

export type StartResponseImportOptions = {
  actor: ContactActor;
  importId: string;
  input: RunResponseImportInput;
  /** false: run to the end before returning (tests, the benchmark); default: run in the server's background. */
  background?: boolean;
  /** "Now" for refusing future dates (tests). */
  now?: Date;
};

const MAPPING_MESSAGE = "The column mapping is not complete: map one column to the score and one to the date, each field at most once.";

/**
 * Step 2 of a historical response import: checks the mapping, claims the PENDING import and runs it on the import
 * job — each batch of rows one INSERT … SELECT with its answers, the aggregates and the progress counters, in one
 * transaction. Rows with a bad score or date are reported, not written. Dates without a time zone are the
 * organisation's local time.
 */
export async function startResponseImport({ actor, importId, input, background = true, now = new Date() }: StartResponseImportOptions): Promise<void> {
  assertContactAdmin(actor);
  const { mapping } = runResponseImportSchema.parse(input);
  const { file, format, row } = await claimImportJob({
    actor,
    importId,
    kind: "RESPONSES",
    check: (headers) => {
      const resolved = resolveResponseMapping(headers, mapping);
      if ("problem" in resolved) throw mappingError(resolved.problem, MAPPING_MESSAGE);
    },
    data: { mapping },
  });
  if (!row.surveyId) throw new AppError("not_found", "No such survey.");
  const survey = await findImportSurvey(actor, row.surveyId);
  const questions = await db.question.findMany({
    where: { organizationId: actor.organizationId, surveyId: survey.id },
    select: { id: true, key: true, type: true },
  });
  const target: ImportTarget = {
    organizationId: actor.organizationId,
    surveyId: survey.id,
    version: survey.version,
    defaultLocale: survey.defaultLocale,
    touchpoint: survey.touchpoint,
    npsQuestionId: questions.find((q) => q.type === "NPS" || q.key === NPS_KEY)?.id ?? null,
    commentQuestionId: questions.find((q) => q.key === FOLLOW_UP_KEY)?.id ?? null,
  };
  const handler = responseHandler(target, mapping, { timeZone: survey.organization.timeZone, now: now.getTime(), excelSerials: format.kind === "xlsx" });
  // The report's counts recount the contacts the import touched (docs/decisions/0028); until then it reads them row by
  // row, and a failure here leaves them to the worker's minute job.
  const run = runImportJob({ organizationId: actor.organizationId, importId, file, format, handler }).then(() =>
    settleOutcomeState(actor.organizationId).then(() => undefined, () => undefined),
  );
  await startImportRun(run, background, "response import");
}

/**
 * The key that makes a re-run skip a row (unique per organisation, scoped to the survey): the file's response id
 * when a column is mapped to it, otherwise the row's content (score, time, comment, who, attributes) with its
 * occurrence number in the file — so the same file again, or the same file with some rows corrected, writes each
 * response once, while two identical anonymous answers on one day stay two responses.
 */
function keyMaker(surveyId: string) {
  const seen = new Map<string, number>();
  return (row: ImportedResponse): string => {
    if (row.responseId !== null) return `${surveyId}:id:${row.responseId}`;
    const attributes = Object.keys(row.attributes)
      .sort()
      .map((key) => [key, row.attributes[key]]);
    const content = JSON.stringify([row.score, row.answeredAt, row.comment, row.email, row.customerId, row.locale, row.touchpoint, attributes]);
    const hash = createHash("sha256").update(content).digest("base64url").slice(0, 27);
    const occurrence = (seen.get(hash) ?? 0) + 1;
    seen.set(hash, occurrence);
    return `${surveyId}:c:${hash}:${occurrence}`;
  };
}

function responseHandler(target: ImportTarget, mapping: ResponseColumnMapping, context: { timeZone: string; now: number; excelSerials: boolean }): ImportJobHandler<ImportedResponseWrite> {
  const keyOf = keyMaker(target.surveyId);
  return {
    prepare: (headers) => {
      const resolved = resolveResponseMapping(headers, mapping);
      if ("problem" in resolved) throw mappingError(resolved.problem, MAPPING_MESSAGE);
      const columns: ResolvedResponseColumn[] = resolved.columns;
      return (cells, row) => {
        const result = validateResponseRow(cells, columns, context);
        if ("reason" in result) return { error: { row, reason: result.reason, field: result.field } };
        return { item: { ...result.row, importKey: keyOf(result.row) } };
      };
    },
    write: async (tx, items) => {
      const result = await writeImportedResponses(
        tx,
        target,
        items.map(({ item }) => item),
      );
      return { created: result.created, updated: 0, duplicates: result.duplicates, skipped: [] };
    },
  };
}
