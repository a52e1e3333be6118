/**
 * CPU micro-bench of the key-driver bootstrap (issue 13, decision 0032 item 5): relative weights + 500 percentile
 * resamples of 20,000 complete cases × 6 drivers, the frozen implementation of 0024 (tests/fixtures/relative-weights-0024.ts:
 * ml-matrix eigen decomposition per resample, per-pattern pass) against the current one (src/lib/relative-weights.ts
 * in this thread, and src/server/drivers/bootstrap-pool.ts on worker threads). Data: the drivers bench's own
 * generator re-done in JavaScript (independent 5- and 7-point drivers, score built from them; ~336,875 possible
 * answer patterns, so nearly every row is its own pattern) and a correlated variant (one latent satisfaction behind
 * every driver). Prints wall and CPU time (medians), the load average before and after, the sample's pattern
 * structure, and the largest difference of the intervals from the reference (must be ≤ 1e-9).
 * `npx tsx scripts/bench/drivers-bootstrap.ts` (npm run bench:drivers-bootstrap); BENCH_BOOTSTRAP_RUNS (default 5).
 */
import os from "node:os";
import { referenceBootstrapImportance } from "../../tests/fixtures/relative-weights-0024.ts";
import { seededRandom } from "../../src/lib/random.ts";
import { bootstrapImportance, momentsOfRows, relativeWeightsFromSums, planBootstrap, type ImportanceInterval } from "../../src/lib/relative-weights.ts";
import { bootstrapImportanceParallel, closeBootstrapPool } from "../../src/server/drivers/bootstrap-pool.ts";
import { machine } from "./timing.ts";

const ROWS = 20_000;
const RESAMPLES = 500;
const RUNS = Number(process.env.BENCH_BOOTSTRAP_RUNS ?? 5);

/** The drivers bench's generator (scripts/bench/drivers.ts): a, b, d, e on 1–5, c, f on 1–7, score 0–10 mostly from a and b. */
export function benchLikeSample(rows = ROWS, seed = 1): Float64Array {
  const random = seededRandom(seed);
  const out = new Float64Array(rows * 7);
  for (let i = 0; i < rows; i++) {
    const five = () => 1 + Math.floor(random() * 5);
    const seven = () => 1 + Math.floor(random() * 7);
    const [a, b, c, d, e, f] = [five(), five(), seven(), five(), five(), seven()];
    const noise = (random() + random() + random() - 1.5) * 2.5;
    const score = Math.min(10, Math.max(0, Math.round(0.9 * a + 0.8 * b + 0.25 * c + 0.05 * d + 0.05 * e + 0.1 * f + noise - 3.2)));
    out.set([a, b, c, d, e, f, score], i * 7);
  }
  return out;
}

/** Correlated drivers: one latent satisfaction behind all of them (r ≈ 0.3–0.6 between drivers), the score from three. */
export function correlatedSample(rows = ROWS, seed = 2): Float64Array {
  const random = seededRandom(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, Math.round(v)));
  const out = new Float64Array(rows * 7);
  for (let i = 0; i < rows; i++) {
    const latent = normal();
    const scales = [5, 5, 7, 5, 5, 7];
    const x = scales.map((max) => clamp((max + 1) / 2 + ((0.8 * latent + 0.7 * normal()) * (max - 1)) / 4, 1, max));
    const z = x.map((v, j) => (v - (scales[j]! + 1) / 2) / ((scales[j]! - 1) / 4));
    const score = clamp(7 + 1.2 * z[0]! + 0.9 * z[1]! + 0.4 * z[2]! + 1.2 * normal(), 0, 10);
    out.set([...x, score], i * 7);
  }
  return out;
}

type Timed<T> = { wall: number; cpu: number; result: T };

async function timeIt<T>(fn: () => T | Promise<T>, runs: number): Promise<Timed<T>> {
  let result = await fn(); // warm-up (JIT, worker start)
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let i = 0; i < runs; i++) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    result = await fn();
    walls.push(performance.now() - t0);
    const cpu = process.cpuUsage(cpu0);
    cpus.push((cpu.user + cpu.system) / 1000);
  }
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
  return { wall: median(walls), cpu: median(cpus), result };
}

function largestDifference(a: ImportanceInterval[] | null, b: ImportanceInterval[] | null): number {
  if (!a || !b || a.length !== b.length) return Number.POSITIVE_INFINITY;
  return Math.max(...a.map((x, j) => Math.max(Math.abs(x.low - b[j]!.low), Math.abs(x.high - b[j]!.high))));
}

/** Runs the micro-bench on one sample (rows flat, 6 drivers then the score) and prints its lines. */
export async function benchBootstrapSample(name: string, sample: Float64Array, runs = RUNS): Promise<void> {
  const k = 6;
  const rows = sample.length / (k + 1);
  const plan = planBootstrap(sample, k)!;
  const distinct = new Set<string>();
  for (let i = 0; i < rows; i++) distinct.add(Array.from(sample.subarray(i * 7, i * 7 + 7)).join(","));
  console.log(
    `  ${name}: ${rows.toLocaleString("en")} rows, ${distinct.size.toLocaleString("en")} distinct answer patterns; blocks: first ${plan.split} variables ${plan.patternsA} patterns, last ${k + 1 - plan.split} ${plan.patternsB}`,
  );
  const point = () => relativeWeightsFromSums(momentsOfRows(sample, k + 1));
  const before = await timeIt(() => (point(), referenceBootstrapImportance(sample, k, { resamples: RESAMPLES })), Math.max(1, Math.ceil(runs / 2)));
  const after = await timeIt(() => (point(), bootstrapImportance(sample, k, { resamples: RESAMPLES })), runs);
  const parallel = await timeIt(async () => (point(), await bootstrapImportanceParallel(sample, k, { resamples: RESAMPLES })), runs);
  const line = (label: string, t: Timed<unknown>) =>
    `    ${label.padEnd(44)} wall ${t.wall.toFixed(0).padStart(5)} ms   CPU ${t.cpu.toFixed(0).padStart(5)} ms   ×${(before.wall / t.wall).toFixed(1)}`;
  console.log(line("0024 (ml-matrix eigen, pattern pass)", before));
  console.log(line("now, one thread", after));
  console.log(line("now, worker pool (CPU of all threads)", parallel));
  const d1 = largestDifference(before.result, after.result);
  const d2 = largestDifference(after.result, parallel.result);
  console.log(`    intervals: largest |Δ| vs 0024 ${d1.toExponential(2)}, pool vs one thread ${d2.toExponential(2)}  ${d1 <= 1e-9 && d2 === 0 ? "SAME" : "DIFFERENT"}`);
  const top = after.result?.[0];
  console.log(`    first driver's interval [${top?.low.toFixed(4)}, ${top?.high.toFixed(4)}]`);
}

export async function benchDriversBootstrap(): Promise<void> {
  console.log(`Key-driver bootstrap: ${RESAMPLES} resamples of ${ROWS.toLocaleString("en")} × 6 drivers (load before: ${os.loadavg().map((l) => l.toFixed(1)).join(" ")})`);
  try {
    await benchBootstrapSample("bench-like (independent drivers)", benchLikeSample());
    await benchBootstrapSample("correlated drivers", correlatedSample());
  } finally {
    await closeBootstrapPool();
  }
  console.log(`  load after: ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`machine: ${machine()}`);
  await benchDriversBootstrap();
}
