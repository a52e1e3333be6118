import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "@/generated/prisma/client";
import { env } from "@/env";

/**
 * Connection pool sizing (docs/decisions/0010-respondent-write-path.md). Bursts of respondents queue for a
 * connection instead of failing: a request waits up to POOL_ACQUIRE_TIMEOUT_MS for a free connection (FIFO),
 * then fails as "database unavailable" (a 503 with Retry-After, never a 500). A new connection that does not
 * open within the same time (server gone without a reset) fails the same way, so an unreachable database is
 * answered within that bound, not after the OS's TCP timeout; a refused connection fails at once.
 */
export const POOL_MAX = 20;
export const POOL_ACQUIRE_TIMEOUT_MS = 20_000;
/** PostgreSQL's default is 1000 (docs/decisions/0027). */
export const PARALLEL_SETUP_COST = 20_000;
/** Interactive transactions wait as long as the pool would for their connection, and are rolled back after `timeout`. */
export const TX_OPTIONS = { maxWait: POOL_ACQUIRE_TIMEOUT_MS, timeout: 20_000 } as const;

function createClient(): PrismaClient {
  if (!env.DATABASE_URL) {
    throw new Error("DATABASE_URL is not set. `npm run dev` sets it for the embedded database; see README.");
  }
  const pool = new pg.Pool({
    connectionString: env.DATABASE_URL,
    max: POOL_MAX,
    // pg-pool uses this both for opening a connection and for waiting in the queue for a free one.
    connectionTimeoutMillis: POOL_ACQUIRE_TIMEOUT_MS,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
    // The dashboard's aggregate reads are index scans of a few hundred rows, but as "ResponseAggregate" grows the
    // planner's estimates for them grow too and it launches parallel workers: ~30 ms of start-up on a busy 2-core
    // machine for under a millisecond of work (measured: 7 ms serial vs 40 ms parallel for the no-filter headline at
    // 200k responses). A higher setup cost keeps parallel plans for what they pay off on, scans of the raw table.
    // No JIT: PostgreSQL's LLVM JIT (on by default where the server has it, as Debian's packages do) compiles a
    // statement whose estimated cost passes jit_above_cost — the dashboard's reads of pre-aggregated rows do, for the
    // raw fallback they carry — spending tens of milliseconds to save fractions of one: a segment table took 90 ms with
    // it and 30 ms without on the bench's Citus cluster (decision 0012). The embedded server has no JIT at all.
    options: `-c parallel_setup_cost=${PARALLEL_SETUP_COST} -c jit=off`,
  });
  // A server restart terminates every session: a connection that is checked out but between two statements
  // then emits 'error' with no listener, which would crash the process. Listen on each one for its whole life;
  // its next statement fails ("not queryable"), the request answers 503, and the pool drops it on release.
  pool.on("connect", (client) => {
    client.on("error", (error) => console.warn("database connection lost:", error.message));
  });
  pool.on("error", (error) => console.warn("idle database connection lost:", error.message));
  globalForPrisma.pool = pool;
  const adapter = new PrismaPg(pool, { disposeExternalPool: true });
  return new PrismaClient({ adapter });
}

const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient; pool?: pg.Pool };

function instance(): PrismaClient {
  globalForPrisma.prisma ??= createClient();
  return globalForPrisma.prisma;
}

/**
 * A connection of the Prisma client's own pool (same limits, same queue) for a statement whose Prisma overhead
 * matters: reads of pre-aggregated rows that need session settings (analytics/filter.ts querySerial) cost four Prisma
 * calls and a per-value conversion of their rows, several milliseconds for a table of hundreds of groups
 * (docs/decisions/0035). `work` runs statements with `pg` directly; a connection that failed is dropped, not reused.
 */
export async function withConnection<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  instance();
  const pool = globalForPrisma.pool;
  if (!pool) throw new Error("withConnection: the database pool was not created");
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    return await work(client);
  } catch (error) {
    // A statement that failed leaves the connection usable (work rolls back); a lost connection must not go back.
    if (!(error instanceof pg.DatabaseError)) broken = error instanceof Error ? error : new Error(String(error));
    throw error;
  } finally {
    client.release(broken);
  }
}

/**
 * The Prisma client: one per process (reused across hot reloads), created on first use so that importing
 * server code (e.g. while `next build` collects routes) needs no database.
 */
export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, property) {
    const client = instance();
    const value: unknown = Reflect.get(client, property, client);
    return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(client) : value;
  },
});
