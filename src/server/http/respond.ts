import "server-only";
import { NextResponse } from "next/server";
import { z } from "zod";
import { AppError, isAppError, type ErrorBody } from "@/lib/errors";
import { isDatabaseUnavailable, retryAfterSeconds, unavailableResponse } from "./database-unavailable";

export function errorResponse(error: AppError): NextResponse<ErrorBody> {
  const headers: Record<string, string> = error.status === 503 ? { "Retry-After": String(retryAfterSeconds()) } : {};
  return NextResponse.json({ error: { code: error.code, message: error.message } }, { status: error.status, headers });
}

/** Turns a zod failure into a readable 422 message naming the fields. */
export function validationError(error: z.ZodError): AppError {
  const message = error.issues
    .map((issue) => (issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message))
    .join("; ");
  return new AppError("validation_failed", message);
}

/**
 * Wraps a route handler: AppErrors become their 4xx JSON; a database that is down or too busy to hand out a
 * connection in time becomes 503 `unavailable` with Retry-After (the client retries; never a 500); anything
 * else is logged (without request bodies, which may hold personal data) and answered with a generic 500.
 */
export function handleRoute<Args extends unknown[]>(
  handler: (...args: Args) => Promise<Response>,
): (...args: Args) => Promise<Response> {
  return async (...args: Args) => {
    try {
      return await handler(...args);
    } catch (error) {
      if (isAppError(error)) return errorResponse(error);
      if (error instanceof z.ZodError) return errorResponse(validationError(error));
      if (isDatabaseUnavailable(error)) {
        console.warn("database unavailable:", error instanceof Error ? error.message.split("\n")[0] : String(error));
        return unavailableResponse();
      }
      console.error("unhandled route error:", error instanceof Error ? error.stack : String(error));
      return NextResponse.json<ErrorBody>(
        { error: { code: "internal_error", message: "Something went wrong on our side." } },
        { status: 500 },
      );
    }
  };
}
