import { describe, expect, it } from "vitest";
import { Prisma } from "@/generated/prisma/client";
import { AppError } from "@/lib/errors";
import { isDatabaseUnavailable, retryAfterSeconds } from "@/server/http/database-unavailable";

const pgError = (code: string, message: string) => Object.assign(new Error(message), { code, severity: "FATAL" });
const known = (code: string, message = "x") => new Prisma.PrismaClientKnownRequestError(message, { code, clientVersion: "7" });

describe("isDatabaseUnavailable", () => {
  it("recognises a database that is down, restarting, refusing or too busy", () => {
    expect(isDatabaseUnavailable(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" }))).toBe(true);
    expect(isDatabaseUnavailable(pgError("57P01", "terminating connection due to administrator command"))).toBe(true);
    expect(isDatabaseUnavailable(pgError("57P03", "the database system is starting up"))).toBe(true);
    expect(isDatabaseUnavailable(pgError("53300", "sorry, too many clients already"))).toBe(true);
    expect(isDatabaseUnavailable(new Error("timeout exceeded when trying to connect"))).toBe(true);
    expect(isDatabaseUnavailable(new Error("Connection terminated unexpectedly"))).toBe(true);
    expect(isDatabaseUnavailable(known("P2028", "Transaction API error: Unable to start a transaction in the given time."))).toBe(true);
    expect(isDatabaseUnavailable(known("P1001"))).toBe(true);
    expect(isDatabaseUnavailable(new Error("wrapped", { cause: pgError("08006", "connection failure") }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("adapter"), { cause: { kind: "DatabaseNotReachable" } }))).toBe(true);
    // A raw query on a connection the server closed (seen while PostgreSQL restarts): P2010 with the driver's error in meta.
    const closed = new Prisma.PrismaClientKnownRequestError("Invalid `prisma.$queryRaw()` invocation: Raw query failed. Code: `N/A`.", {
      code: "P2010",
      clientVersion: "7",
      meta: { driverAdapterError: { name: "DriverAdapterError", cause: { kind: "ConnectionClosed" } } },
    });
    expect(isDatabaseUnavailable(closed)).toBe(true);
    expect(isDatabaseUnavailable(new Error("Raw query failed. Message: `Server has closed the connection.`"))).toBe(true);
    // A P2010 whose driver error is a real query mistake is not.
    const mistake = new Prisma.PrismaClientKnownRequestError("Raw query failed.", {
      code: "P2010",
      clientVersion: "7",
      meta: { driverAdapterError: { name: "DriverAdapterError", cause: { kind: "postgres", code: "42703", message: "column does not exist" } } },
    });
    expect(isDatabaseUnavailable(mistake)).toBe(false);
  });

  it("leaves the request's own mistakes and real bugs alone", () => {
    expect(isDatabaseUnavailable(new AppError("validation_failed", "score: Choose a score"))).toBe(false);
    expect(isDatabaseUnavailable(known("P2002", "Unique constraint failed"))).toBe(false);
    expect(isDatabaseUnavailable(pgError("23505", "duplicate key value violates unique constraint"))).toBe(false);
    expect(isDatabaseUnavailable(new TypeError("Cannot read properties of undefined"))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
  });
});

describe("retryAfterSeconds", () => {
  it("is a whole number of seconds from 2 to 4", () => {
    for (let i = 0; i < 50; i += 1) expect([2, 3, 4]).toContain(retryAfterSeconds());
  });
});
