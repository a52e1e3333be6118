import { inject } from "vitest";

// Runs before each test file is imported, so src/env.ts and src/server/db.ts see the test database.
process.env.DATABASE_URL = inject("databaseUrl");
process.env.AUTH_SECRET ??= "integration-tests-secret-0123456789abcdef";
