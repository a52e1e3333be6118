import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Card, PageHeader } from "@/components/ui/card";
import { Button, Field, Select, TextInput } from "@/components/ui/form";
import { formatNumber } from "@/lib/format";
import { hasRole } from "@/lib/roles";
import { INDUSTRIES } from "@/lib/text/theme-templates";
import { MAX_KEYWORD_LENGTH } from "@/schemas/taxonomy";
import { requireUser } from "@/server/auth/session";
import { getTranslator } from "@/server/i18n/request-locale";
import { commentReadingProgress } from "@/server/text/read-comments";
import { loadTaxonomy } from "@/server/text/taxonomy";
import { suggestNewThemes, suggestionPeriodSchema, SUGGESTION_PERIODS } from "@/server/text/suggest-new-themes";
import { themeMentionCounts } from "@/server/text/theme-mention-counts";
import { addKeywordAction, applyTemplateAction, saveThemeAction } from "./actions";
import { ReadingProgress } from "./reading-progress";

export const metadata: Metadata = { title: "Comment themes · 评论主题" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const ERRORS = ["invalid", "exists", "notFound", "forbidden"] as const;
const textareaClass =
  "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-blue-600 focus:outline-none focus:ring-2 focus:ring-blue-600";

/** Settings → Themes: the organisation's comment taxonomy (ADMIN and OWNER; others get the 404 page). */
export default async function ThemeSettingsPage({ searchParams }: Props) {
  const viewer = await requireUser();
  if (!hasRole(viewer.role, "ADMIN")) notFound();
  const { t, locale } = await getTranslator();
  const search = await searchParams;
  const rules = await loadTaxonomy(viewer.organizationId);
  const days = suggestionPeriodSchema.parse(typeof search.days === "string" ? search.days : undefined);
  const [progress, counts, suggestions] = await Promise.all([
    commentReadingProgress(viewer.organizationId),
    themeMentionCounts(viewer.organizationId),
    suggestNewThemes({ organizationId: viewer.organizationId, role: viewer.role, days }),
  ]);
  const error = ERRORS.find((e) => e === search.error);
  const saved = search.saved === "1";
  const name = (rule: { labelZh: string; labelEn: string }) => (locale === "en" ? rule.labelEn : rule.labelZh);

  return (
    <>
      <PageHeader title={t("themes.settings.title")} subtitle={t("themes.settings.subtitle")} />
      <div className="space-y-6">
        {error && (
          <p className="rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-900" role="alert" data-testid="themes-settings-error">
            {t(`themes.settings.error.${error}`)}
          </p>
        )}
        {saved && !error && (
          <p className="text-sm font-medium text-green-900" data-testid="themes-settings-saved">
            {t("themes.settings.saved")}
          </p>
        )}
        <ReadingProgress
          initial={progress}
          locale={locale}
          labels={{ label: t("themes.settings.progress.label"), running: t("themes.settings.progress.running"), done: t("themes.settings.progress.done") }}
        />

        <ul className="space-y-4" data-testid="theme-settings-list">
          {rules.map((rule) => (
            <li key={rule.key} id={`theme-${rule.key}`} className="scroll-mt-20 rounded-xl border border-slate-200 bg-white p-4 shadow-sm" data-testid="theme-setting" data-key={rule.key}>
              <div className="flex flex-wrap items-baseline justify-between gap-2">
                <h2 className="text-base font-semibold text-slate-900">
                  {name(rule)} <span className="text-sm font-normal text-slate-600">· {locale === "en" ? rule.labelZh : rule.labelEn}</span>
                </h2>
                <p className="text-sm text-slate-700">
                  <code className="text-xs text-slate-600">{rule.key}</code> ·{" "}
                  <span data-testid="theme-count">{formatNumber(counts.get(rule.key) ?? 0, locale)}</span> {t("themes.table.mentions")}
                </p>
              </div>
              <p className="mt-2 text-xs font-medium text-slate-700">{t("themes.settings.keywords")}</p>
              <ul className="mt-1 flex flex-wrap gap-1.5" data-testid="theme-keywords">
                {rule.keywords.map((k) => (
                  <li key={k} className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-800">
                    {k}
                  </li>
                ))}
              </ul>
              {(rule.exclusions ?? []).length > 0 && (
                <p className="mt-2 text-xs text-slate-700">
                  {t("themes.settings.exclusions")}: {(rule.exclusions ?? []).join(locale === "en" ? ", " : "、")}
                </p>
              )}
              <form action={addKeywordAction} className="mt-3 flex flex-wrap items-end gap-2">
                <input type="hidden" name="key" value={rule.key} />
                <div className="min-w-48 flex-1 sm:max-w-xs">
                  <label htmlFor={`kw-${rule.key}`} className="block text-xs font-medium text-slate-700">
                    {t("themes.settings.newKeyword", { theme: name(rule) })}
                  </label>
                  <TextInput id={`kw-${rule.key}`} name="keyword" required maxLength={MAX_KEYWORD_LENGTH} />
                </div>
                <Button type="submit" variant="secondary">
                  {t("themes.settings.addKeyword")}
                </Button>
              </form>
              <details className="mt-3">
                <summary className="cursor-pointer text-sm font-medium text-blue-800">{t("themes.settings.edit")}</summary>
                <ThemeForm
                  mode="edit"
                  idPrefix={`edit-${rule.key}`}
                  values={{ key: rule.key, labelZh: rule.labelZh, labelEn: rule.labelEn, keywords: rule.keywords.join("\n"), exclusions: (rule.exclusions ?? []).join("\n") }}
                  t={t}
                />
              </details>
            </li>
          ))}
        </ul>

        <Card title={t("themes.settings.suggest.title")} description={t("themes.settings.suggest.description")}>
          <section data-testid="theme-suggestions" id="suggestions" className="scroll-mt-20">
            <form method="get" action="/settings/themes#suggestions" className="flex flex-wrap items-end gap-2">
              <div>
                <label htmlFor="suggest-days" className="block text-sm font-medium text-slate-700">
                  {t("themes.settings.suggest.period")}
                </label>
                <Select id="suggest-days" name="days" defaultValue={String(days)} className="min-w-36">
                  {SUGGESTION_PERIODS.map((d) => (
                    <option key={d} value={d}>
                      {t("themes.settings.suggest.days", { days: d })}
                    </option>
                  ))}
                </Select>
              </div>
              <Button type="submit" variant="secondary">
                {t("themes.settings.suggest.show")}
              </Button>
            </form>
            <p className="mt-3 text-sm text-slate-700">
              {t("themes.settings.suggest.summary", { period: formatNumber(suggestions.periodComments, locale), background: formatNumber(suggestions.backgroundComments, locale) })}
              {suggestions.sampled && <> {t("themes.settings.suggest.sampled", { period: formatNumber(suggestions.periodComments, locale) })}</>}
            </p>
            {suggestions.terms.length === 0 ? (
              <p className="mt-3 text-sm text-slate-700">{t("themes.settings.suggest.none")}</p>
            ) : (
              <ol className="mt-3 space-y-3">
                {suggestions.terms.map((term) => (
                  <li key={term.term} className="rounded-lg border border-slate-200 p-3" data-testid="theme-suggestion" data-term={term.term}>
                    <div className="flex flex-wrap items-baseline justify-between gap-2">
                      <p className="text-base font-semibold text-slate-900">{term.term}</p>
                      <p className="text-sm text-slate-700">
                        <span data-testid="suggestion-count">{t("themes.settings.suggest.count", { count: formatNumber(term.count, locale) })}</span> ·{" "}
                        {t("themes.settings.suggest.earlier", { count: formatNumber(term.background, locale) })} · TF-IDF {formatNumber(term.score, locale, 1)}
                      </p>
                    </div>
                    {term.examples.length > 0 && (
                      <>
                        <p className="mt-2 text-xs font-medium text-slate-700">{t("themes.settings.suggest.examples")}</p>
                        <ul className="mt-1 space-y-1">
                          {term.examples.map((example) => (
                            <li key={example.responseId} className="break-words border-l-2 border-slate-300 pl-2 text-sm text-slate-800">
                              {example.comment}
                            </li>
                          ))}
                        </ul>
                      </>
                    )}
                    <form action={addKeywordAction} className="mt-3 flex flex-wrap items-end gap-2">
                      <input type="hidden" name="keyword" value={term.term} />
                      <div>
                        <label htmlFor={`suggest-${term.term}`} className="block text-xs font-medium text-slate-700">
                          {t("themes.settings.suggest.addTo", { term: term.term })}
                        </label>
                        <Select id={`suggest-${term.term}`} name="key" className="min-w-44">
                          {rules.map((rule) => (
                            <option key={rule.key} value={rule.key}>
                              {name(rule)}
                            </option>
                          ))}
                        </Select>
                      </div>
                      <Button type="submit" variant="secondary">
                        {t("themes.settings.suggest.add")}
                      </Button>
                    </form>
                  </li>
                ))}
              </ol>
            )}
          </section>
        </Card>

        <Card title={t("themes.settings.add.title")}>
          <ThemeForm mode="create" idPrefix="new-theme" values={{ key: "", labelZh: "", labelEn: "", keywords: "", exclusions: "" }} t={t} />
        </Card>

        <Card title={t("themes.settings.template.title")} description={t("themes.settings.template.description")}>
          <form action={applyTemplateAction} className="flex flex-wrap items-end gap-3">
            <div>
              <label htmlFor="template-industry" className="block text-sm font-medium text-slate-700">
                {t("themes.settings.template.industry")}
              </label>
              <Select id="template-industry" name="industry" defaultValue="banking" className="min-w-40">
                {INDUSTRIES.map((industry) => (
                  <option key={industry} value={industry}>
                    {t(`themes.settings.template.${industry}`)}
                  </option>
                ))}
              </Select>
            </div>
            <Button type="submit" variant="secondary">
              {t("themes.settings.template.apply")}
            </Button>
          </form>
        </Card>
      </div>
    </>
  );
}

type Values = { key: string; labelZh: string; labelEn: string; keywords: string; exclusions: string };

function ThemeForm({ mode, idPrefix, values, t }: { mode: "create" | "edit"; idPrefix: string; values: Values; t: Awaited<ReturnType<typeof getTranslator>>["t"] }) {
  return (
    <form action={saveThemeAction} className="mt-3 grid gap-3 sm:grid-cols-2">
      <input type="hidden" name="mode" value={mode} />
      {mode === "edit" ? (
        <input type="hidden" name="key" value={values.key} />
      ) : (
        <Field label={t("themes.settings.key")} htmlFor={`${idPrefix}-key`}>
          <TextInput id={`${idPrefix}-key`} name="key" required pattern="[a-z][a-z0-9_]{1,39}" defaultValue={values.key} />
        </Field>
      )}
      <Field label={t("themes.settings.labelZh")} htmlFor={`${idPrefix}-zh`}>
        <TextInput id={`${idPrefix}-zh`} name="labelZh" required maxLength={40} defaultValue={values.labelZh} lang="zh-CN" />
      </Field>
      <Field label={t("themes.settings.labelEn")} htmlFor={`${idPrefix}-en`}>
        <TextInput id={`${idPrefix}-en`} name="labelEn" required maxLength={60} defaultValue={values.labelEn} lang="en" />
      </Field>
      <Field label={t("themes.settings.keywords")} htmlFor={`${idPrefix}-keywords`}>
        <textarea id={`${idPrefix}-keywords`} name="keywords" required rows={4} defaultValue={values.keywords} className={textareaClass} />
      </Field>
      <Field label={t("themes.settings.exclusions")} htmlFor={`${idPrefix}-exclusions`}>
        <textarea id={`${idPrefix}-exclusions`} name="exclusions" rows={4} defaultValue={values.exclusions} className={textareaClass} />
      </Field>
      <div className="sm:col-span-2">
        <Button type="submit">{mode === "create" ? t("themes.settings.add.submit") : t("themes.settings.save")}</Button>
      </div>
    </form>
  );
}
