import { describe, expect, it } from "vitest";
import { db, PARALLEL_SETUP_COST } from "@/server/db";

/**
 * The app's connections carry the session settings src/server/db.ts gives them (the parallel start-up cost that keeps
 * the dashboard's small aggregate reads serial, docs/decisions/0027), on every pooled connection.
 */
describe("database sessions", () => {
  it("every pooled connection has the raised parallel_setup_cost", async () => {
    const values = await Promise.all(
      Array.from({ length: 8 }, () => db.$transaction(async (tx) => (await tx.$queryRaw<{ parallel_setup_cost: string }[]>`SHOW parallel_setup_cost`)[0]?.parallel_setup_cost)),
    );
    expect(new Set(values)).toEqual(new Set([String(PARALLEL_SETUP_COST)]));
  });
});
