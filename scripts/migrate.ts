/** `npm run db:migrate`: applies pending migrations to DATABASE_URL (or the embedded dev database). */
import { applyMigrations } from "./lib/migrations.ts";
import { redactUrl, resolveDatabase } from "./lib/database.ts";

const db = await resolveDatabase();
try {
  console.log(`migrating ${redactUrl(db.url)}`);
  const result = await applyMigrations(db.url, { log: console.log });
  console.log(
    result.applied.length === 0 ? "database is up to date" : `applied ${result.applied.length} migration(s)`,
  );
} finally {
  await db.stop();
}
