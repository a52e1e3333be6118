/** What the "add class" form's server action answers; texts are catalogue keys the page passes translated. */
export type AddClassMessageKey = "classes.error.duplicate" | "classes.error.keyFormat" | "classes.error.name" | "classes.error.forbidden" | "classes.names.added";

export const ADD_CLASS_MESSAGE_KEYS: readonly AddClassMessageKey[] = [
  "classes.error.duplicate",
  "classes.error.keyFormat",
  "classes.error.name",
  "classes.error.forbidden",
  "classes.names.added",
];

export type AddClassField = "key" | "nameZh" | "nameEn";

export type AddClassState = {
  ok: boolean;
  /** A new value on every answer: the form remounts with the posted values (after an error) or empty (after a success). */
  at?: number;
  error?: AddClassMessageKey;
  fields?: Partial<Record<AddClassField, AddClassMessageKey>>;
  /** What was posted, to refill the form after an error. */
  values?: Record<AddClassField, string>;
};
