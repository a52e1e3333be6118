/**
 * A throwaway database on a project-local embedded PostgreSQL for the test suites: a fresh database with
 * all migrations applied. DATABASE_URL_TEST (a server you run) replaces the embedded one. With CITUS_CLUSTER_DIR
 * too (set by `npm run test:citus`), DATABASE_URL_TEST is the coordinator of a cluster.sh cluster whose data is
 * in that directory: the database is made on all three nodes, migrated and distributed (docs/decisions/0012).
 */
import path from "node:path";
import { recreateDatabase, startEmbeddedPostgres } from "./embedded-postgres.ts";
import { applyMigrations } from "./migrations.ts";
import { createCitusTestDatabase } from "./citus.ts";
import { PROJECT_ROOT } from "./database.ts";

export type TestDatabase = { url: string; adminUrl: string; stop: () => Promise<void> };

/**
 * `port` is the embedded server's port; `defaultPort` is the suite's usual one (its data directory keeps the plain name).
 * The embedded server runs without fsync and with asynchronous commits (fast, and a test database is thrown away)
 * unless `durable`: a test that crashes PostgreSQL (SIGQUIT) and checks that nothing committed was lost needs
 * production's durability, or a commit already acknowledged can vanish with the crash.
 */
export async function startTestDatabase(options: { name: string; port: number; defaultPort?: number; durable?: boolean }): Promise<TestDatabase> {
  const external = process.env.DATABASE_URL_TEST;
  let adminUrl: string;
  let url: string;
  let stop: () => Promise<void> = async () => undefined;
  if (external) {
    const base = new URL(external);
    base.pathname = "/postgres";
    adminUrl = base.toString();
    base.pathname = `/${options.name}`;
    url = base.toString();
  } else {
    const server = await startEmbeddedPostgres({
      // A non-default port (e.g. a second checkout's suites running beside this one) gets its own cluster.
      dataDir: path.join(PROJECT_ROOT, ".data", `pg-${options.name}${options.port === (options.defaultPort ?? options.port) ? "" : `-${options.port}`}`),
      port: options.port,
      ephemeral: !options.durable,
    });
    adminUrl = server.adminUrl;
    url = server.databaseUrl(options.name);
    stop = server.stop;
  }
  const citusDir = external ? process.env.CITUS_CLUSTER_DIR : undefined;
  if (citusDir) {
    url = await createCitusTestDatabase({ clusterDir: citusDir, port: Number(new URL(adminUrl).port), name: options.name, shardCount: Number(process.env.CITUS_SHARD_COUNT ?? 4) });
    return { url, adminUrl, stop };
  }
  await recreateDatabase(adminUrl, options.name);
  await applyMigrations(url);
  return { url, adminUrl, stop };
}
