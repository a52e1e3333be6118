/**
 * A second app server for the first-run Playwright spec (tests/e2e/setup.spec.ts): the e2e build (E2E_DIST_DIR)
 * started on an EMPTY database (migrated, no demo seed) on the e2e suite's embedded PostgreSQL (E2E_DB_PORT),
 * with its own mail catcher. The spec starts it and stops it (SIGTERM); the main e2e server keeps its seeded demo.
 * Ports: FIRST_RUN_PORT (the app) and FIRST_RUN_MAIL_PORT.
 */
import { recreateDatabase } from "./lib/embedded-postgres.ts";
import { startMailCatcher } from "./lib/mail-catcher.ts";
import { applyMigrations } from "./lib/migrations.ts";
import { DEFAULT_PORTS, portFromEnv } from "./lib/ports.ts";
import { runNext, superviseChild } from "./lib/run-next.ts";

const port = Number(process.env.FIRST_RUN_PORT ?? 3105);
const mailPort = Number(process.env.FIRST_RUN_MAIL_PORT ?? port + 1);
const dbPort = portFromEnv("E2E_DB_PORT", DEFAULT_PORTS.e2e);
const external = process.env.DATABASE_URL_TEST;
const adminUrl = external ? Object.assign(new URL(external), { pathname: "/postgres" }).toString() : `postgresql://postgres:postgres@127.0.0.1:${dbPort}/postgres`;
const name = "nps_e2e_first_run";
await recreateDatabase(adminUrl, name);
const databaseUrl = Object.assign(new URL(adminUrl), { pathname: `/${name}` }).toString();
await applyMigrations(databaseUrl);

const catcher = await startMailCatcher({ port: mailPort, databaseUrl, log: (line) => console.log(`[first-run] ${line}`) });
const { child, exited } = runNext(["start", "--port", String(port)], {
  ...process.env,
  NODE_ENV: "production",
  DATABASE_URL: databaseUrl,
  AUTH_SECRET: "e2e-first-run-secret-not-for-production-0123",
  // Stored webhook / chat / SSO secrets are encrypted (production refuses without a key); a fixed test key.
  SECRETS_ENCRYPTION_KEY: process.env.SECRETS_ENCRYPTION_KEY ?? "ZTJlLXNlY3JldHMta2V5LW5vdC1mb3ItcHJvZCEhISE=",
  NEXTAUTH_URL: `http://localhost:${port}`,
  APP_URL: `http://localhost:${port}`,
  NEXT_DIST_DIR: process.env.E2E_DIST_DIR ?? ".next-e2e",
  NEXT_TELEMETRY_DISABLED: "1",
  DEV_MAILBOX: "1",
  MAIL_CATCHER_PORT: String(mailPort),
  SMTP_URL: "",
});
superviseChild(child, exited, async () => {
  await catcher.stop();
});
