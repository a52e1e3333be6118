/**
 * `npm test`: unit tests, integration tests (real embedded PostgreSQL) and end-to-end tests (real Chromium
 * against a production build), in that order. Every suite runs even if an earlier one failed; the exit code
 * is non-zero if any test failed or any suite could not run. Ends with one line: `N passed, N failed`.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { PROJECT_ROOT } from "./lib/database.ts";

const REPORTS = path.join(PROJECT_ROOT, "reports");
rmSync(REPORTS, { recursive: true, force: true });
mkdirSync(REPORTS, { recursive: true });

type Outcome = { name: string; passed: number; failed: number; skipped: number; exitCode: number; seconds: number };

function run(command: string, args: string[], env: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: PROJECT_ROOT, stdio: "inherit", env: { ...process.env, ...env } });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

type VitestReport = { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number };
type PlaywrightReport = { stats: { expected: number; unexpected: number; flaky: number; skipped: number } };

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
  return {
    name: project,
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
  return {
    name: "e2e",
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
const passed = outcomes.reduce((sum, o) => sum + o.passed, 0);
const failed = outcomes.reduce((sum, o) => sum + o.failed, 0);
const skipped = outcomes.reduce((sum, o) => sum + o.skipped, 0);
const broken = outcomes.some((o) => o.exitCode !== 0) || passed === 0;
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(broken || failed > 0 ? 1 : 0);
