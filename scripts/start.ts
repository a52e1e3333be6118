/**
 * `npm start` (production, after `npm run build`): applies pending migrations to DATABASE_URL, then runs
 * `next start`. Requires DATABASE_URL and AUTH_SECRET; never seeds demo data (use `npm run db:seed`).
 */
import { redactUrl } from "./lib/database.ts";
import { applyMigrations } from "./lib/migrations.ts";
import { runNext, superviseChild } from "./lib/run-next.ts";

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error("DATABASE_URL is required for npm start (the embedded database is for `npm run dev`).");
  process.exit(2);
}
if (!process.env.AUTH_SECRET && !process.env.NEXTAUTH_SECRET) {
  console.error("AUTH_SECRET is required for npm start (32+ random characters, e.g. `openssl rand -base64 32`).");
  process.exit(2);
}
console.log(`[start] migrating ${redactUrl(databaseUrl)}`);
await applyMigrations(databaseUrl, { log: (line) => console.log(`[start] ${line}`) });
const port = process.env.PORT ?? "3000";
const { child, exited } = runNext(["start", "--port", port], {
  ...process.env,
  NODE_ENV: "production",
  NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? process.env.APP_URL ?? `http://localhost:${port}`,
});
superviseChild(child, exited, async () => undefined);
