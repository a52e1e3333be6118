import { describe, expect, it } from "vitest";

// This file's worker points the app at a port where no database listens (the suite's real database is
// untouched): the health contract must then answer 503, quickly, with JSON.
process.env.DATABASE_URL = "postgresql://postgres:postgres@127.0.0.1:1/nothing_here";

describe("GET /api/health without a database", () => {
  it("answers 503 {status: error, db: error}", async () => {
    const { GET } = await import("@/app/api/health/route");
    const started = Date.now();
    const response = await GET();
    expect(response.status).toBe(503);
    expect(await response.json()).toStrictEqual({ status: "error", db: "error" });
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
