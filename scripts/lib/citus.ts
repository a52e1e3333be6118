/**
 * Distributes a migrated database over a Citus cluster (docs/decisions/0012), idempotently:
 * - tables with an "organizationId" column are distributed by it, co-located with "Organization", which is
 *   distributed by its own "id" (so every tenant's rows of every table live in one shard group);
 * - the other tables of the public schema (users, the development mailbox) become reference tables (a copy on
 *   every node), first, since distributed tables have foreign keys to them;
 * - "_prisma_migrations" and pg-boss's own schema stay ordinary tables on the coordinator;
 * - the public schema's SQL functions are propagated to the workers (queries pushed down to shards call them);
 * - every enum type gets an IMMUTABLE cast to text (Prisma's RETURNING clauses cast enums; see below).
 * Tables already distributed or replicated are skipped, so it is safe to run after every migration.
 * Prisma's migration engine knows nothing of Citus (prisma/prisma#13433): this step runs after the migrations.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { applyMigrations } from "./migrations.ts";

const execFileAsync = promisify(execFile);

export type DistributeResult = { reference: string[]; distributed: string[]; skipped: number; functions: string[]; casts: string[] };

const TENANT_TABLE = "Organization";
const TENANT_COLUMN = "organizationId";
/**
 * Plain tables on the coordinator. The sign-in throttle and log are global (no organisation: a sign-in comes
 * before one is known), written on every refused sign-in (many under attack) and never joined with tenant data:
 * a reference table would copy each of those writes to every node (docs/decisions/0014).
 */
const LOCAL_TABLES = new Set(["_prisma_migrations", "SignInThrottle", "SignInAttempt"]);

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

