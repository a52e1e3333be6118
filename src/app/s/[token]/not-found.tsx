import { createTranslator } from "@/i18n/translate";
import { getBrowserLocale } from "@/server/i18n/request-locale";

/** An unknown or malformed survey link: 404, explained in the respondent's language. */
export default async function RespondentNotFound() {
  const locale = (await getBrowserLocale()) ?? "zh-CN";
  const t = createTranslator(locale);
  return (
    <main lang={locale} className="mx-auto flex min-h-screen w-full max-w-xl flex-col px-4 py-6 sm:py-12">
      <section className="rounded-2xl border border-slate-200 bg-white p-5 shadow-sm sm:p-8">
        <div className="py-6 text-center" role="status" data-testid="link-not-found">
          <h1 className="text-2xl font-semibold text-slate-900">{t("respondent.notFound.title")}</h1>
          <p className="mt-3 text-base leading-relaxed text-slate-600">{t("respondent.notFound.body")}</p>
        </div>
      </section>
    </main>
  );
}
