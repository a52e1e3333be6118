/**
 * `npm run test:citus`: the integration suites that cover tenancy, respondent writes, aggregates and the API,
 * against a real Citus 13 cluster (a coordinator and two workers on this machine, docs/decisions/0012):
 * installs Citus with ../shared/citus/install.sh when it is missing, starts the cluster with cluster.sh on fixed
 * ports (CITUS_TEST_PORT, default 25436, and the next two), and lets the suites' global setup make their
 * database on all three nodes, migrate it and distribute it (`CITUS_CLUSTER_DIR`). Stops the cluster at the end.
 * Without ../shared/citus (a clone of the project alone) it says so and exits 0.
 * Ends with one line: `citus: N passed, N failed`.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { CITUS_SHARED_DIR } from "./lib/citus.ts";
import { PROJECT_ROOT } from "./lib/database.ts";

export const CITUS_SUITES = [
  "tests/integration/tenancy.test.ts",
  "tests/integration/member-scope.test.ts",
  "tests/integration/respond-flow.test.ts",
  "tests/integration/respondent-steps.test.ts",
  "tests/integration/respondent-page.test.ts",
  "tests/integration/survey-links.test.ts",
  "tests/integration/response-aggregates.test.ts",
  "tests/integration/nps-summary.test.ts",
  "tests/integration/analytics.test.ts",
  "tests/integration/api-keys.test.ts",
  "tests/integration/api-nps.test.ts",
  "tests/integration/outcome-counts.test.ts",
];

const clusterScript = path.join(CITUS_SHARED_DIR, "cluster.sh");
const installScript = path.join(CITUS_SHARED_DIR, "install.sh");
if (!existsSync(clusterScript) || !existsSync(installScript)) {
  console.log(
    `test:citus: skipped — ${CITUS_SHARED_DIR} (the machines' Citus install and cluster scripts) is not here.\n` +
      "  To run the suites on Citus yourself: install Citus 13 from its packages (PostgreSQL 15–17), start a coordinator\n" +
      "  and workers, then run `DATABASE_URL=<coordinator> npm run db:migrate && npm run db:distribute` (README, \"Running on Citus\").",
  );
  process.exit(0);
}

const port = Number(process.env.CITUS_TEST_PORT ?? 25436);
const dir = process.env.CITUS_TEST_DIR ?? `/tmp/nps-citus-test-${port}`;
const files = process.argv.slice(2).length > 0 ? process.argv.slice(2) : CITUS_SUITES;

function run(command: string, args: string[], env: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: PROJECT_ROOT, stdio: "inherit", env: { ...process.env, ...env } });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

if (!existsSync("/usr/lib/postgresql/15/lib/citus.so")) {
  console.log("== installing Citus (../shared/citus/install.sh)");
  if ((await run("bash", [installScript])) !== 0) {
    console.error("test:citus: installing Citus failed (it needs root and Debian's postgresql-15)");
    process.exit(1);
  }
}

console.log(`== Citus cluster: coordinator 127.0.0.1:${port}, workers ${port + 1} and ${port + 2}, data in ${dir}`);
await run("bash", [clusterScript, "stop", dir, String(port)]);
rmSync(dir, { recursive: true, force: true });
const started = await run("bash", [clusterScript, "start", dir, String(port)], { CITUS_FSYNC: "off" });
const reports = path.join(PROJECT_ROOT, "reports");
mkdirSync(reports, { recursive: true });
const output = path.join(reports, "vitest-citus.json");
rmSync(output, { force: true });
let exitCode = started;
try {
  if (started === 0) {
    exitCode = await run(
      process.execPath,
      ["node_modules/vitest/vitest.mjs", "run", "--project", "integration", "--reporter=default", "--reporter=json", `--outputFile.json=${output}`, ...files],
      { DATABASE_URL_TEST: `postgresql://postgres@127.0.0.1:${port}/postgres`, CITUS_CLUSTER_DIR: dir },
    );
  } else {
    console.error("test:citus: the cluster did not start (see the logs beside its data directory)");
  }
} finally {
  await run("bash", [clusterScript, "stop", dir, String(port)]);
  if (exitCode === 0) rmSync(dir, { recursive: true, force: true });
}

type VitestReport = { numPassedTests: number; numFailedTests: number; numPendingTests: number };
const report = existsSync(output) ? (JSON.parse(readFileSync(output, "utf8")) as VitestReport) : null;
const passed = report?.numPassedTests ?? 0;
const failed = report?.numFailedTests ?? 0;
console.log(`${files.length} suites on Citus 13 (coordinator + 2 workers)`);
console.log(`citus: ${passed} passed, ${failed} failed${report?.numPendingTests ? `, ${report.numPendingTests} skipped` : ""}`);
process.exit(exitCode !== 0 || failed > 0 || passed === 0 ? 1 : 0);
