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
import { runNext, superviseChild } from "./lib/run-next.ts";
import { startTestDatabase } from "./lib/test-database.ts";

const port = Number(process.env.E2E_PORT ?? 3100);
const distDir = process.env.E2E_DIST_DIR ?? ".next-e2e";
const database = await startTestDatabase({ name: "nps_e2e", port: Number(process.env.E2E_DB_PORT ?? 54339), defaultPort: 54339 });
await seedIfEmpty(database.url);

const env: NodeJS.ProcessEnv = {
  ...process.env,
  DATABASE_URL: database.url,
  AUTH_SECRET: "e2e-secret-not-for-production-0123456789",
  NEXTAUTH_URL: `http://localhost:${port}`,
  NEXT_DIST_DIR: distDir,
  SHOW_DEMO_LOGIN: "1",
  NEXT_TELEMETRY_DISABLED: "1",
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
const { child, exited } = runNext(["start", "--port", String(port)], { ...env, NODE_ENV: "production" });
superviseChild(child, exited, database.stop);
