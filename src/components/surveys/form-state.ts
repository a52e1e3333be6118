import type { FormState, ValidationKey } from "@/app/(app)/surveys/actions";

/** The translated message for `field` in a form's last state, if it had an error. */
export function fieldError(state: FormState, messages: Record<ValidationKey, string>, field: string): string | undefined {
  const key = state.fieldErrors?.[field];
  return key ? messages[key] : undefined;
}
