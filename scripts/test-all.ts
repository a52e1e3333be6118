/**
 * `npm test`: unit tests, integration tests (real embedded PostgreSQL) and end-to-end tests (real Chromium
 * against a production build), in that order. Every suite runs even if an earlier one failed; the exit code
 * is non-zero if any test failed or any suite could not run. Ends with one line: `N passed, N failed`.
 *
 * On a fresh machine it first makes sure the end-to-end suite can run: Debian's Chromium and the CJK fonts are
 * installed when missing if we are root (apt-get), otherwise it stops before any suite with the one command to run
 * (scripts/lib/system-packages.ts).
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { PROJECT_ROOT } from "./lib/database.ts";
import { planSystemPackages, systemState } from "./lib/system-packages.ts";

const plan = planSystemPackages(systemState());
if (plan.action === "install") {
  console.log(`== installing ${plan.packages.join(" ")} from Debian (needed by the end-to-end tests)`);
  for (const [command = "", ...args] of plan.commands) {
    const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
    if (result.status !== 0) {
      console.error(`\`${[command, ...args].join(" ")}\` failed (exit ${result.status ?? result.signal}).`);
      process.exit(1);
    }
  }
  const after = planSystemPackages(systemState());
  if (after.action !== "ready") {
    console.error(`still missing after the install: ${plan.packages.join(" ")}`);
    process.exit(1);
  }
} else if (plan.action === "stop") {
  console.error(plan.message);
  if (plan.command) console.error(`\n  ${plan.command}\n`);
  process.exit(1);
}

const REPORTS = path.join(PROJECT_ROOT, "reports");
rmSync(REPORTS, { recursive: true, force: true });
mkdirSync(REPORTS, { recursive: true });

type Outcome = { name: string; passed: number; failed: number; skipped: number; exitCode: number; seconds: number; failures: string[] };

function run(command: string, args: string[], env: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: PROJECT_ROOT, stdio: "inherit", env: { ...process.env, ...env } });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

type VitestReport = {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  testResults?: { name: string; status?: string; message?: string; assertionResults?: { fullName: string; status: string; failureMessages?: string[] }[] }[];
};
type PlaywrightSpec = { title: string; file: string; line: number; tests: { status: string; results?: { error?: { message?: string } }[] }[] };
type PlaywrightSuite = { specs?: PlaywrightSpec[]; suites?: PlaywrightSuite[] };
type PlaywrightReport = { stats: { expected: number; unexpected: number; flaky: number; skipped: number }; suites?: PlaywrightSuite[] };

/** The first line of a failure message, without colour codes, so the summary at the end names what failed. */
function firstLine(message: string | undefined): string {
  const plain = (message ?? "").replace(/\u001b\[[0-9;]*m/g, "");
  return (plain.split("\n").find((line) => line.trim() !== "") ?? "").trim().slice(0, 240);
}

function readJson<T>(file: string): T | null {
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as T) : null;
}

async function vitest(project: string): Promise<Outcome> {
  const started = Date.now();
  const output = path.join(REPORTS, `vitest-${project}.json`);
  const exitCode = await run(process.execPath, [
    "node_modules/vitest/vitest.mjs",
    "run",
    "--project",
    project,
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${output}`,
  ]);
  const report = readJson<VitestReport>(output);
  const failures = (report?.testResults ?? []).flatMap((file) => {
    const where = path.relative(PROJECT_ROOT, file.name);
    const tests = (file.assertionResults ?? [])
      .filter((test) => test.status === "failed")
      .map((test) => `${where} › ${test.fullName}: ${firstLine(test.failureMessages?.[0])}`);
    // A file whose hooks or imports failed has no failed test of its own, only a message.
    return tests.length === 0 && file.status === "failed" ? [`${where}: ${firstLine(file.message)}`] : tests;
  });
  return {
    name: project,
    failures,
    passed: report?.numPassedTests ?? 0,
    failed: report?.numFailedTests ?? 0,
    skipped: (report?.numPendingTests ?? 0) + (report?.numTodoTests ?? 0),
    exitCode,
    seconds: (Date.now() - started) / 1000,
  };
}

async function playwright(): Promise<Outcome> {
  const started = Date.now();
  const output = path.join(REPORTS, "playwright.json");
  const exitCode = await run(process.execPath, ["node_modules/@playwright/test/cli.js", "test", "--reporter=list,json"], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: output,
  });
  const report = readJson<PlaywrightReport>(output);
  const failures: string[] = [];
  const walk = (suite: PlaywrightSuite) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests) {
        if (test.status === "unexpected") {
          const last = test.results?.at(-1);
          failures.push(`${spec.file}:${spec.line} › ${spec.title}: ${firstLine(last?.error?.message)}`);
        }
      }
    }
    for (const child of suite.suites ?? []) walk(child);
  };
  for (const suite of report?.suites ?? []) walk(suite);
  return {
    name: "e2e",
    failures,
    passed: (report?.stats.expected ?? 0) + (report?.stats.flaky ?? 0),
    failed: report?.stats.unexpected ?? 0,
    skipped: report?.stats.skipped ?? 0,
    exitCode,
    seconds: (Date.now() - started) / 1000,
  };
}

const outcomes = [await vitest("unit"), await vitest("integration"), await playwright()];

console.log("\nTest summary");
for (const o of outcomes) {
  const status = o.exitCode === 0 ? "ok" : `FAILED (exit ${o.exitCode})`;
  console.log(`  ${o.name.padEnd(12)} ${String(o.passed).padStart(4)} passed ${String(o.failed).padStart(3)} failed ${String(o.skipped).padStart(3)} skipped  ${o.seconds.toFixed(1).padStart(6)} s  ${status}`);
}
const failures = outcomes.flatMap((o) => o.failures.map((failure) => `  ${o.name}: ${failure}`));
if (failures.length > 0) console.log(`\nFailed\n${failures.join("\n")}`);
const passed = outcomes.reduce((sum, o) => sum + o.passed, 0);
const failed = outcomes.reduce((sum, o) => sum + o.failed, 0);
const skipped = outcomes.reduce((sum, o) => sum + o.skipped, 0);
const broken = outcomes.some((o) => o.exitCode !== 0) || passed === 0;
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(broken || failed > 0 ? 1 : 0);
