/**
 * The server the Playwright suite runs against: a fresh database on the embedded PostgreSQL, migrated and
 * seeded with the demo organisation, and a production build of the app (`next build` + `next start`).
 * Set E2E_SKIP_BUILD=1 to reuse the last e2e build while iterating on tests. E2E_PORT, E2E_DB_PORT and
 * E2E_DIST_DIR move the app, its database and its build aside, so two suites can run side by side.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { seedIfEmpty } from "../prisma/seed.ts";
import { PROJECT_ROOT } from "./lib/database.ts";
import { startMailCatcher } from "./lib/mail-catcher.ts";
import { DEFAULT_PORTS, portFromEnv } from "./lib/ports.ts";
import { runNext, superviseChild } from "./lib/run-next.ts";
import { runWorker } from "./lib/run-worker.ts";
import { startTestDatabase } from "./lib/test-database.ts";

const port = Number(process.env.E2E_PORT ?? 3100);
const distDir = process.env.E2E_DIST_DIR ?? ".next-e2e";
const database = await startTestDatabase({ name: "nps_e2e", port: portFromEnv("E2E_DB_PORT", DEFAULT_PORTS.e2e), defaultPort: DEFAULT_PORTS.e2e });
await seedIfEmpty(database.url);

const env: NodeJS.ProcessEnv = {
  ...process.env,
  DATABASE_URL: database.url,
  AUTH_SECRET: "e2e-secret-not-for-production-0123456789",
  // Stored webhook / chat / SSO secrets are encrypted (production refuses without a key); a fixed test key.
  SECRETS_ENCRYPTION_KEY: process.env.SECRETS_ENCRYPTION_KEY ?? "ZTJlLXNlY3JldHMta2V5LW5vdC1mb3ItcHJvZCEhISE=",
  NEXTAUTH_URL: `http://localhost:${port}`,
  NEXT_DIST_DIR: distDir,
  SHOW_DEMO_LOGIN: "1",
  NEXT_TELEMETRY_DISABLED: "1",
  // Mail goes to the local catcher; the dev mailbox shows it even in this production build.
  DEV_MAILBOX: "1",
  // The webhook specs deliver to receivers the tests start on 127.0.0.1.
  WEBHOOKS_ALLOW_PRIVATE_URLS: "1",
  APP_URL: `http://localhost:${port}`,
  MAIL_CATCHER_PORT: String(Number(process.env.E2E_MAIL_PORT ?? port + 1000)),
  SMTP_URL: "",
};

if (process.env.E2E_SKIP_BUILD !== "1" || !existsSync(path.join(PROJECT_ROOT, distDir, "BUILD_ID"))) {
  const started = Date.now();
  const build = runNext(["build"], { ...env, NODE_ENV: "production" });
  const code = await build.exited;
  if (code !== 0) {
    await database.stop();
    process.exit(code);
  }
  console.log(`[e2e] next build took ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
const catcher = await startMailCatcher({ port: Number(env.MAIL_CATCHER_PORT), databaseUrl: database.url, log: (line) => console.log(`[e2e] ${line}`) });
const worker = runWorker({ ...env, NODE_ENV: "production" });
const { child, exited } = runNext(["start", "--port", String(port)], { ...env, NODE_ENV: "production" });
superviseChild(child, exited, async () => {
  await worker.stop();
  await catcher.stop();
  await database.stop();
});
