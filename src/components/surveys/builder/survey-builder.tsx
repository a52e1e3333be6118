"use client";

import { useMemo, useState } from "react";
import type { Locale } from "@/i18n/locales";
import { interpolate } from "@/i18n/interpolate";
import { SERVQUAL_DIMENSIONS } from "@/lib/servqual";
import { missingTranslations, type LockViolation, type MissingText } from "@/lib/survey-content";
import {
  DRIVER_TYPES,
  FOLLOW_UP_KEY,
  MAX_CHOICE_OPTIONS,
  QUESTION_COUNT_WARNING,
  surveyContentSchema,
  type DriverType,
  type SurveyContent,
  type SurveyQuestion,
} from "@/schemas/survey-content";
import { Button, Select, TextInput } from "@/components/ui/form";
import type { BuilderMessages } from "./builder-messages";

type Text = Partial<Record<Locale, string>>;

type SaveError = { code: string; message: string; violations?: LockViolation[]; missing?: MissingText[]; issues?: { path: string; message: string }[] };

const input = "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-blue-600 focus:outline-none focus:ring-2 focus:ring-blue-600 disabled:bg-slate-100";

function uniqueKey(base: string, taken: readonly string[]): string {
  let n = 1;
  while (taken.includes(`${base}_${n}`)) n += 1;
  return `${base}_${n}`;
}

function newQuestion(type: DriverType, taken: readonly string[]): SurveyQuestion {
  const key = uniqueKey(type.toLowerCase(), taken);
  const base = { key, required: false, text: {} };
  switch (type) {
    case "RATING":
      return { ...base, type, settings: { lowLabel: {}, highLabel: {} } };
    case "CSAT":
    case "CES":
      return { ...base, type, settings: {} };
    case "SINGLE_CHOICE":
    case "MULTIPLE_CHOICE":
      return { ...base, type, settings: { options: [{ key: "a", label: {} }, { key: "b", label: {} }] } };
    case "OPEN_TEXT":
      return { ...base, type, settings: { byCategory: { PROMOTER: {}, PASSIVE: {}, DETRACTOR: {} } } };
    case "SERVQUAL":
      return { ...base, type, settings: { dimension: "reliability", scale: 7 } };
    case "KANO":
      return { ...base, type, settings: { functional: {}, dysfunctional: {} } };
  }
}

/**
 * The survey builder: settings, the NPS question and its per-category follow-up, driver questions (add,
 * reorder, mark required, remove), every text in each of the survey's languages, and a live preview of the
 * real respondent page. Saves through PUT /surveys/<id>/content; the server has the last word (locks,
 * translations), and its refusals are shown here.
 */
