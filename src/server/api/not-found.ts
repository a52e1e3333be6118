import "server-only";
import { AppError } from "@/lib/errors";
import { errorResponse } from "@/server/http/respond";

/** The JSON 404 of a path under /api/v1 that does not exist (the catch-all route). */
export function notFoundResponse(request: Request): Response {
  const path = new URL(request.url).pathname.slice(0, 200);
  return errorResponse(
    new AppError("not_found", `No such API endpoint: ${request.method.toUpperCase()} ${path}. See /api/v1/openapi.json.`),
  );
}
