import type { attributesEn } from "@/i18n/messages/areas/attributes.en";

/** Every Settings → Attributes text, translated by the page (placeholders left for `interpolate`). */
export type AttributesLabels = Record<keyof typeof attributesEn, string>;

/** The messages a form's answer can name. */
export type AttributesMessageKey =
  | "attributes.error.forbidden"
  | "attributes.error.notFound"
  | "attributes.error.failed"
  | "attributes.error.invalid"
  | "attributes.error.label"
  | "attributes.error.bands"
  | "attributes.error.aliases"
  | "attributes.error.aliasLine"
  | "attributes.error.role"
  | "attributes.error.position";

/** What the edit form's server action answers. */
export type AttributesState = {
  ok: boolean;
  /** A new value on every answer: the form remounts with the posted values (after an error) or closes (after a success). */
  at?: number;
  /** The save started a recomputation of the aggregates. */
  rebuild?: boolean;
  error?: AttributesMessageKey;
  /** Form field name → message. */
  fields?: Partial<Record<string, AttributesMessageKey>>;
  /** Placeholders of the messages ({line}). */
  params?: Record<string, string | number>;
  /** What was posted, to refill the form after an error. */
  values?: Record<string, string>;
};

export type AttributesAction = (state: AttributesState, formData: FormData) => Promise<AttributesState>;