export function SurveyBuilder({
  surveyId,
  initial,
  locales,
  status,
  locked,
  savedKeys,
  version,
  m,
}: {
  surveyId: string;
  initial: SurveyContent;
  locales: Locale[];
  status: "DRAFT" | "ACTIVE" | "CLOSED";
  /** The survey has responses: existing questions keep their type, options and dimension. */
  locked: boolean;
  /** Keys (and option keys) stored so far: what the lock protects. */
  savedKeys: { key: string; options: string[] }[];
  version: number;
  m: BuilderMessages;
}) {
  const [content, setContent] = useState<SurveyContent>(initial);
  const [saving, setSaving] = useState(false);
  const [dirty, setDirty] = useState(false);
  const [notice, setNotice] = useState<{ kind: "ok" | "error"; text: string; error?: SaveError } | null>(null);
  const [currentVersion, setCurrentVersion] = useState(version);
  const [previewLocale, setPreviewLocale] = useState<Locale>(initial.defaultLocale);
  const [previewStep, setPreviewStep] = useState<"start" | "drivers" | "done">("start");
  const [previewScore, setPreviewScore] = useState(9);
  const [previewNonce, setPreviewNonce] = useState(0);
  const [addType, setAddType] = useState<DriverType>("RATING");

  const update = (next: SurveyContent) => {
    setContent(next);
    setDirty(true);
    setNotice(null);
  };
  const setQuestion = (index: number, question: SurveyQuestion) => update({ ...content, questions: content.questions.map((q, i) => (i === index ? question : q)) });
  const saved = new Map(savedKeys.map((entry) => [entry.key, entry.options]));
  const missing = useMemo(() => missingTranslations(content, locales), [content, locales]);
  const parsed = surveyContentSchema.safeParse(content);

  async function save() {
    setSaving(true);
    setNotice(null);
    try {
      const res = await fetch(`/surveys/${surveyId}/content`, {
        method: "PUT",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify(content),
      });
      const body = (await res.json()) as { version?: number; changed?: boolean; error?: SaveError };
      if (!res.ok || body.error) {
        setNotice({ kind: "error", text: body.error?.message ?? m["builder.saveFailed"], error: body.error });
        return;
      }
      setCurrentVersion(body.version ?? currentVersion);
      setDirty(false);
      setPreviewNonce((n) => n + 1);
      setNotice({ kind: "ok", text: body.changed ? m["builder.saved"].replace("{version}", String(body.version ?? currentVersion)) : m["builder.noChanges"] });
    } catch {
      setNotice({ kind: "error", text: m["builder.saveFailed"] });
    } finally {
      setSaving(false);
    }
  }

  const move = (index: number, delta: number) => {
    const target = index + delta;
    if (target < 2 || target >= content.questions.length) return;
    const questions = [...content.questions];
    const [item] = questions.splice(index, 1);
    if (item) questions.splice(target, 0, item);
    update({ ...content, questions });
  };

  const textRow = (label: string, value: Text | undefined, onChange: (next: Text) => void, testId: string, multiline = false) => (
    <fieldset className="min-w-0">
      <legend className="text-sm font-medium text-slate-700">{label}</legend>
      <div className="mt-1 grid gap-2 md:grid-cols-2">
        {locales.map((locale) => {
          const id = `${testId}-${locale}`;
          const common = {
            id,
            "data-testid": id,
            lang: locale,
            value: value?.[locale] ?? "",
            "aria-label": `${label} (${m[`builder.locale.${locale}`]})`,
            className: `${input} ${(value?.[locale] ?? "").trim() === "" ? "border-amber-400" : ""}`,
          };
          return (
            <div key={locale} className="min-w-0">
              <span className="text-xs font-medium uppercase tracking-wide text-slate-500">{m[`builder.locale.${locale}`]}</span>
              {multiline ? (
                <textarea {...common} rows={2} maxLength={2000} onChange={(e) => onChange({ ...value, [locale]: e.target.value })} />
              ) : (
                <input {...common} type="text" maxLength={2000} onChange={(e) => onChange({ ...value, [locale]: e.target.value })} />
              )}
            </div>
          );
        })}
      </div>
    </fieldset>
  );

  const typeLabel = (type: SurveyQuestion["type"]) => m[`builder.type.${type}`];
  const driverCount = content.questions.length;

  return (
    <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_420px]">
      <div className="space-y-6">
        {locked && (
          <p className="rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900" data-testid="locked-notice" role="note">
            {m["builder.locked"]}
          </p>
        )}
        <section className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
          <h2 className="text-base font-semibold">{m["builder.settings"]}</h2>
          <div className="mt-4 grid gap-4 md:grid-cols-2">
            <label className="block text-sm font-medium text-slate-700">
              {m["builder.name"]}
              <TextInput data-testid="survey-name" value={content.name} maxLength={120} onChange={(e) => update({ ...content, name: e.target.value })} />
            </label>
            <label className="block text-sm font-medium text-slate-700">
              {m["builder.brand"]}
              <TextInput data-testid="survey-brand" value={content.brandName} maxLength={80} onChange={(e) => update({ ...content, brandName: e.target.value })} />
            </label>
            {locales.map((locale) => (
              <label key={`brand-${locale}`} className="block text-sm font-medium text-slate-700">
                {interpolate(m["builder.brandInLocale"], { language: m[`builder.locale.${locale}`] })}
                <TextInput
                  data-testid={`survey-brand-${locale}`}
                  lang={locale}
                  value={content.brandNames[locale] ?? ""}
                  maxLength={80}
                  placeholder={content.brandName}
                  aria-describedby={`brand-hint-${locale}`}
                  onChange={(e) => update({ ...content, brandNames: { ...content.brandNames, [locale]: e.target.value } })}
                />
                <span id={`brand-hint-${locale}`} className="mt-1 block text-xs font-normal text-slate-600">
                  {interpolate(m["builder.brandInLocaleHint"], { brand: "{brand}" })}
                </span>
              </label>
            ))}
            <label className="block text-sm font-medium text-slate-700">
              {m["builder.kind"]}
              <Select data-testid="survey-kind" value={content.kind} disabled={locked} onChange={(e) => update({ ...content, kind: e.target.value === "TRANSACTIONAL" ? "TRANSACTIONAL" : "RELATIONSHIP" })}>
                <option value="RELATIONSHIP">{m["builder.kind.RELATIONSHIP"]}</option>
                <option value="TRANSACTIONAL">{m["builder.kind.TRANSACTIONAL"]}</option>
              </Select>
            </label>
            {content.kind === "TRANSACTIONAL" && (
              <label className="block text-sm font-medium text-slate-700">
                {m["builder.touchpoint"]}
                <TextInput data-testid="survey-touchpoint" value={content.touchpoint ?? ""} maxLength={80} placeholder={m["builder.touchpointPlaceholder"]} onChange={(e) => update({ ...content, touchpoint: e.target.value })} />
              </label>
            )}
            <label className="block text-sm font-medium text-slate-700">
              {m["builder.defaultLocale"]}
              <Select data-testid="survey-default-locale" value={content.defaultLocale} onChange={(e) => update({ ...content, defaultLocale: e.target.value === "en" ? "en" : "zh-CN" })}>
                {locales.map((locale) => (
                  <option key={locale} value={locale}>
                    {m[`builder.locale.${locale}`]}
                  </option>
                ))}
              </Select>
            </label>
            <label className="flex items-center gap-2 self-end text-sm text-slate-700">
              <input type="checkbox" data-testid="survey-follow-up" checked={content.followUpEnabled} onChange={(e) => update({ ...content, followUpEnabled: e.target.checked })} />
              {m["builder.followUpEnabled"]}
            </label>
          </div>
        </section>

        <section className="space-y-4" aria-labelledby="questions-heading">
          <div className="flex flex-wrap items-end justify-between gap-3">
            <h2 id="questions-heading" className="text-base font-semibold">
              {m["builder.questions"]} <span className="font-normal text-slate-500">({driverCount})</span>
            </h2>
          </div>
          {driverCount > QUESTION_COUNT_WARNING && (
            <p className="rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900" data-testid="too-many-questions" role="status">
              {m["builder.tooMany"].replace("{count}", String(driverCount)).replace("{max}", String(QUESTION_COUNT_WARNING))}
            </p>
          )}
          {content.questions.map((question, index) => {
            const isCore = index < 2 && (question.type === "NPS" || question.key === FOLLOW_UP_KEY);
            const wasSaved = saved.has(question.key);
            const canRemove = !isCore && !(locked && wasSaved);
            return (
              <article key={question.key} className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm" data-testid={`question-${question.key}`}>
                <header className="flex flex-wrap items-center justify-between gap-2">
                  <div>
                    <span className="mr-2 rounded bg-slate-100 px-2 py-0.5 text-xs font-semibold text-slate-700">{index + 1}</span>
                    <span className="font-semibold">{question.key === FOLLOW_UP_KEY ? m["builder.followUp"] : typeLabel(question.type)}</span>
                    <span className="ml-2 font-mono text-xs text-slate-500">{question.key}</span>
                  </div>
                  <div className="flex items-center gap-2">
                    {question.type !== "NPS" && (
                      <label className="flex items-center gap-1 text-sm text-slate-700">
                        <input type="checkbox" data-testid={`required-${question.key}`} checked={question.required} onChange={(e) => setQuestion(index, { ...question, required: e.target.checked })} />
                        {m["builder.required"]}
                      </label>
                    )}
                    {!isCore && (
                      <>
                        <Button type="button" variant="secondary" className="px-2 py-1" aria-label={m["builder.moveUp"]} title={m["builder.moveUp"]} disabled={index <= 2} onClick={() => move(index, -1)} data-testid={`up-${question.key}`}>
                          ↑
                        </Button>
                        <Button type="button" variant="secondary" className="px-2 py-1" aria-label={m["builder.moveDown"]} title={m["builder.moveDown"]} disabled={index >= content.questions.length - 1} onClick={() => move(index, 1)} data-testid={`down-${question.key}`}>
                          ↓
                        </Button>
                        <Button
                          type="button"
                          variant="secondary"
                          className="px-2 py-1 text-red-800"
                          disabled={!canRemove}
                          title={canRemove ? m["builder.remove"] : m["builder.removeLocked"]}
                          data-testid={`remove-${question.key}`}
                          onClick={() => update({ ...content, questions: content.questions.filter((_, i) => i !== index) })}
                        >
                          {m["builder.remove"]}
                        </Button>
                      </>
                    )}
                  </div>
                </header>
                <div className="mt-4 space-y-4">
                  {textRow(question.type === "KANO" ? m["builder.kanoFeature"] : question.type === "SERVQUAL" ? m["builder.servqualItem"] : m["builder.questionText"], question.text, (text) => setQuestion(index, { ...question, text }), `text-${question.key}`, true)}
                  {question.type === "NPS" && (
                    <>
                      <p className="text-xs text-slate-500">{m["builder.npsFixed"]}</p>
                      {textRow(m["builder.lowLabel"], question.settings.lowLabel, (lowLabel) => setQuestion(index, { ...question, settings: { ...question.settings, lowLabel } }), `low-${question.key}`)}
                      {textRow(m["builder.highLabel"], question.settings.highLabel, (highLabel) => setQuestion(index, { ...question, settings: { ...question.settings, highLabel } }), `high-${question.key}`)}
                    </>
                  )}
                  {question.type === "OPEN_TEXT" && question.key === FOLLOW_UP_KEY && (
                    <div className="space-y-3 rounded-lg bg-slate-50 p-3">
                      <p className="text-xs text-slate-600">{m["builder.followUpHelp"]}</p>
                      {(["PROMOTER", "PASSIVE", "DETRACTOR"] as const).map((category) => (
                        <div key={category}>
                          {textRow(
                            m[`builder.followUp.${category}`],
                            question.settings.byCategory[category],
                            (text) => setQuestion(index, { ...question, settings: { byCategory: { ...question.settings.byCategory, [category]: text } } }),
                            `followup-${category.toLowerCase()}`,
                          )}
                        </div>
                      ))}
                    </div>
                  )}
                  {question.type === "RATING" && (
                    <>
                      <p className="text-xs text-slate-500">{m["builder.ratingScale"]}</p>
                      {textRow(m["builder.lowLabel"], question.settings.lowLabel, (lowLabel) => setQuestion(index, { ...question, settings: { ...question.settings, lowLabel } }), `low-${question.key}`)}
                      {textRow(m["builder.highLabel"], question.settings.highLabel, (highLabel) => setQuestion(index, { ...question, settings: { ...question.settings, highLabel } }), `high-${question.key}`)}
                    </>
                  )}
                  {question.type === "CSAT" && <p className="text-xs text-slate-500">{m["builder.csatScale"]}</p>}
                  {question.type === "CES" && <p className="text-xs text-slate-500">{m["builder.cesScale"]}</p>}
                  {(question.type === "SINGLE_CHOICE" || question.type === "MULTIPLE_CHOICE") && (
                    <div className="space-y-3">
                      {question.settings.options.map((option, o) => {
                        const optionLocked = locked && (saved.get(question.key) ?? []).includes(option.key);
                        return (
                          <div key={option.key} className="flex items-end gap-2">
                            <div className="flex-1">
                              {textRow(
                                `${m["builder.option"]} ${o + 1}`,
                                option.label,
                                (label) =>
                                  setQuestion(index, { ...question, settings: { options: question.settings.options.map((x, i) => (i === o ? { ...x, label } : x)) } }),
                                `option-${question.key}-${option.key}`,
                              )}
                            </div>
                            <Button
                              type="button"
                              variant="secondary"
                              className="mb-0.5 px-2 py-1"
                              disabled={question.settings.options.length <= 2 || optionLocked}
                              aria-label={`${m["builder.removeOption"]} ${o + 1}`}
                              onClick={() => setQuestion(index, { ...question, settings: { options: question.settings.options.filter((_, i) => i !== o) } })}
                            >
                              ×
                            </Button>
                          </div>
                        );
                      })}
                      <Button
                        type="button"
                        variant="secondary"
                        disabled={question.settings.options.length >= MAX_CHOICE_OPTIONS}
                        data-testid={`add-option-${question.key}`}
                        onClick={() =>
                          setQuestion(index, {
                            ...question,
                            settings: { options: [...question.settings.options, { key: uniqueKey("o", question.settings.options.map((x) => x.key)), label: {} }] },
                          })
                        }
                      >
                        {m["builder.addOption"]}
                      </Button>
                    </div>
                  )}
                  {question.type === "SERVQUAL" && (
                    <label className="block max-w-xs text-sm font-medium text-slate-700">
                      {m["builder.dimension"]}
                      <Select
                        value={question.settings.dimension}
                        disabled={locked && wasSaved}
                        onChange={(e) => {
                          const dimension = SERVQUAL_DIMENSIONS.find((d) => d === e.target.value) ?? "reliability";
                          setQuestion(index, { ...question, settings: { ...question.settings, dimension } });
                        }}
                      >
                        {SERVQUAL_DIMENSIONS.map((dimension) => (
                          <option key={dimension} value={dimension}>
                            {m[`builder.dimension.${dimension}`]}
                          </option>
                        ))}
                      </Select>
                      <span className="mt-1 block text-xs font-normal text-slate-500">{m["builder.servqualScale"]}</span>
                    </label>
                  )}
                  {question.type === "KANO" && (
                    <>
                      {textRow(m["builder.kanoFunctional"], question.settings.functional, (functional) => setQuestion(index, { ...question, settings: { ...question.settings, functional } }), `functional-${question.key}`)}
                      {textRow(m["builder.kanoDysfunctional"], question.settings.dysfunctional, (dysfunctional) => setQuestion(index, { ...question, settings: { ...question.settings, dysfunctional } }), `dysfunctional-${question.key}`)}
                    </>
                  )}
                </div>
              </article>
            );
          })}
          <div className="flex flex-wrap items-end gap-2 rounded-xl border border-dashed border-slate-300 p-4">
            <label className="text-sm font-medium text-slate-700">
              {m["builder.addQuestion"]}
              <Select data-testid="add-type" value={addType} onChange={(e) => setAddType(DRIVER_TYPES.find((t) => t === e.target.value) ?? "RATING")}>
                {DRIVER_TYPES.map((type) => (
                  <option key={type} value={type}>
                    {typeLabel(type)}
                  </option>
                ))}
              </Select>
            </label>
            <Button
              type="button"
              variant="secondary"
              data-testid="add-question"
              onClick={() => update({ ...content, questions: [...content.questions, newQuestion(addType, content.questions.map((q) => q.key))] })}
            >
              {m["builder.add"]}
            </Button>
          </div>
        </section>

        <section className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
          <h2 className="text-base font-semibold">{m["builder.thankYou"]}</h2>
          <p className="mt-1 text-sm text-slate-600">{m["builder.thankYouHelp"]}</p>
          <div className="mt-4 space-y-4">
            {textRow(m["builder.promoterAsk"], content.thankYou.promoterAsk, (promoterAsk) => update({ ...content, thankYou: { ...content.thankYou, promoterAsk } }), "promoter-ask", true)}
            <label className="block text-sm font-medium text-slate-700">
              {m["builder.promoterUrl"]}
              <TextInput
                type="url"
                data-testid="promoter-url"
                value={content.thankYou.promoterUrl ?? ""}
                placeholder="https://"
                onChange={(e) => update({ ...content, thankYou: { ...content.thankYou, promoterUrl: e.target.value || undefined } })}
              />
            </label>
          </div>
        </section>

        <div className="sticky bottom-0 z-10 -mx-1 flex flex-wrap items-center gap-3 rounded-xl border border-slate-200 bg-white/95 p-4 shadow-lg backdrop-blur">
          <Button type="button" onClick={save} disabled={saving || !dirty} data-testid="save-survey">
            {saving ? m["builder.saving"] : m["builder.save"]}
          </Button>
          <span className="text-sm text-slate-600">
            {m[`builder.status.${status}`]} · {m["builder.version"].replace("{version}", String(currentVersion))}
            {dirty ? ` · ${m["builder.unsaved"]}` : ""}
          </span>
          {missing.length > 0 && (
            <span className="text-sm text-amber-800" data-testid="missing-translations">
              {m["builder.missing"].replace("{count}", String(missing.length))}
            </span>
          )}
          {!parsed.success && dirty && <span className="text-sm text-red-800">{parsed.error.issues[0]?.message}</span>}
          {notice && (
            <div role={notice.kind === "error" ? "alert" : "status"} className={`w-full text-sm ${notice.kind === "error" ? "text-red-800" : "text-green-800"}`} data-testid="save-notice">
              {notice.kind === "error" && notice.error?.code === "survey_locked" ? m["builder.lockedRefused"] : notice.text}
              {notice.error?.violations && (
                <ul className="mt-1 list-disc pl-5">
                  {notice.error.violations.map((v) => (
                    <li key={`${v.key}-${v.reason}`}>
                      <span className="font-mono">{v.key}</span>: {m[`builder.violation.${v.reason}`]}
                    </li>
                  ))}
                </ul>
              )}
            </div>
          )}
        </div>
      </div>

      <aside className="xl:sticky xl:top-4 xl:self-start" aria-label={m["builder.preview"]}>
        <div className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h2 className="text-base font-semibold">{m["builder.preview"]}</h2>
            <div className="flex gap-1" role="group" aria-label={m["builder.previewLanguage"]}>
              {locales.map((locale) => (
                <Button key={locale} type="button" variant={locale === previewLocale ? "primary" : "secondary"} className="px-2 py-1" data-testid={`preview-${locale}`} onClick={() => setPreviewLocale(locale)}>
                  {m[`builder.locale.${locale}`]}
                </Button>
              ))}
            </div>
          </div>
          <div className="mt-3 flex flex-wrap items-center gap-2 text-sm">
            <Select aria-label={m["builder.previewStep"]} className="mt-0 w-auto" value={previewStep} onChange={(e) => setPreviewStep(e.target.value === "drivers" ? "drivers" : e.target.value === "done" ? "done" : "start")} data-testid="preview-step">
              <option value="start">{m["builder.previewStep.start"]}</option>
              <option value="drivers">{m["builder.previewStep.drivers"]}</option>
              <option value="done">{m["builder.previewStep.done"]}</option>
            </Select>
            <label className="flex items-center gap-1 whitespace-nowrap">
              {m["builder.previewScore"]}
              <Select className="mt-0 w-auto" value={String(previewScore)} onChange={(e) => setPreviewScore(Number(e.target.value))} data-testid="preview-score">
                {Array.from({ length: 11 }, (_, i) => (
                  <option key={i} value={i}>
                    {i}
                  </option>
                ))}
              </Select>
            </label>
          </div>
          {dirty && <p className="mt-2 text-xs text-amber-800">{m["builder.previewSaved"]}</p>}
          <div className="mx-auto mt-3 w-full max-w-[390px] overflow-hidden rounded-[1.5rem] border-8 border-slate-800 bg-slate-800">
            <iframe
              key={`${previewLocale}-${previewStep}-${previewScore}-${previewNonce}`}
              title={m["builder.preview"]}
              data-testid="preview-frame"
              className="h-[640px] w-full bg-white"
              src={`/surveys/${surveyId}/preview?lang=${previewLocale}&step=${previewStep}&score=${previewScore}`}
            />
          </div>
          <a className="mt-2 inline-block text-sm font-medium text-blue-800 hover:underline" href={`/surveys/${surveyId}/preview?lang=${previewLocale}&step=${previewStep}&score=${previewScore}`} target="_blank" rel="noreferrer">
            {m["builder.previewOpen"]}
          </a>
        </div>
      </aside>
    </div>
  );
}
