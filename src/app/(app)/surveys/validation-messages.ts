import type { Translate } from "@/i18n/translate";
import type { ValidationKey } from "./actions";

const KEYS: ValidationKey[] = [
  "validation.required",
  "validation.email",
  "validation.touchpoint",
  "validation.tooLong",
  "validation.invalid",
  "validation.forbidden",
  "validation.closed",
  "validation.notOpen",
  "validation.failed",
  "validation.unsubscribed",
];

/** The form messages, translated for the client form components. */
export function validationMessages(t: Translate): Record<ValidationKey, string> {
  return Object.fromEntries(KEYS.map((key) => [key, t(key)])) as Record<ValidationKey, string>;
}
