/**
 * Shutdown deadlines for our long-running processes (`npm run dev`, `npm start`, the e2e server, the embedded
 * database). SIGTERM / SIGINT start a graceful stop; whatever still hangs when the deadline passes — a child that
 * ignores the signal, a socket that never closes, a database that does not answer — no longer keeps the process
 * alive: the child is killed and the process exits anyway (exit code 1, with a line saying so). A second Ctrl-C
 * exits at once.
 */
import type { ChildProcess } from "node:child_process";

/** How long a graceful stop may take before the process exits anyway (SHUTDOWN_DEADLINE_MS, default 10 s). */
export function shutdownDeadlineMs(): number {
  const value = Number(process.env.SHUTDOWN_DEADLINE_MS);
  return Number.isFinite(value) && value > 0 ? value : 10_000;
}

/** Resolves with `work`'s outcome, or with "timeout" once `ms` have passed (the work is left behind, not awaited). */
export async function withinDeadline<T>(work: Promise<T>, ms: number): Promise<T | "timeout"> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function alive(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

/**
 * Stops `child` and then `cleanup` (the worker, the mail catcher, the database) on Ctrl-C / SIGTERM, then exits
 * with the child's code; also when the child exits by itself. From the first signal (or the child's exit) on, the
 * whole stop has `deadlineMs`: after it the child is killed (SIGKILL) and the process exits with code 1.
 */
export function superviseChild(
  child: ChildProcess,
  exited: Promise<number>,
  cleanup: () => Promise<void>,
  options: { deadlineMs?: number; log?: (line: string) => void } = {},
): void {
  const deadlineMs = options.deadlineMs ?? shutdownDeadlineMs();
  const log = options.log ?? ((line: string) => console.error(line));
  let deadline: NodeJS.Timeout | null = null;
  const armDeadline = () => {
    deadline ??= setTimeout(() => {
      log(`[shutdown] still not stopped after ${(deadlineMs / 1000).toFixed(1)} s: exiting anyway`);
      if (alive(child)) child.kill("SIGKILL");
      process.exit(1);
    }, deadlineMs);
  };
  let signals = 0;
  const stop = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals > 1) {
      log(`[shutdown] ${signal} again: exiting now`);
      if (alive(child)) child.kill("SIGKILL");
      process.exit(130);
    }
    armDeadline();
    if (alive(child)) child.kill(signal);
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
  void exited.then(async (code) => {
    armDeadline();
    await cleanup().catch((error: unknown) => log(`error while stopping: ${error instanceof Error ? error.message : String(error)}`));
    process.exit(code);
  });
}
