import type { TestProject } from "vitest/node";
import { DEFAULT_PORTS, portFromEnv } from "../../scripts/lib/ports.ts";
import { startTestDatabase } from "../../scripts/lib/test-database.ts";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    adminDatabaseUrl: string;
  }
}

/** One real PostgreSQL for the integration suite: embedded, fresh database, migrations applied. */
export default async function setup(project: TestProject) {
  const database = await startTestDatabase({
    name: "nps_integration",
    port: portFromEnv("INTEGRATION_DB_PORT", DEFAULT_PORTS.integration),
    defaultPort: DEFAULT_PORTS.integration,
  });
  project.provide("databaseUrl", database.url);
  project.provide("adminDatabaseUrl", database.adminUrl);
  return async () => {
    await database.stop();
  };
}
