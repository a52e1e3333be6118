import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { LOCALES, type Locale } from "@/i18n/locales";
import { createTranslator, type Translate } from "@/i18n/translate";
import { COMMENT_MAX_LENGTH } from "@/schemas/response";
import { getBrowserLocale } from "@/server/i18n/request-locale";
import { getRespondentView, type RespondentView } from "@/server/responses/get-respondent-view";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { robots: { index: false, follow: false }, referrer: "no-referrer" };

type Props = {
  params: Promise<{ token: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

const SCORES = Array.from({ length: 11 }, (_, i) => i);

function single(value: string | string[] | undefined): string | null {
  return typeof value === "string" ? value : null;
}

/**
 * The respondent page: server-rendered HTML, a plain form that works with JavaScript off. A `?score=N`
 * one-click link preselects N and records nothing; the answer is recorded on submit.
 */
export default async function RespondentPage({ params, searchParams }: Props) {
  const { token } = await params;
  const query = await searchParams;
  const view = await getRespondentView({
    token,
    requestedLocale: single(query.lang),
    browserLocale: await getBrowserLocale(),
  });
  if (view.state === "not_found") notFound();
  const locale: Locale = view.locale;
  const t = createTranslator(locale);
  const preselected = Number.parseInt(single(query.score) ?? "", 10);
  const justAnswered = single(query.done) === "1";

  return (
    <main lang={locale} className="mx-auto flex min-h-screen w-full max-w-xl flex-col px-4 py-6 sm:py-12">
      <header className="mb-4 flex items-center justify-between gap-4">
        <p className="text-base font-semibold text-slate-700">{view.brand}</p>
        <LanguageLinks
          token={token}
          current={locale}
          available={view.locales}
          keep={view.state === "answered" && justAnswered ? "&done=1" : ""}
        />
      </header>
      <section className="rounded-2xl border border-slate-200 bg-white p-5 shadow-sm sm:p-8">
        <Body view={view} t={t} token={token} preselected={preselected} justAnswered={justAnswered} locale={locale} />
      </section>
    </main>
  );
}

function Body({
  view,
  t,
  token,
  preselected,
  justAnswered,
  locale,
}: {
  view: Exclude<RespondentView, { state: "not_found" }>;
  t: Translate;
  token: string;
  preselected: number;
  justAnswered: boolean;
  locale: Locale;
}) {
  if (view.state === "closed") {
    return <Message title={t("respondent.closed.title")} body={t("respondent.closed.body")} />;
  }
  if (view.state === "answered") {
    if (justAnswered) {
      const body = view.category
        ? t(`respondent.thanks.${view.category}`, { brand: view.brand })
        : t("respondent.thanks.none");
      return <Message title={t("respondent.thanks.title")} body={body} testId="thanks" />;
    }
    return <Message title={t("respondent.already.title")} body={t("respondent.already.body")} testId="already-answered" />;
  }
  return (
    <form method="post" action={`/s/${encodeURIComponent(token)}/answer`} className="space-y-8">
      <input type="hidden" name="locale" value={locale} />
      <fieldset>
        <legend className="text-xl font-semibold leading-snug text-slate-900 sm:text-2xl">{view.question}</legend>
        <p id="score-help" className="sr-only">
          {t("respondent.scoreLegend")}
        </p>
        <div className="mt-6 grid grid-cols-6 gap-2 sm:grid-cols-11 sm:gap-1.5" aria-describedby="score-help">
          {SCORES.map((score) => (
            <label key={score} className="relative block">
              <input
                type="radio"
                name="score"
                value={score}
                required
                defaultChecked={score === preselected}
                className="peer sr-only"
                aria-label={
                  score === 0 ? `0 – ${view.lowLabel}` : score === 10 ? `10 – ${view.highLabel}` : String(score)
                }
              />
              <span className="flex h-12 cursor-pointer select-none items-center justify-center rounded-lg border-2 border-slate-300 bg-white text-lg font-semibold text-slate-800 transition peer-checked:border-slate-900 peer-checked:bg-slate-900 peer-checked:text-white peer-focus-visible:ring-4 peer-focus-visible:ring-blue-500 hover:border-slate-500 sm:h-11">
                {score}
              </span>
            </label>
          ))}
        </div>
        <div className="mt-2 flex justify-between text-sm text-slate-600" aria-hidden="true">
          <span>0 · {view.lowLabel}</span>
          <span>{view.highLabel} · 10</span>
        </div>
      </fieldset>
      <div>
        <label htmlFor="comment" className="block text-base font-medium text-slate-900">
          {view.followUp}
        </label>
        <textarea
          id="comment"
          name="comment"
          rows={4}
          maxLength={COMMENT_MAX_LENGTH}
          aria-describedby="comment-hint"
          className="mt-2 block w-full rounded-lg border border-slate-300 p-3 text-base shadow-inner focus:border-blue-600 focus:outline-none focus:ring-2 focus:ring-blue-600"
        />
        <p id="comment-hint" className="mt-1 text-sm text-slate-500">
          {t("respondent.commentHint", { max: COMMENT_MAX_LENGTH })}
        </p>
      </div>
      <button
        type="submit"
        className="w-full rounded-lg bg-blue-700 px-4 py-3.5 text-lg font-semibold text-white shadow hover:bg-blue-800 focus-visible:ring-4 focus-visible:ring-blue-300"
      >
        {t("respondent.submit")}
      </button>
      <p className="text-center text-xs text-slate-500">{t("respondent.privacy", { brand: view.brand })}</p>
    </form>
  );
}

function Message({ title, body, testId }: { title: string; body: string; testId?: string }) {
  return (
    <div className="py-6 text-center" data-testid={testId} role="status">
      <h1 className="text-2xl font-semibold text-slate-900">{title}</h1>
      <p className="mt-3 text-base leading-relaxed text-slate-600">{body}</p>
    </div>
  );
}

function LanguageLinks({
  token,
  current,
  available,
  keep,
}: {
  token: string;
  current: Locale;
  available: Locale[];
  /** Query to keep when switching (the thank-you view's done flag). */
  keep: string;
}) {
  const shown = LOCALES.filter((l) => available.includes(l));
  if (shown.length < 2) return null;
  return (
    <nav aria-label="Language / 语言" className="flex gap-3 text-sm">
      {shown.map((locale) => {
        const label = createTranslator(locale)(`locale.${locale}`);
        return locale === current ? (
          <span key={locale} aria-current="true" className="font-semibold text-slate-900">
            {label}
          </span>
        ) : (
          <a key={locale} href={`/s/${encodeURIComponent(token)}?lang=${locale}${keep}`} lang={locale} className="text-blue-700 underline">
            {label}
          </a>
        );
      })}
    </nav>
  );
}
