import type { caseSettingsEn } from "@/i18n/messages/areas/case-settings.en";
import type { CaseSettingsMessageKey, CaseSettingsState } from "./state";

/** Every Settings → Cases text, translated by the page ({max} and {list} filled; row-specific placeholders left for `interpolate`). */
export type CaseSettingsLabels = Record<keyof typeof caseSettingsEn, string>;
export type CaseSettingsMessages = Record<CaseSettingsMessageKey, string>;

/** The value posted last time (after an error), else the stored one. */
export function posted(state: CaseSettingsState, name: string, fallback: string): string {
  const value = state.ok ? undefined : state.values?.[name];
  return typeof value === "string" ? value : fallback;
}

export function fieldError(state: CaseSettingsState, messages: CaseSettingsMessages, name: string): string | undefined {
  const key = state.ok ? undefined : state.fields?.[name];
  return key ? messages[key] : undefined;
}

export const textareaClass =
  "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-blue-600 focus:outline-none focus:ring-2 focus:ring-blue-600";

export const smallButtonClass = "rounded border border-slate-300 bg-white px-2 py-1 text-xs font-medium text-slate-800 hover:bg-slate-50 disabled:opacity-50";
