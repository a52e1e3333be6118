import "server-only";
import { NextResponse } from "next/server";
import { z } from "zod";
import { AppError, isAppError, type ErrorBody } from "@/lib/errors";

export function errorResponse(error: AppError): NextResponse<ErrorBody> {
  return NextResponse.json({ error: { code: error.code, message: error.message } }, { status: error.status });
}

/** Turns a zod failure into a readable 422 message naming the fields. */
export function validationError(error: z.ZodError): AppError {
  const message = error.issues
    .map((issue) => (issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message))
    .join("; ");
  return new AppError("validation_failed", message);
}

/**
 * Wraps a route handler: AppErrors become their 4xx JSON; anything else is logged (without request bodies,
 * which may hold personal data) and answered with a generic 500.
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
      console.error("unhandled route error:", error instanceof Error ? error.stack : String(error));
      return NextResponse.json<ErrorBody>(
        { error: { code: "internal_error", message: "Something went wrong on our side." } },
        { status: 500 },
      );
    }
  };
}
