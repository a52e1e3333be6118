import "server-only";
import os from "node:os";
import { Worker } from "node:worker_threads";
import { driverKernelSource, planBootstrap, type BootstrapPlan } from "@/lib/driver-kernel";
import { bootstrapImportance, bootstrapIntervals, DEFAULT_BOOTSTRAP_SEED, DEFAULT_RESAMPLES, type BootstrapOptions, type ImportanceInterval } from "@/lib/relative-weights";

/**
 * The key-driver bootstrap spread over worker threads (decision 0032 item 5). Resample b's draws start at the
 * generator state after b · rows draws, so any split of the resamples gives the intervals of one sequential run
 * (bootstrapImportance) exactly — the split changes nothing but the wall time. The threads are started on first use
 * and kept for the life of the process (one per core, at most 4; none on a one-core machine); they run the kernel's
 * own source text (src/lib/driver-kernel.ts), so no separate bundle entry is needed. If a thread cannot start or
 * fails, the work is done in this thread instead and the pool is not used again.
 */

/** Below this many draws (rows × resamples) posting to the threads costs more than it saves. */
const PARALLEL_MIN_DRAWS = 200_000;

type Job = { resolve: (out: Float64Array) => void; reject: (error: Error) => void };
type PoolWorker = { worker: Worker; jobs: Map<number, Job> };

let pool: PoolWorker[] | null = null;
let broken = false;
let nextJob = 1;

// `next dev` re-evaluates this module on every edit: the previous evaluation's threads would stay alive (idle, but
// holding memory) and run the old kernel. Each evaluation ends the one before it; a process evaluates it once otherwise.
const previousPool = Symbol.for("echo-nps.driver-bootstrap-pool");
const registry = globalThis as typeof globalThis & { [previousPool]?: () => Promise<void> };
void registry[previousPool]?.();
registry[previousPool] = () => closeBootstrapPool();

function workerSource(): string {
  // `__name`: some TypeScript transforms (keepNames) wrap inner functions in a helper defined outside them.
  return `"use strict";
const { parentPort } = require("node:worker_threads");
var __name = (target) => target;
const kernel = (${driverKernelSource.toString()})();
parentPort.on("message", ({ id, plan, seed, from, to }) => {
  try {
    const out = kernel.resampleImportances(plan, seed, from, to);
    parentPort.postMessage({ id, out }, [out.buffer]);
  } catch (error) {
    parentPort.postMessage({ id, error: String(error && error.stack || error) });
  }
});`;
}

function threads(): number {
  const cores = typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
  return Math.min(4, cores);
}

function startPool(): PoolWorker[] | null {
  if (broken) return null;
  if (pool) return pool;
  const size = threads();
  if (size < 2) return null;
  try {
    const source = workerSource();
    pool = Array.from({ length: size }, () => {
      const entry: PoolWorker = { worker: new Worker(source, { eval: true }), jobs: new Map() };
      entry.worker.unref(); // an idle pool never keeps the process alive
      entry.worker.on("message", (message: { id: number; out?: Float64Array; error?: string }) => {
        const job = entry.jobs.get(message.id);
        if (!job) return;
        entry.jobs.delete(message.id);
        if (entry.jobs.size === 0) entry.worker.unref();
        if (message.out) job.resolve(message.out);
        else job.reject(new Error(message.error ?? "bootstrap worker failed"));
      });
      const fail = (error: Error) => {
        broken = true;
        for (const job of entry.jobs.values()) job.reject(error);
        entry.jobs.clear();
      };
      entry.worker.on("error", fail);
      entry.worker.on("exit", (code) => fail(new Error(`bootstrap worker exited (${code})`)));
      return entry;
    });
    return pool;
  } catch {
    broken = true;
    return null;
  }
}

function run(entry: PoolWorker, plan: BootstrapPlan, seed: number, from: number, to: number): Promise<Float64Array> {
  return new Promise((resolve, reject) => {
    const id = nextJob++;
    entry.jobs.set(id, { resolve, reject });
    entry.worker.ref(); // keep the process alive while a job is out
    entry.worker.postMessage({ id, plan, seed, from, to });
  });
}

/** bootstrapImportance (src/lib/relative-weights.ts) with the resamples split over the pool's threads: the same intervals. */
export async function bootstrapImportanceParallel(values: ArrayLike<number>, k: number, options: BootstrapOptions = {}): Promise<ImportanceInterval[] | null> {
  const { resamples = DEFAULT_RESAMPLES, seed = DEFAULT_BOOTSTRAP_SEED, level = 0.95 } = options;
  const plan = planBootstrap(values, k);
  if (!plan) return null;
  const workers = plan.rows * resamples >= PARALLEL_MIN_DRAWS ? startPool() : null;
  if (!workers) return bootstrapImportance(values, k, options);
  try {
    const size = workers.length;
    const parts = await Promise.all(
      workers.map((entry, w) => run(entry, plan, seed, Math.floor((resamples * w) / size), Math.floor((resamples * (w + 1)) / size))),
    );
    const importances = new Float64Array(resamples * k);
    let at = 0;
    for (const part of parts) {
      importances.set(part, at);
      at += part.length;
    }
    return bootstrapIntervals(importances, k, level);
  } catch {
    broken = true;
    return bootstrapImportance(values, k, options);
  }
}

/** Stops the pool's threads (benches and tests; a server keeps them). A later call starts a new pool. */
export async function closeBootstrapPool(): Promise<void> {
  const workers = pool;
  pool = null;
  if (!workers) return;
  for (const entry of workers) entry.worker.removeAllListeners("exit");
  await Promise.all(workers.map((entry) => entry.worker.terminate()));
}

/** The pool's threads (0 before first use or without a pool) and whether it has been given up after a failure. */
export function bootstrapPoolState(): { threads: number; broken: boolean } {
  return { threads: pool?.length ?? 0, broken };
}
