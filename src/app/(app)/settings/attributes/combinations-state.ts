import type { combinationsEn } from "@/i18n/messages/areas/combinations.en";

/** Every Settings → Attributes → Combined analyses text, translated by the page (placeholders left for `interpolate`). */
export type CombinationsLabels = Record<keyof typeof combinationsEn, string>;

/** The messages the combinations' actions can answer with. */
export type CombinationsMessageKey =
  | "combinations.error.forbidden"
  | "combinations.error.choose"
  | "combinations.error.duplicate"
  | "combinations.error.notDimension"
  | "combinations.error.limit"
  | "combinations.error.notFound"
  | "combinations.error.failed";

/** What the add form's server action answers. */
export type AddCombinationState = {
  ok: boolean;
  /** A new value on every answer, so the form remounts (refilled after an error, emptied after a success). */
  at?: number;
  error?: CombinationsMessageKey;
  /** What was posted (first, second, third), to refill the form after an error. */
  values?: Record<string, string>;
};

/** A configured combination as the page shows it. */
export type CombinationRow = {
  id: string;
  /** The keys' display names in the page's language, in the stored (sorted) order. */
  names: string[];
  ready: boolean;
  /** Keys that are no longer dimensions (the combination then counts nothing). */
  inactiveKeys: string[];
  createdAt: string;
};
