import { COMMON_PASSWORDS_TEXT } from "./common-passwords";

/** At least this many characters (Unicode code points). */
export const PASSWORD_MIN_LENGTH = 10;
/** At most this many (the sign-in schema accepts up to 200). */
export const PASSWORD_MAX_LENGTH = 200;

/** Why a password is refused; the forms show the catalogue's `members.password.<reason>` message. */
export type PasswordProblem = "too_short" | "too_long" | "common" | "same_as_email";

let common: Set<string> | null = null;
function commonPasswords(): Set<string> {
  common ??= new Set(COMMON_PASSWORDS_TEXT.split("\n"));
  return common;
}

function normalise(password: string): string {
  return password.normalize("NFKC").trim().toLowerCase();
}

/**
 * The password rules for new and reset passwords: at least 10 characters, at most 200, not one of the bundled
 * common (breached) passwords (src/lib/common-passwords.ts, compared without case), and not the account's email.
 * Returns the first problem, or null when the password may be used.
 */
export function checkPassword(password: string, options: { email?: string | null } = {}): PasswordProblem | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return "too_short";
  if (length > PASSWORD_MAX_LENGTH) return "too_long";
  const normalised = normalise(password);
  if (commonPasswords().has(normalised)) return "common";
  const email = options.email?.trim().toLowerCase();
  if (email && (normalised === email || normalised === email.split("@")[0])) return "same_as_email";
  return null;
}
