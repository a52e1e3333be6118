import "server-only";
import { notFound, redirect } from "next/navigation";
import { isAppError } from "@/lib/errors";

/**
 * For server actions that have no form state to report into: a refusal (an AppError with a 4xx status —
 * another organisation's record, a role too low, input the form never offers) answers 404 like a page the
 * viewer cannot see, and a missing session goes to the sign-in page; Next.js would answer 500 for the raw
 * error. Anything else is rethrown.
 */
export function rethrowRefusal(error: unknown): never {
  if (isAppError(error) && error.code === "unauthorized") redirect("/login");
  if (isAppError(error) && error.status >= 400 && error.status < 500) notFound();
  throw error;
}
