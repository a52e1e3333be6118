/**
 * Which PostgreSQL the scripts use: `DATABASE_URL` when set, otherwise the embedded server whose data lives
 * in `.data/postgres` (started here and stopped by `stop()` when this process started it).
 */
import path from "node:path";
import { ensureDatabase, startEmbeddedPostgres } from "./embedded-postgres.ts";
import { DEFAULT_PORTS, portFromEnv } from "./ports.ts";

export const PROJECT_ROOT = path.resolve(import.meta.dirname, "../..");
export const DEV_DATA_DIR = path.join(PROJECT_ROOT, ".data", "postgres");
export const DEV_PORT = portFromEnv("EMBEDDED_PG_PORT", DEFAULT_PORTS.dev);
export const DEV_DATABASE = "nps";

export type ResolvedDatabase = { url: string; embedded: boolean; stop: () => Promise<void> };

export async function resolveDatabase(log: (line: string) => void = console.log): Promise<ResolvedDatabase> {
  const external = process.env.DATABASE_URL;
  if (external) {
    return { url: external, embedded: false, stop: async () => undefined };
  }
  const server = await startEmbeddedPostgres({ dataDir: DEV_DATA_DIR, port: DEV_PORT, log });
  await ensureDatabase(server.adminUrl, DEV_DATABASE);
  return { url: server.databaseUrl(DEV_DATABASE), embedded: true, stop: server.stop };
}

/** Redacts the password from a connection string before it is printed. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparseable DATABASE_URL)";
  }
}
