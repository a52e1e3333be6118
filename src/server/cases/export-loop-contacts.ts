import "server-only";
import type { Readable } from "node:stream";
import { neutralizeValue, type CellValue } from "@/lib/spreadsheet-safety";
import { db } from "@/server/db";
import { csvStream } from "@/server/export/write-csv";
import type { CaseActor } from "./case-actor";
import { assertLoopAccess, LOOP_ROW_SELECT, loopResponsesWhere, toLoopRow, type LoopList, type LoopSentFilter } from "./list-loop-contacts";

const BATCH = 500;

export type LoopExportHeader = { name: string; email: string; score: string; comment: string; survey: string; unit: string; respondedAt: string; sentAt: string };

/**
 * One list as CSV, streamed batch by batch (keyset on id), every text cell neutralised against formula
 * injection. The header texts come translated from the route.
 */
export function exportLoopContacts({
  actor,
  list,
  sent,
  header,
}: {
  actor: CaseActor;
  list: LoopList;
  sent: LoopSentFilter;
  header: LoopExportHeader;
}): Readable {
  assertLoopAccess(actor);
  const where = loopResponsesWhere(actor, list, sent);
  async function* batches(): AsyncIterable<CellValue[][]> {
    let after: string | undefined;
    for (;;) {
      const rows = await db.response.findMany({
        where: after ? { AND: [where, { id: { gt: after } }] } : where,
        orderBy: { id: "asc" },
        take: BATCH,
        select: LOOP_ROW_SELECT,
      });
      if (rows.length === 0) return;
      after = rows[rows.length - 1]?.id;
      yield rows.map((raw) => {
        const row = toLoopRow(raw);
        const cells: CellValue[] = [
          row.name,
          row.email,
          row.score,
          row.comment,
          row.surveyName,
          row.unitName,
          row.respondedAt.toISOString(),
          row.sentAt ? row.sentAt.toISOString() : null,
        ];
        return cells.map(neutralizeValue);
      });
      if (rows.length < BATCH) return;
    }
  }
  const columns = [header.name, header.email, header.score, header.comment, header.survey, header.unit, header.respondedAt, header.sentAt].map((text) => String(neutralizeValue(text) ?? ""));
  return csvStream(columns, batches());
}
