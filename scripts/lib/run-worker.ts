import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { PROJECT_ROOT } from "./database.ts";

/**
 * The worker's command line: node itself with tsx as a loader (not the tsx CLI, which runs the script in a
 * second process: a signal to the first, or its death, would leave the real worker running). Server code
 * imports `server-only`, hence the react-server condition.
 */
export function workerCommand(): { command: string; args: string[] } {
  return { command: process.execPath, args: ["--conditions=react-server", "--import", "tsx", path.join("scripts", "worker.ts")] };
}

export type RunWorkerOptions = {
  /** Start it again when it exits on its own (npm run dev, the e2e server): 1 s, doubling to 30 s, logged. */
  restart?: boolean;
  log?: (line: string) => void;
};

/** A worker that ran this long before exiting starts again after the shortest delay. */
const HEALTHY_RUN_MS = 60_000;
/** The worker exits within its own shutdown deadline (10 s); after this it is killed. */
const STOP_DEADLINE_MS = 15_000;

/**
 * Starts the distribution worker (scripts/worker.ts) as a child process beside Next.js — `npm run dev` and
 * the e2e server — and, with `restart`, starts it again whenever it exits (with back-off).
 */
export function runWorker(env: NodeJS.ProcessEnv, options: RunWorkerOptions = {}): { current: () => ChildProcess; stop: () => Promise<void> } {
  const log = options.log ?? ((line: string) => console.log(`[worker] ${line}`));
  let stopping = false;
  let failures = 0;
  let restartTimer: NodeJS.Timeout | undefined;
  let child: ChildProcess;
  let exited: Promise<void>;

  const start = () => {
    const { command, args } = workerCommand();
    const startedAt = Date.now();
    child = spawn(command, args, { cwd: PROJECT_ROOT, env, stdio: "inherit" });
    exited = new Promise<void>((resolve) =>
      child.on("exit", (code, signal) => {
        resolve();
        if (stopping || !options.restart) return;
        failures = Date.now() - startedAt > HEALTHY_RUN_MS ? 0 : failures + 1;
        const delay = Math.min(30_000, 1000 * 2 ** Math.max(0, failures - 1));
        log(`the worker exited (${signal ?? `code ${code}`}); starting it again in ${delay / 1000} s`);
        restartTimer = setTimeout(() => {
          if (!stopping) start();
        }, delay);
      }),
    );
  };
  start();

  return {
    current: () => child,
    async stop() {
      stopping = true;
      clearTimeout(restartTimer);
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      let timer: NodeJS.Timeout | undefined;
      const killed = new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          log(`the worker did not stop within ${STOP_DEADLINE_MS / 1000} s: killing it`);
          child.kill("SIGKILL");
          resolve();
        }, STOP_DEADLINE_MS);
      });
      await Promise.race([exited, killed]);
      clearTimeout(timer);
    },
  };
}
