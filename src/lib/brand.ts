import { isLocale } from "@/i18n/locales";
import { localizedTextSchema } from "@/schemas/localized";

/** What a brand is read from: a survey row (or its content) with its default name and its names per language. */
export type BrandSource = { brandName: string; brandNames?: unknown };

/**
 * The brand to write into "{brand}" for a reader in `locale`: the survey's name in that language, else its
 * default `brandName`. The one helper for the respondent page, the builder's preview, invitation and reminder
 * emails, the case page and replies: where a language is known, never interpolate `brandName` directly.
 */
export function brandIn(source: BrandSource, locale: string | null | undefined): string {
  if (!isLocale(locale)) return source.brandName;
  const names = localizedTextSchema.safeParse(source.brandNames ?? {});
  const named = names.success ? names.data[locale]?.trim() : undefined;
  return named || source.brandName;
}
