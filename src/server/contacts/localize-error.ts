import "server-only";
import { messagesFor, interpolate, type MessageKey } from "@/i18n/translate";
import type { Locale } from "@/i18n/locales";
import { AppError, isAppError } from "@/lib/errors";
import type { ImportProblemDetails } from "@/server/imports/import-source";

/** The catalogue key of an import problem code (contacts.import.error.<code>, else imports.error.<code>), if there is one. */
export function importProblemKey(code: string): MessageKey | null {
  const messages = messagesFor("en");
  const key = [`contacts.import.error.${code}`, `imports.error.${code}`].find((candidate) => candidate in messages);
  return (key as MessageKey | undefined) ?? null;
}

/** An import problem (AppError with ImportProblemDetails) re-worded in the user's language; anything else as is. */
export function localizeImportError(error: unknown, locale: Locale): unknown {
  if (!isAppError(error)) return error;
  const details = error.details as ImportProblemDetails | undefined;
  const key = details?.problem ? importProblemKey(details.problem) : error.code === "forbidden" ? "contacts.import.error.forbidden" : null;
  if (!key) return error;
  return new AppError(error.code, interpolate(messagesFor(locale)[key], { line: "?", ...details?.params }), error.details);
}
