/** What a Settings → Cases form's server action answers; texts are catalogue keys the page passes translated. */
export type CaseSettingsMessageKey =
  | "caseSettings.error.forbidden"
  | "caseSettings.error.notFound"
  | "caseSettings.error.failed"
  | "caseSettings.error.invalid"
  | "caseSettings.error.required"
  | "caseSettings.error.tooLong"
  | "caseSettings.error.hours"
  | "caseSettings.error.member"
  | "caseSettings.error.unit"
  | "caseSettings.error.maxScore"
  | "caseSettings.error.conditions"
  | "caseSettings.error.attributes"
  | "caseSettings.error.key"
  | "caseSettings.error.duplicateKey"
  | "caseSettings.error.placeholders"
  | "caseSettings.error.lastTemplate"
  | "caseSettings.error.ruleInUse"
  | "caseSettings.error.rootCauseInUse";

export const CASE_SETTINGS_MESSAGE_KEYS: readonly CaseSettingsMessageKey[] = [
  "caseSettings.error.forbidden",
  "caseSettings.error.notFound",
  "caseSettings.error.failed",
  "caseSettings.error.invalid",
  "caseSettings.error.required",
  "caseSettings.error.tooLong",
  "caseSettings.error.hours",
  "caseSettings.error.member",
  "caseSettings.error.unit",
  "caseSettings.error.maxScore",
  "caseSettings.error.conditions",
  "caseSettings.error.attributes",
  "caseSettings.error.key",
  "caseSettings.error.duplicateKey",
  "caseSettings.error.placeholders",
  "caseSettings.error.lastTemplate",
  "caseSettings.error.ruleInUse",
  "caseSettings.error.rootCauseInUse",
];

export type CaseSettingsState = {
  ok: boolean;
  /** A new value on every answer: forms remount with the posted values (after an error) or close (after a success). */
  at?: number;
  error?: CaseSettingsMessageKey;
  /** Form field name → message. */
  fields?: Partial<Record<string, CaseSettingsMessageKey>>;
  /** What was posted, to refill the form after an error. */
  values?: Record<string, string | string[]>;
};

export type CaseSettingsAction = (state: CaseSettingsState, formData: FormData) => Promise<CaseSettingsState>;