export async function isCitus(databaseUrl: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT 1 FROM pg_extension WHERE extname = 'citus'`);
    return rows.length > 0;
  } finally {
    await client.end();
  }
}

export async function distributeDatabase(
  databaseUrl: string,
  options: { shardCount?: number; log?: (line: string) => void } = {},
): Promise<DistributeResult> {
  const log = options.log ?? (() => undefined);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const extension = await client.query(`SELECT extversion FROM pg_extension WHERE extname = 'citus'`);
    if (extension.rows.length === 0) {
      throw new Error("this database has no citus extension: run `CREATE EXTENSION citus` on the coordinator and every worker, and register the workers (citus_add_node), before npm run db:distribute");
    }
    // A reference table that ordinary tables still point at would otherwise turn them into "Citus local
    // tables", which cannot be distributed any more; the foreign keys are kept and checked as usual.
    await client.query("SET citus.enable_local_reference_table_foreign_keys = off");
    if (options.shardCount) await client.query(`SET citus.shard_count = ${Math.trunc(options.shardCount)}`);
    // No JIT compilation for this database's statements, on the coordinator and (Citus propagates ALTER DATABASE … SET)
    // on every worker, where the shards' statements are planned. The dashboard's reads cost tens of milliseconds of
    // JIT compiling for a few milliseconds of work: a segment table 90 → 30 ms on the bench cluster (decision 0012).
    // The app's own sessions set it too (src/server/db.ts); this covers the workers, which those settings never reach.
    const { rows: [database] } = await client.query<{ name: string }>(`SELECT current_database() AS name`);
    await client.query(`ALTER DATABASE ${quote(database!.name)} SET jit = off`).catch((error: unknown) =>
      log(`jit: could not turn it off for the database (${error instanceof Error ? error.message : String(error)}); set jit = off on every node`),
    );

    const tables = (
      await client.query<{ name: string; tenant: boolean }>(`
        SELECT c.relname AS name,
               EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = $1 AND NOT a.attisdropped) AS tenant
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
        ORDER BY c.relname`, [TENANT_COLUMN])
    ).rows.filter((t) => !LOCAL_TABLES.has(t.name));
    const done = new Set(
      (await client.query<{ name: string }>(`
        SELECT c.relname AS name FROM pg_dist_partition p JOIN pg_class c ON c.oid = p.logicalrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'`)).rows.map((r) => r.name),
    );
    // Foreign keys between public tables: a referenced table is distributed before the tables referencing it.
    const edges = (
      await client.query<{ child: string; parent: string }>(`
        SELECT c.relname AS child, p.relname AS parent FROM pg_constraint k
        JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE k.contype = 'f' AND n.nspname = 'public' AND k.conrelid <> k.confrelid`)
    ).rows;

    const result: DistributeResult = { reference: [], distributed: [], skipped: 0, functions: [], casts: [] };
    const reference = tables.filter((t) => !t.tenant && t.name !== TENANT_TABLE).map((t) => t.name);
    const tenant = tables.filter((t) => t.tenant || t.name === TENANT_TABLE).map((t) => t.name);

    for (const name of reference) {
      if (done.has(name)) { result.skipped += 1; continue; }
      await client.query(`SELECT create_reference_table($1)`, [quote(name)]);
      result.reference.push(name);
      log(`reference table ${name}`);
    }

    const pending = new Set(tenant);
    const ordered: string[] = [];
    while (pending.size > 0) {
      const ready = [...pending].filter((name) =>
        edges.every((e) => e.child !== name || !pending.has(e.parent) || e.parent === name),
      );
      if (ready.length === 0) throw new Error(`foreign keys form a cycle among ${[...pending].join(", ")}`);
      ready.sort((a, b) => (a === TENANT_TABLE ? -1 : b === TENANT_TABLE ? 1 : a.localeCompare(b)));
      for (const name of ready) { ordered.push(name); pending.delete(name); }
    }
    for (const name of ordered) {
      if (done.has(name)) { result.skipped += 1; continue; }
      if (name === TENANT_TABLE) {
        await client.query(`SELECT create_distributed_table($1, 'id')`, [quote(name)]);
      } else {
        await client.query(`SELECT create_distributed_table($1, $2, colocate_with => $3)`, [quote(name), TENANT_COLUMN, quote(TENANT_TABLE)]);
      }
      result.distributed.push(name);
      log(`distributed ${name} by ${name === TENANT_TABLE ? "id" : TENANT_COLUMN}`);
    }

    // Functions created before `CREATE EXTENSION citus` (or with propagation off) exist only here.
    const functions = (
      await client.query<{ signature: string }>(`
        SELECT p.oid::regprocedure::text AS signature FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        LEFT JOIN pg_depend d ON d.objid = p.oid AND d.deptype = 'e'
        WHERE n.nspname = 'public' AND d.objid IS NULL
          AND NOT EXISTS (SELECT 1 FROM pg_dist_object o WHERE o.classid = 'pg_proc'::regclass AND o.objid = p.oid)`)
    ).rows;
    for (const { signature } of functions) {
      await client.query(`SELECT create_distributed_function($1)`, [signature]);
      result.functions.push(signature);
      log(`function ${signature} propagated to the workers`);
    }
    // Prisma returns enum columns as `"column"::text` in the RETURNING clause of its INSERTs and UPDATEs. That
    // cast goes through enum_out, which PostgreSQL marks STABLE (a label can be renamed), and Citus refuses any
    // non-IMMUTABLE function in RETURNING ("non-IMMUTABLE functions are not allowed in the RETURNING clause"). An
    // explicit enum → text cast through an IMMUTABLE function gives the same text and lets Citus plan it; AS
    // ASSIGNMENT keeps what the built-in I/O cast allowed. (Renaming an enum label is a migration that must
    // not rely on cached plans anyway.)
    const enums = (
      await client.query<{ name: string }>(`
        SELECT t.typname AS name FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE n.nspname = 'public' AND t.typtype = 'e'
          AND NOT EXISTS (SELECT 1 FROM pg_cast c WHERE c.castsource = t.oid AND c.casttarget = 'text'::regtype)
        ORDER BY 1`)
    ).rows;
    for (const { name } of enums) {
      const fn = quote(`${name}_to_text`);
      await client.query(`CREATE OR REPLACE FUNCTION public.${fn}(v public.${quote(name)}) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT textin(enum_out(v)) $$`);
      await client.query(`CREATE CAST (public.${quote(name)} AS text) WITH FUNCTION public.${fn}(public.${quote(name)}) AS ASSIGNMENT`);
      result.casts.push(name);
    }
    if (enums.length > 0) log(`immutable text casts for ${enums.length} enum type(s)`);
    // Respondents count their answers in their own transaction on Citus (docs/decisions/0034): nothing is ever pending
    // there. The readers' pending functions would run on a shard inside the reader's routed statement, where they
    // cannot read distributed tables; here they return nothing without reading anything. (A migration that
    // re-creates one needs `npm run db:distribute` again, which is idempotent.)
    const pendingFunctions = (
      await client.query<{ name: string; result: string }>(`
        SELECT p.proname AS name, pg_get_function_result(p.oid) AS result FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = 'public' AND p.proname LIKE 'pending\\_%\\_rows' ORDER BY 1`)
    ).rows;
    for (const { name, result: returns } of pendingFunctions) {
      await client.query(`CREATE OR REPLACE FUNCTION ${name}(org uuid) RETURNS ${returns} LANGUAGE plpgsql STABLE AS $$ BEGIN RETURN; END $$`);
      log(`${name}: nothing pending on Citus`);
    }
    return result;
  } finally {
    await client.end();
  }
}

/** The Citus install and cluster scripts shared by the machines (not part of the project; may be absent). */
export const CITUS_SHARED_DIR = path.resolve(import.meta.dirname, "../../../shared/citus");

/**
 * A fresh database on a running test cluster (`cluster.sh createdb`: the extension on the coordinator and both
 * workers, workers registered), then the migrations and the distribution step, as production runs them.
 */
export async function createCitusTestDatabase(options: { clusterDir: string; port: number; name: string; shardCount?: number }): Promise<string> {
  const script = path.join(CITUS_SHARED_DIR, "cluster.sh");
  const { stdout } = await execFileAsync("bash", [script, "createdb", options.clusterDir, String(options.port), options.name]);
  const url = stdout.trim().split("\n").pop() ?? "";
  await applyMigrations(url);
  await distributeDatabase(url, { shardCount: options.shardCount });
  return url;
}
