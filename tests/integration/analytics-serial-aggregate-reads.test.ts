import { describe, expect, it } from "vitest";
import { Prisma } from "@/generated/prisma/client";
import { queryRollup, querySerial } from "@/server/analytics/filter";
import { db } from "@/server/db";

/**
 * The dashboard's reads of "ResponseAggregate" run without parallel workers (src/server/analytics/filter.ts,
 * queryRollup; docs/decisions/0027): at 200k responses the planner started two workers for a 1 ms group-by, 390 ms of
 * start-up on the busy machine. A statement over the raw responses alone keeps the session's parallel setting.
 */
describe("queryRollup", () => {
  it("runs a statement that reads aggregate rows with max_parallel_workers_per_gather = 0, in that statement only", async () => {
    const aggregate = await queryRollup<{ workers: string; n: number }>(Prisma.sql`
      SELECT current_setting('max_parallel_workers_per_gather') AS "workers",
             (SELECT count(*)::int FROM "ResponseAggregate" r WHERE false) AS "n"`);
    expect(aggregate).toEqual([{ workers: "0", n: 0 }]);

    const raw = await queryRollup<{ workers: string }>(Prisma.sql`
      SELECT current_setting('max_parallel_workers_per_gather') AS "workers", (SELECT count(*) FROM "Response" r WHERE false) AS "n"`);
    expect(raw[0]?.workers).not.toBe("0");

    // SET LOCAL ended with its transaction: the pooled connections keep their setting.
    const after = await queryRollup<{ workers: string }>(Prisma.sql`SELECT current_setting('max_parallel_workers_per_gather') AS "workers"`);
    expect(after[0]?.workers).toBe(raw[0]?.workers);
  });

  it("with hashGroups also turns sorts off (a segment table's GROUP BY hashes), in that statement only", async () => {
    const grouped = await queryRollup<{ workers: string; sort: string }>(
      Prisma.sql`
        SELECT current_setting('max_parallel_workers_per_gather') AS "workers", current_setting('enable_sort') AS "sort",
               (SELECT count(*)::int FROM "ResponseAggregate" r WHERE false) AS "n"`,
      { hashGroups: true },
    );
    expect(grouped[0]).toMatchObject({ workers: "0", sort: "off" });
    const plain = await queryRollup<{ sort: string }>(Prisma.sql`
      SELECT current_setting('enable_sort') AS "sort", (SELECT count(*)::int FROM "ResponseAggregate" r WHERE false) AS "n"`);
    expect(plain[0]?.sort).toBe("on");
  });

  it("a statement that fails is rolled back: the connection goes back to the pool clean, with its own settings", async () => {
    const failing = querySerial(
      Prisma.sql`SELECT 1 / (SELECT count(*)::int FROM "ResponseAggregate" r WHERE false) AS "x"`,
      { hashGroups: true },
    );
    await expect(failing).rejects.toThrow(/division by zero/);
    // The pool hands out the connection released last: the next statements run on it, outside any transaction.
    for (let i = 0; i < 3; i += 1) {
      const [row] = await db.$queryRaw<{ sort: string; workers: string; inTransaction: boolean }[]>`
        SELECT current_setting('enable_sort') AS "sort", current_setting('max_parallel_workers_per_gather') AS "workers",
               now() <> statement_timestamp() AS "inTransaction"`;
      expect(row).toMatchObject({ sort: "on", inTransaction: false });
      expect(row?.workers).not.toBe("0");
    }
    const again = await querySerial<{ n: number }>(Prisma.sql`SELECT count(*)::int AS "n" FROM "ResponseAggregate" r WHERE false`);
    expect(again).toEqual([{ n: 0 }]);
  });
});
