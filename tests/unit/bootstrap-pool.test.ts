import os from "node:os";
import { afterAll, describe, expect, it, vi } from "vitest";
import { seededRandom } from "@/lib/random";
import { bootstrapImportance } from "@/lib/relative-weights";
import { bootstrapImportanceParallel, bootstrapPoolState, closeBootstrapPool } from "@/server/drivers/bootstrap-pool";

afterAll(() => closeBootstrapPool());

describe("bootstrap on the worker pool", () => {
  it("gives exactly the one-thread intervals on a 20,000-row sample, with the resamples run on the pool's threads", async () => {
    const random = seededRandom(21);
    const values: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      const x = [1 + Math.floor(random() * 5), 1 + Math.floor(random() * 5), 1 + Math.floor(random() * 7)];
      values.push(...x, Math.max(0, Math.min(10, Math.round(x[0]! + 0.6 * x[1]! + 0.1 * x[2]! - 1 + (random() - 0.5) * 4))));
    }
    const parallel = await bootstrapImportanceParallel(values, 3, { resamples: 60, seed: 5 });
    expect(parallel).toEqual(bootstrapImportance(values, 3, { resamples: 60, seed: 5 }));
    const cores = os.availableParallelism();
    expect(bootstrapPoolState()).toEqual({ threads: cores >= 2 ? Math.min(4, cores) : 0, broken: false });
    // An odd number of resamples split unevenly, and a second call on the started pool.
    expect(await bootstrapImportanceParallel(values, 3, { resamples: 41, seed: 6 })).toEqual(bootstrapImportance(values, 3, { resamples: 41, seed: 6 }));
  }, 60_000); // the threads' start-up and a loaded 2-core machine: seconds, not milliseconds

  it("a second evaluation of the module (next dev's reload) ends the first one's threads", async () => {
    const random = seededRandom(8);
    const values = Array.from({ length: 2 * 200_000 / 20 }, () => 1 + Math.floor(random() * 5));
    await bootstrapImportanceParallel(values, 1, { resamples: 20 });
    if (os.availableParallelism() < 2) return; // no pool on one core
    expect(bootstrapPoolState().threads).toBeGreaterThan(0);
    vi.resetModules();
    const reloaded = await import("@/server/drivers/bootstrap-pool");
    await vi.waitFor(() => expect(bootstrapPoolState().threads).toBe(0));
    expect(reloaded.bootstrapPoolState().threads).toBe(0);
    await reloaded.closeBootstrapPool();
  }, 60_000);

  it("runs small samples in this thread and returns null without rows", async () => {
    expect(await bootstrapImportanceParallel([], 2)).toBeNull();
    const values = [1, 2, 3, 2, 3, 5, 3, 1, 4, 4, 4, 8, 5, 2, 7];
    expect(await bootstrapImportanceParallel(values, 2, { resamples: 30 })).toEqual(bootstrapImportance(values, 2, { resamples: 30 }));
  });
});
