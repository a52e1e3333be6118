import "server-only";
import type { z } from "zod";
import { AppError } from "@/lib/errors";

/** A zod failure as a 422 naming the fields. */
export function invalidInput(error: z.ZodError): AppError {
  const fields = error.issues.map((issue) => issue.path.map(String).join("."));
  const first = error.issues[0];
  return new AppError("validation_failed", first ? `${first.path.map(String).join(".")}: ${first.message}` : "Invalid input.", { fields });
}
