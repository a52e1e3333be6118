import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { PROJECT_ROOT } from "./database.ts";

/** Starts `next <command>` with the given environment; resolves when it exits. */
export function runNext(args: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; exited: Promise<number> } {
  const bin = path.join(PROJECT_ROOT, "node_modules", "next", "dist", "bin", "next");
  const child = spawn(process.execPath, [bin, ...args], { cwd: PROJECT_ROOT, env, stdio: "inherit" });
  const exited = new Promise<number>((resolve) => child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0))));
  return { child, exited };
}

/** Stops `child` and the database on Ctrl-C / SIGTERM, then exits with the child's code — within a deadline. */
export { superviseChild } from "./shutdown.ts";
