import { readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { recreateDatabase } from "../../scripts/lib/embedded-postgres.ts";
import { applyMigrations, listMigrations } from "../../scripts/lib/migrations.ts";
import { diffSchemas } from "../../scripts/lib/schema-engine.ts";

const root = path.resolve(import.meta.dirname, "../..");
const schema = readFileSync(path.join(root, "prisma/schema.prisma"), "utf8");
const adminUrl = inject("adminDatabaseUrl");

function urlFor(database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Everything about a database's structure that Prisma's schema describes, as comparable text. */
async function catalog(url: string): Promise<Record<string, string[]>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const q = async (sql: string) => (await client.query<{ line: string }>(sql)).rows.map((r) => r.line).sort();
    return {
      columns: await q(`
        SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || udt_name || ' ' || is_nullable || ' ' ||
               coalesce(column_default, '') || ' ' || coalesce(character_maximum_length::text, '') || ' ' ||
               coalesce(datetime_precision::text, '') AS line
        FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`),
      indexes: await q(`SELECT indexdef AS line FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`),
      constraints: await q(`
        SELECT conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) AS line
        FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND contype IN ('p', 'f', 'u')
          AND conrelid::regclass::text <> '_prisma_migrations'`),
      enums: await q(`
        SELECT t.typname || ': ' || string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) AS line
        FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname`),
    };
  } finally {
    await client.end();
  }
}

describe("migrations", () => {
  const fromMigrations = "nps_migrations_check";
  const fromSchema = "nps_schema_check";

  beforeAll(async () => {
    await recreateDatabase(adminUrl, fromMigrations);
    await recreateDatabase(adminUrl, fromSchema);
  });
  afterAll(async () => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${fromMigrations} WITH (FORCE)`);
    await client.query(`DROP DATABASE IF EXISTS ${fromSchema} WITH (FORCE)`);
    await client.end();
  });

  it("produce exactly the database that schema.prisma describes", async () => {
    await applyMigrations(urlFor(fromMigrations));
    const sql = await diffSchemas({ from: null, to: schema, databaseUrl: urlFor(fromSchema) });
    const client = new pg.Client({ connectionString: urlFor(fromSchema) });
    await client.connect();
    await client.query(sql);
    await client.end();
    const [a, b] = await Promise.all([catalog(urlFor(fromMigrations)), catalog(urlFor(fromSchema))]);
    expect(a.columns?.length).toBeGreaterThan(50);
    expect(a).toEqual(b);
  });

  it("leave nothing for the next migration to do (snapshot matches schema.prisma)", async () => {
    const snapshot = readFileSync(path.join(root, "prisma/schema.snapshot.prisma"), "utf8");
    const pending = await diffSchemas({ from: snapshot, to: schema, databaseUrl: urlFor(fromSchema) });
    expect(pending).toBe("");
  });

  it("are recorded in _prisma_migrations as Prisma records them, and re-running applies nothing", async () => {
    const url = urlFor(fromMigrations);
    const again = await applyMigrations(url);
    expect(again.applied).toEqual([]);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query<{ migration_name: string; checksum: string; finished_at: Date | null; applied_steps_count: number }>(
      `SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    await client.end();
    const files = listMigrations();
    expect(rows.map((r) => r.migration_name)).toEqual(files.map((m) => m.name));
    for (const [i, row] of rows.entries()) {
      expect(row.checksum).toBe(files[i]?.checksum);
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.applied_steps_count).toBe(1);
    }
  });

  it("enforce the hand-written constraints: score range and category agreement", async () => {
    const client = new pg.Client({ connectionString: urlFor(fromMigrations) });
    await client.connect();
    try {
      const defs = (
        await client.query<{ conname: string }>(`SELECT conname FROM pg_constraint WHERE contype = 'c' AND connamespace = 'public'::regnamespace`)
      ).rows.map((r) => r.conname);
      expect(defs).toEqual(
        expect.arrayContaining(["Response_score_range", "Response_category_matches_score", "Invitation_token_length"]),
      );
    } finally {
      await client.end();
    }
  });
});
