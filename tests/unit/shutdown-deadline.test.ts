import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { stopWithDeadline } from "../../scripts/lib/embedded-postgres";
import { withinDeadline } from "../../scripts/lib/shutdown";

const ROOT = path.resolve(import.meta.dirname, "../..");
const TSX = path.join(ROOT, "node_modules", "tsx", "dist", "cli.mjs");
const DEADLINE_MS = 1_500;

/** Running (a zombie waiting for a reaper that a container may not have counts as gone). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

/** Starts the hanging supervisor, sends `signal` once it is ready; answers its exit code, the time from the signal, and its child's pid. */
async function stopHangingSupervisor(mode: "child-hangs" | "cleanup-hangs", signal: NodeJS.Signals) {
  const supervisor = spawn(process.execPath, [TSX, path.join(ROOT, "tests/fixtures/hanging-supervisor.ts"), mode], {
    cwd: ROOT,
    env: { ...process.env, SHUTDOWN_DEADLINE_MS: String(DEADLINE_MS) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  supervisor.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const childPid = await new Promise<number>((resolve, reject) => {
    supervisor.stdout.on("data", (chunk: Buffer) => {
      const match = /ready (\d+)/.exec(chunk.toString());
      if (match) resolve(Number(match[1]));
    });
    supervisor.on("exit", () => reject(new Error(`the supervisor exited before it was ready: ${stderr}`)));
  });
  const signalled = Date.now();
  const exited = new Promise<number | null>((resolve) => supervisor.on("exit", (code) => resolve(code)));
  supervisor.kill(signal);
  const code = await withinDeadline(exited, DEADLINE_MS + 10_000);
  if (code === "timeout") supervisor.kill("SIGKILL");
  return { code, seconds: (Date.now() - signalled) / 1000, childPid, stderr };
}

describe("shutdown deadline", () => {
  it("a child that ignores SIGTERM and holds a socket is killed, and the process exits within the deadline", async () => {
    const result = await stopHangingSupervisor("child-hangs", "SIGTERM");
    expect(result.code).toBe(1);
    expect(result.seconds).toBeLessThan(DEADLINE_MS / 1000 + 2);
    expect(result.seconds).toBeGreaterThanOrEqual(DEADLINE_MS / 1000 - 0.1);
    expect(result.stderr).toContain("exiting anyway");
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(alive(result.childPid)).toBe(false);
  }, 30_000);

  it("a cleanup that never finishes (a server with a held connection) does not keep the process alive after Ctrl-C", async () => {
    const result = await stopHangingSupervisor("cleanup-hangs", "SIGINT");
    expect(result.code).toBe(1);
    expect(result.seconds).toBeLessThan(DEADLINE_MS / 1000 + 2);
    expect(alive(result.childPid)).toBe(false);
  }, 30_000);

  it("the embedded database's stop forces a server that ignores the fast shutdown: SIGQUIT, then SIGKILL", async () => {
    // Stands in for a postmaster that does not stop: ignores SIGINT and SIGQUIT.
    const stuck = spawn(process.execPath, ["-e", `process.on("SIGINT", () => {}); process.on("SIGQUIT", () => {}); setInterval(() => {}, 1000); process.stdout.write("up\\n");`], {
      stdio: ["ignore", "pipe", "ignore"],
    });
    await new Promise((resolve) => stuck.stdout.once("data", resolve));
    const lines: string[] = [];
    const started = Date.now();
    await stopWithDeadline(() => new Promise<void>(() => undefined), stuck.pid!, 500, (line) => lines.push(line));
    expect((Date.now() - started) / 1000).toBeLessThan(0.5 + 2 + 2 + 1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(alive(stuck.pid!)).toBe(false);
    expect(lines.join("\n")).toContain("immediate shutdown");
  }, 30_000);
});
