import { z } from "zod";
import { LOCALES, type Locale } from "@/i18n/locales";

/** Text written per locale, e.g. {"zh-CN": "…", "en": "…"}. */
export const localizedTextSchema = z.partialRecord(z.enum(LOCALES), z.string().max(2000));
export type LocalizedText = Partial<Record<Locale, string>>;

/** The text in `locale`, else in `fallback`, else any text there is. */
export function pickText(text: unknown, locale: Locale, fallback: Locale): string {
  const parsed = localizedTextSchema.safeParse(text);
  if (!parsed.success) return "";
  const value = parsed.data;
  return value[locale] ?? value[fallback] ?? Object.values(value).find((v) => v !== undefined) ?? "";
}
