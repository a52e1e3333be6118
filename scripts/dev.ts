/**
 * `npm run dev`: zero-config development. Starts the embedded PostgreSQL (unless DATABASE_URL is set),
 * applies migrations, seeds the demo organisation into an empty database, then runs `next dev`.
 */
import path from "node:path";
import { printDemoLogins, seedIfEmpty } from "../prisma/seed.ts";
import { localAuthSecret } from "./lib/auth-secret.ts";
import { PROJECT_ROOT, redactUrl, resolveDatabase } from "./lib/database.ts";
import { applyMigrations } from "./lib/migrations.ts";
import { startMailCatcher } from "./lib/mail-catcher.ts";
import { runNext, superviseChild } from "./lib/run-next.ts";
import { runWorker } from "./lib/run-worker.ts";

const started = Date.now();
const port = Number(process.env.PORT ?? 3000);
const log = (line: string) => console.log(`[dev] ${line}`);

process.env.CHECKPOINT_DISABLE = "1";
process.env.NEXT_TELEMETRY_DISABLED = "1";

const database = await resolveDatabase(log);
try {
  log(`database: ${redactUrl(database.url)}${database.embedded ? " (embedded)" : ""}`);
  await applyMigrations(database.url, { log });
  const seeded = await seedIfEmpty(database.url);
  if (seeded) log(`seeded the demo organisation: ${seeded.contacts} contacts, ${seeded.responses} responses`);
} catch (error) {
  await database.stop();
  throw error;
}

const appUrl = process.env.APP_URL ?? `http://localhost:${port}`;
// Mail: SMTP_URL when set; otherwise a local catcher whose mail shows up in the dev mailbox (/dev/mailbox).
const catcherPort = Number(process.env.MAIL_CATCHER_PORT ?? 2525);
const catcher = process.env.SMTP_URL ? null : await startMailCatcher({ port: catcherPort, databaseUrl: database.url, log });
// A worker that exits anyway (a bug, a crash) is started again, with back-off, and the restart is logged.
const worker = runWorker({ ...process.env, DATABASE_URL: database.url, APP_URL: appUrl, MAIL_CATCHER_PORT: String(catcherPort) }, { restart: true, log });
const { child, exited } = runNext(["dev", "--port", String(port)], {
  ...process.env,
  DATABASE_URL: database.url,
  AUTH_SECRET: localAuthSecret(path.join(PROJECT_ROOT, ".data")),
  NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? appUrl,
  MAIL_CATCHER_PORT: String(catcherPort),
});
superviseChild(child, exited, async () => {
  await worker.stop();
  await catcher?.stop();
  await database.stop();
});
log(`ready for Next.js after ${((Date.now() - started) / 1000).toFixed(1)} s — open ${appUrl}`);
printDemoLogins((line) => log(line));
