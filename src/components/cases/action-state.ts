/** What a case form's server action answers; `error` is a catalogue key the page passes translated. */
export type CaseMessageKey =
  | "cases.error.forbidden"
  | "cases.error.notFound"
  | "cases.error.conflict"
  | "cases.error.invalid"
  | "cases.error.failed"
  | "cases.rootCause.required"
  | "cases.reply.noEmail"
  | "cases.reply.sendFailed"
  | "privacy.reply.refused";

export type CaseActionState = { ok: boolean; error?: CaseMessageKey; at?: number };

export const CASE_MESSAGE_KEYS: readonly CaseMessageKey[] = [
  "cases.error.forbidden",
  "cases.error.notFound",
  "cases.error.conflict",
  "cases.error.invalid",
  "cases.error.failed",
  "cases.rootCause.required",
  "cases.reply.noEmail",
  "cases.reply.sendFailed",
  "privacy.reply.refused",
];
