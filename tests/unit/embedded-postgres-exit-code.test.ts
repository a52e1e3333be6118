import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const TSX = path.join(ROOT, "node_modules", "tsx", "dist", "cli.mjs");

/** Runs a script that loads our embedded-PostgreSQL module and ends its event loop with `process.exitCode` set. */
function exitCodeAfterLoading(exitCode: number): number | null {
  const script = `await import(${JSON.stringify(path.join(ROOT, "scripts/lib/embedded-postgres.ts"))}); process.exitCode = ${exitCode};`;
  const result = spawnSync(process.execPath, [TSX, "--input-type=module", "-e", script], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
  return result.status;
}

describe("loading embedded-postgres keeps the process's exit code", () => {
  // Its exit hook called process.exit(0) on beforeExit: a failing integration run (vitest sets exitCode = 1) exited 0.
  it("a failure's exit code survives the end of the event loop", { timeout: 90_000 }, () => {
    expect(exitCodeAfterLoading(1)).toBe(1);
    expect(exitCodeAfterLoading(3)).toBe(3);
  });

  it("a success still exits 0", { timeout: 90_000 }, () => {
    expect(exitCodeAfterLoading(0)).toBe(0);
  });
});
