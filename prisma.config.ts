import { defineConfig } from "prisma/config";

// Only the Prisma CLI reads this file (`prisma generate`; `prisma migrate deploy` on a connected machine).
// The default is the dev database (DEFAULT_PORTS.dev, scripts/lib/ports.ts: below the ephemeral port range).
// The app builds its client in src/server/db.ts, and migrations run through scripts/migrate.ts.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations", seed: "tsx prisma/seed.ts" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://postgres:postgres@127.0.0.1:15329/nps" },
});
