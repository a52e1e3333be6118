/**
 * The analytics benchmark's cases on a real Citus 13 cluster (a coordinator and two workers on this machine, from
 * ../shared/citus, as `npm run test:citus` starts it), printed side by side with the single-node figures of the same
 * `npm run bench` run (issue 11: "the bench runs its 10M case on the cluster too"). The data are generated the same way
 * (same seed, same shape) into a database migrated and distributed as production does it (db:distribute), and the
 * figures are cross-checked against the raw SQL on the cluster as on one node.
 * BENCH_CITUS=0 skips it; BENCH_CITUS_SIZES sets its sizes (default: BENCH_ANALYTICS_SIZES); BENCH_CITUS_PORT the
 * coordinator's port (default 25446; the workers take the next two); BENCH_CITUS_KEEP=1 leaves the cluster running
 * with its data. Without ../shared/citus it says so and skips.
 * Standalone: `npx tsx --conditions=react-server scripts/bench/citus.ts` (the Citus run only; with
 * BENCH_CITUS_COMPARE=<file of a single-node run's figures, BENCH_ANALYTICS_RESULTS> it prints the side by side).
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { CITUS_SHARED_DIR } from "../lib/citus.ts";
import { PROJECT_ROOT } from "../lib/database.ts";
import type { AnalyticsCaseFigure } from "./analytics.ts";

function run(command: string, args: string[], env: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: PROJECT_ROOT, stdio: "inherit", env: { ...process.env, ...env } });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

function formatMs(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? "—" : ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(1)} ms`;
}

/** The analytics cases on a Citus cluster; returns their figures (null when Citus is not available here). */
export async function benchAnalyticsOnCitus(sizes: number[]): Promise<AnalyticsCaseFigure[] | null> {
  const clusterScript = path.join(CITUS_SHARED_DIR, "cluster.sh");
  const installScript = path.join(CITUS_SHARED_DIR, "install.sh");
  if (!existsSync(clusterScript) || !existsSync(installScript)) {
    console.log(`  Citus: skipped — ${CITUS_SHARED_DIR} (the machines' Citus install and cluster scripts) is not here`);
    return null;
  }
  if (!existsSync("/usr/lib/postgresql/15/lib/citus.so") && (await run("bash", [installScript])) !== 0) {
    console.log("  Citus: skipped — installing it failed (it needs root and Debian's postgresql-15)");
    return null;
  }
  const port = Number(process.env.BENCH_CITUS_PORT ?? 25446);
  const dir = `/tmp/nps-citus-bench-${port}`;
  const results = path.join(os.tmpdir(), `nps-citus-bench-${port}.json`);
  await run("bash", [clusterScript, "stop", dir, String(port)]);
  rmSync(dir, { recursive: true, force: true });
  rmSync(results, { force: true });
  // Durability as the single-node bench's embedded cluster has it (both are throwaway benchmark databases).
  if ((await run("bash", [clusterScript, "start", dir, String(port)], { CITUS_FSYNC: "off" })) !== 0) throw new Error("the Citus cluster did not start");
  try {
    console.log(`  Citus 13: coordinator 127.0.0.1:${port}, workers ${port + 1} and ${port + 2} (this machine), migrated and distributed as db:distribute does`);
    // A process of its own: the app's Prisma client is bound to one database per process. startTestDatabase makes the
    // database on all three nodes, migrates and distributes it (CITUS_CLUSTER_DIR).
    const code = await run(process.execPath, [...process.execArgv, path.join(import.meta.dirname, "analytics.ts")], {
      DATABASE_URL: "",
      BENCH_ANALYTICS_DATABASE_URL: "",
      DATABASE_URL_TEST: `postgresql://postgres@127.0.0.1:${port}/postgres`,
      CITUS_CLUSTER_DIR: dir,
      BENCH_ANALYTICS_SIZES: sizes.join(","),
      BENCH_ANALYTICS_RESULTS: results,
    });
    if (code !== 0) throw new Error(`the analytics benchmark on Citus failed (exit ${code})`);
    return JSON.parse(readFileSync(results, "utf8")) as AnalyticsCaseFigure[];
  } finally {
    // BENCH_CITUS_KEEP=1 leaves the cluster running with its data (to look at plans); `cluster.sh stop DIR PORT` ends it.
    if (process.env.BENCH_CITUS_KEEP === "1") {
      console.log(`  Citus: kept running (stop: bash ${clusterScript} stop ${dir} ${port})`);
    } else {
      await run("bash", [clusterScript, "stop", dir, String(port)]);
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

/** Single node against Citus, per shape, size and case: our path and the raw SQL on each. */
export function printSideBySide(single: AnalyticsCaseFigure[], citus: AnalyticsCaseFigure[]): void {
  const key = (f: AnalyticsCaseFigure) => `${f.shape}\u0000${f.size}\u0000${f.label}`;
  const onCitus = new Map(citus.map((f) => [key(f), f]));
  const rows = single.filter((f) => onCitus.has(key(f)));
  if (rows.length === 0) {
    console.log("  (no case ran at the same size on both)");
    return;
  }
  const width = Math.max(...rows.map((r) => r.label.length));
  console.log(`\n  single node vs Citus (coordinator + 2 workers on the same machine), medians`);
  console.log(`    ${"shape / size / case".padEnd(width + 22)}  ${"ours 1 node".padStart(11)}  ${"ours Citus".padStart(11)}  ${"raw 1 node".padStart(11)}  ${"raw Citus".padStart(11)}`);
  for (const f of rows) {
    const c = onCitus.get(key(f))!;
    console.log(
      `    ${`${f.shape} ${f.size.toLocaleString("en")}`.padEnd(20)}  ${f.label.padEnd(width)}  ${formatMs(f.ours).padStart(11)}  ${formatMs(c.ours).padStart(11)}  ${formatMs(f.raw).padStart(11)}  ${formatMs(c.raw).padStart(11)}`,
    );
  }
}

if (process.argv[1] && import.meta.url === `file://${process.argv[1]}`) {
  const sizes = (process.env.BENCH_CITUS_SIZES ?? process.env.BENCH_ANALYTICS_SIZES ?? "1000000,10000000").split(",").map(Number).filter((n) => n > 0);
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "unknown CPU"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, node ${process.version}, load ${os.loadavg()[0]?.toFixed(1)}`);
  console.log("Analytics dashboard at scale on Citus");
  const citus = await benchAnalyticsOnCitus(sizes);
  const compare = process.env.BENCH_CITUS_COMPARE;
  if (citus && compare) printSideBySide(JSON.parse(readFileSync(compare, "utf8")) as AnalyticsCaseFigure[], citus);
}
