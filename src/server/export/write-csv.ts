import "server-only";
import type { Readable } from "node:stream";
import { stringify } from "csv-stringify";
import type { CellValue } from "@/lib/spreadsheet-safety";
import { drained } from "./streams";

/**
 * CSV for spreadsheet programs: UTF-8 with a byte order mark (so Excel on a Chinese Windows reads the text as
 * UTF-8, not GBK), CRLF line ends, RFC 4180 quoting. Rows are written batch by batch as the reader pulls:
 * when the reader is slow, the next batch is not even fetched.
 */
export function csvStream(header: readonly string[], batches: AsyncIterable<CellValue[][]>): Readable {
  const output = stringify({ bom: true, record_delimiter: "windows" });
  void (async () => {
    try {
      output.write(header);
      for await (const batch of batches) {
        if (output.destroyed) return;
        for (const row of batch) output.write(row);
        await drained(output);
      }
      if (!output.destroyed) output.end();
    } catch (error) {
      output.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  })();
  return output;
}
