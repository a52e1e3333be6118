/** Migration 20261207000400_api_key_scopes: keys made before scopes keep working with full read scope. */
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { FULL_READ_SCOPES } from "@/lib/api-scopes";
import { recreateDatabase } from "../../scripts/lib/embedded-postgres.ts";
import { listMigrations } from "../../scripts/lib/migrations.ts";

const MIGRATION = "20261207000400_api_key_scopes";
const database = "nps_api_key_scopes_check";
const adminUrl = inject("adminDatabaseUrl");

function urlFor(name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

let client: pg.Client;

beforeAll(async () => {
  await recreateDatabase(adminUrl, database);
  client = new pg.Client({ connectionString: urlFor(database) });
  await client.connect();
}, 120_000);

afterAll(async () => {
  await client.end();
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await admin.end();
});

describe(`migration ${MIGRATION}`, () => {
  it("gives a key that existed before it read on every resource, no write, no personal data, no unit, 600 a minute", async () => {
    const migrations = listMigrations();
    const mine = migrations.find((m) => m.name === MIGRATION);
    expect(mine).toBeDefined();
    for (const migration of migrations.filter((m) => m.name < MIGRATION)) await client.query(migration.sql);

    const organizationId = randomUUID();
    const keyId = randomUUID();
    await client.query(`INSERT INTO "Organization" ("id", "name", "slug", "updatedAt") VALUES ($1, 'Old Bank', $2, now())`, [organizationId, `old-bank-${organizationId}`]);
    await client.query(`INSERT INTO "ApiKey" ("id", "organizationId", "name", "prefix", "hash") VALUES ($1, $2, 'CRM', 'AbCd1234', $3)`, [
      keyId,
      organizationId,
      "0".repeat(64),
    ]);

    await client.query(mine?.sql ?? "");
    const { rows } = await client.query<{ scopes: string[]; personalData: boolean; scopeUnitId: string | null; rateLimitPerMinute: number }>(
      `SELECT "scopes", "personalData", "scopeUnitId", "rateLimitPerMinute" FROM "ApiKey" WHERE "id" = $1`,
      [keyId],
    );
    // What they could do before: read figures and trigger invitations (campaigns:write).
    expect(rows[0]).toEqual({ scopes: FULL_READ_SCOPES.map((s) => (s === "campaigns:read" ? "campaigns:write" : s)), personalData: false, scopeUnitId: null, rateLimitPerMinute: 600 });
  });
});
