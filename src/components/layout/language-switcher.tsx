import { LOCALES, type Locale } from "@/i18n/locales";
import { createTranslator } from "@/i18n/translate";
import { setLocaleAction } from "@/app/locale-actions";

/** One small form per language: works without JavaScript. */
export function LanguageSwitcher({ current }: { current: Locale }) {
  return (
    <div className="flex items-center gap-1 text-sm" role="group" aria-label="Language / 语言">
      {LOCALES.map((locale) => (
        <form key={locale} action={setLocaleAction}>
          <input type="hidden" name="locale" value={locale} />
          <button
            type="submit"
            lang={locale}
            aria-pressed={locale === current}
            className={`rounded px-2 py-1 ${locale === current ? "bg-slate-900 text-white" : "text-slate-600 hover:bg-slate-100"}`}
          >
            {createTranslator(locale)(`locale.${locale}`)}
          </button>
        </form>
      ))}
    </div>
  );
}
