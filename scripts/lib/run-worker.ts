import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { PROJECT_ROOT } from "./database.ts";

/**
 * Starts the distribution worker (scripts/worker.ts) as a child process beside Next.js — `npm run dev` and
 * the e2e server. Server code imports `server-only`, hence the react-server condition.
 */
export function runWorker(env: NodeJS.ProcessEnv): { child: ChildProcess; stop: () => Promise<void> } {
  const tsx = path.join(PROJECT_ROOT, "node_modules", "tsx", "dist", "cli.mjs");
  const child = spawn(process.execPath, [tsx, "--conditions=react-server", path.join("scripts", "worker.ts")], {
    cwd: PROJECT_ROOT,
    env,
    stdio: "inherit",
  });
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  return {
    child,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 20_000))]);
    },
  };
}
