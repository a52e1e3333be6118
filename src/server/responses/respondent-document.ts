import "server-only";
import { LOCALES, type Locale } from "@/i18n/locales";
import { createTranslator, type Translate } from "@/i18n/translate";
import { html, type SafeHtml } from "@/lib/html";
import { KANO_ANSWERS } from "@/lib/kano";
import { classifyScore, type NpsCategory } from "@/lib/nps";
import { driverQuestions, fieldName, followUpWording, OPEN_TEXT_MAX_LENGTH, SCALES, textIn, type AnswerError } from "@/lib/survey-content";
import { COMMENT_MAX_LENGTH } from "@/schemas/response";
import { FOLLOW_UP_KEY, type SurveyQuestion } from "@/schemas/survey-content";
import type { RespondentView, SurveyShown } from "./get-respondent-view";

const SCORES = Array.from({ length: 11 }, (_, i) => i);
const CATEGORIES = ["PROMOTER", "PASSIVE", "DETRACTOR"] as const;

type Shown = Exclude<RespondentView, { state: "not_found" }>;

/** Headers of every respondent document: HTML, never cached, never indexed, no referrer leaks the token. */
export const RESPONDENT_HTML_HEADERS = {
  "Content-Type": "text/html; charset=utf-8",
  "Cache-Control": "no-store",
  "X-Robots-Tag": "noindex, nofollow",
  "Referrer-Policy": "no-referrer",
} as const;

/** Where the page's forms go: the real answer endpoint, or (preview) the preview page itself, recording nothing. */
export type FormTarget = { kind: "answer"; token: string } | { kind: "preview"; path: string };

export type RenderOptions = {
  view: Shown;
  target: FormTarget;
  /** ?score=N of a one-click link: preselected, nothing recorded. */
  preselected: number;
  justAnswered: boolean;
  /** Re-showing step 2 after a bad submit: the values sent and the error per question key. */
  values?: (name: string) => string[];
  errors?: Record<string, AnswerError>;
};

/**
 * The respondent page as a complete HTML document (docs/decisions/0007). Everything works as plain forms
 * with JavaScript off; /respondent.js (deferred, under 1 KB) only adds niceties. The follow-up question's
 * wording per category switches with CSS (`:has`) as the score is chosen. Built with the escaping `html`
 * template, so every value from the database is escaped.
 */
export function renderRespondentDocument(options: RenderOptions): string {
  const { view, target } = options;
  const t = createTranslator(view.locale);
  const banner = target.kind === "preview" ? html`<p class="r-preview" role="note">${t("respond.preview.banner")}</p>` : "";
  return documentOf(
    view.locale,
    view.brand,
    html`${banner}<main class="r-main" lang="${view.locale}"><header class="r-header"><p class="r-brand">${view.brand}</p>${languageLinks(options)}</header><section class="r-card">${body(options, t)}</section></main>`,
  );
}

/** An unknown or malformed link: explained in the respondent's language. */
export function renderNotFoundDocument(locale: Locale): string {
  const t = createTranslator(locale);
  return documentOf(
    locale,
    t("respondent.notFound.title"),
    html`<main class="r-main" lang="${locale}"><section class="r-card">${message(t("respondent.notFound.title"), t("respondent.notFound.body"), "link-not-found")}</section></main>`,
  );
}

/**
 * The answer to a bad form post (no JavaScript on the respondent's side): what went wrong, in the
 * respondent's language, with a way back to the survey.
 */
export function renderRespondentErrorDocument(options: {
  locale: Locale;
  title: string;
  message: string;
  link?: { href: string; label: string };
}): string {
  const { locale, title, message: text, link } = options;
  return documentOf(
    locale,
    title,
    html`<main class="r-main" lang="${locale}"><section class="r-card"><div class="r-message" role="alert"><h1>${title}</h1><p>${text}</p>${link ? html`<p><a href="${link.href}">${link.label}</a></p>` : ""}</div></section></main>`,
  );
}

/**
 * The answer to a respondent's POST the database could not take (503 + Retry-After): the answer is kept in a
 * form that posts the same fields again — the score and comment visible and editable, everything else
 * hidden — with a "send again" button (works without JavaScript). /respondent.js sends it again by itself
 * after `retryAfter` seconds. Sending twice stores the answer once (submitResponse / submitDriverAnswers).
 */
export function renderRetryDocument(options: {
  locale: Locale;
  token: string;
  retryAfter: number;
  /** Every posted field, in order (repeated names for multiple choices). */
  fields: [string, string][];
}): string {
  const { locale, token, retryAfter, fields } = options;
  const t = createTranslator(locale);
  const isStep1 = !fields.some(([name, value]) => name === "step" && value === "drivers");
  const scoreValue = fields.find(([name]) => name === "score")?.[1] ?? "";
  const comment = fields.find(([name]) => name === "comment")?.[1] ?? "";
  const hidden = fields
    .filter(([name]) => !isStep1 || (name !== "score" && name !== "comment"))
    .map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`);
  const radios = SCORES.map(
    (score) =>
      html`<label class="r-score"><input type="radio" name="score" value="${score}" required${String(score) === scoreValue.trim() ? html` checked` : ""} class="r-sr" aria-label="${score}"><span>${score}</span></label>`,
  );
  const step1 = isStep1
    ? html`<fieldset class="r-fieldset"><legend class="r-legend">${t("respond.retry.score")}</legend><div class="r-scale">${radios}</div></fieldset><div><label for="comment" class="r-label">${t("respond.retry.comment")}</label><textarea id="comment" name="comment" rows="4" maxlength="${COMMENT_MAX_LENGTH}" class="r-textarea">${comment}</textarea></div>`
    : html`<p class="r-hint">${t("respond.retry.drivers")}</p>`;
  const [before = "", after = ""] = t("respond.retry.auto", { seconds: "\u0001" }).split("\u0001");
  const auto = html`<p class="r-hint" data-retry-auto hidden role="status">${before}<span data-retry-seconds>${retryAfter}</span>${after}</p>`;
  return documentOf(
    locale,
    t("respond.retry.title"),
    html`<main class="r-main" lang="${locale}"><section class="r-card"><form method="post" action="/s/${encodeURIComponent(token)}/answer" class="r-form" data-retry-after="${retryAfter}" data-testid="retry-form"><div class="r-alert" role="alert"><h1 class="r-title">${t("respond.retry.title")}</h1><p>${t("respond.retry.body")}</p></div>${hidden}${step1}${auto}<button type="submit" class="r-submit">${t("respond.retry.button")}</button></form></section></main>`,
  );
}

/** The respondent page itself could not be read (database briefly unavailable): a 503 with a way to try again. */
export function renderUnavailableDocument(locale: Locale, href: string): string {
  const t = createTranslator(locale);
  return documentOf(
    locale,
    t("respond.unavailable.title"),
    html`<main class="r-main" lang="${locale}"><section class="r-card"><div class="r-message" role="alert" data-testid="unavailable"><h1>${t("respond.unavailable.title")}</h1><p>${t("respond.unavailable.body")}</p><p><a class="r-button" href="${href}">${t("respond.unavailable.reload")}</a></p></div></section></main>`,
  );
}

function documentOf(locale: Locale, title: string, content: SafeHtml): string {
  return html`<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex, nofollow"><meta name="referrer" content="no-referrer"><title>${title}</title><link rel="icon" href="/icon.svg" type="image/svg+xml"><link rel="stylesheet" href="/respondent.css"><script src="/respondent.js" defer></script></head><body>${content}</body></html>`.value;
}

function body(options: RenderOptions, t: Translate): SafeHtml {
  const { view } = options;
  switch (view.state) {
    case "not_open":
      return message(t("respond.notOpen.title"), t("respond.notOpen.body"), "not-open");
    case "closed":
      return message(t("respondent.closed.title"), t("respondent.closed.body"), "closed");
    case "done":
      return options.justAnswered ? thanks(view, t) : message(t("respondent.already.title"), t("respondent.already.body"), "already-answered");
    case "drivers":
      return driversForm(options, view, t);
    case "start":
      return startForm(options, view, t);
  }
}

const fill = (text: string, brand: string) => text.replaceAll("{brand}", brand);

function formOpen(target: FormTarget, step: "start" | "drivers", testId: string): SafeHtml {
  if (target.kind === "preview") {
    return html`<form method="get" action="${target.path}" class="r-form" data-testid="${testId}"><input type="hidden" name="step" value="${step === "start" ? "drivers" : "done"}">`;
  }
  return html`<form method="post" action="/s/${encodeURIComponent(target.token)}/answer" class="r-form" data-testid="${testId}">`;
}

function stepLine(step: number, total: number, t: Translate): SafeHtml | string {
  return total > 1 ? html`<p class="r-step">${t("respond.step", { step, total })}</p>` : "";
}

function startForm(options: RenderOptions, view: Extract<Shown, { state: "start" }>, t: Translate): SafeHtml {
  const { locale, fallback, brand } = view;
  const nps = view.questions.find((q) => q.type === "NPS");
  const followUp = view.questions.find((q) => q.key === FOLLOW_UP_KEY);
  const steps = driverQuestions(view.questions).length > 0 ? 2 : 1;
  const lowLabel = nps?.type === "NPS" ? textIn(nps.settings.lowLabel, locale, fallback) : "";
  const highLabel = nps?.type === "NPS" ? textIn(nps.settings.highLabel, locale, fallback) : "";
  const radios = SCORES.map((score) => {
    const label = score === 0 ? `0 – ${lowLabel}` : score === 10 ? `10 – ${highLabel}` : String(score);
    return html`<label class="r-score"><input type="radio" name="score" value="${score}" required${score === options.preselected ? html` checked` : ""} class="r-sr" aria-label="${label}"><span>${score}</span></label>`;
  });
  const hidden = html`<input type="hidden" name="locale" value="${locale}">${view.submissionKey ? html`<input type="hidden" name="key" value="${view.submissionKey}">` : ""}${options.target.kind === "preview" ? html`<input type="hidden" name="lang" value="${locale}">` : ""}`;
  return html`${formOpen(options.target, "start", "score-form")}${hidden}${stepLine(1, steps, t)}<fieldset class="r-fieldset"><legend class="r-legend">${fill(textIn(nps?.text, locale, fallback), brand)}</legend><p id="score-help" class="r-sr">${t("respondent.scoreLegend")}</p><div class="r-scale" aria-describedby="score-help">${radios}</div><div class="r-ends" aria-hidden="true"><span>0 · ${lowLabel}</span><span>${highLabel} · 10</span></div></fieldset>${followUp ? followUpField(followUp, view, t) : ""}${view.anonymous ? "" : html`<label class="r-consent"><input type="checkbox" name="consent" value="on"> <span>${t("respond.consent", { brand })}</span></label>`}<button type="submit" class="r-submit">${steps > 1 ? t("respond.next") : t("respondent.submit")}</button><p class="r-privacy">${t("respondent.privacy", { brand })}</p></form>`;
}

/** The follow-up box: one label per category wording, shown by CSS for the chosen score (general wording before). */
function followUpField(question: SurveyQuestion, view: SurveyShown, t: Translate): SafeHtml {
  const { locale, fallback, brand } = view;
  const wordings = CATEGORIES.map(
    (category) => html`<span class="r-fu r-fu-${category.toLowerCase()}">${fill(followUpWording(question, category, locale, fallback), brand)}</span>`,
  );
  const hint = question.required ? t("respond.required") : t("respond.followUpHint", { max: COMMENT_MAX_LENGTH });
  return html`<div><label for="comment" class="r-label"><span class="r-fu r-fu-any">${fill(followUpWording(question, null, locale, fallback), brand)}</span>${wordings}</label><textarea id="comment" name="comment" rows="4" maxlength="${COMMENT_MAX_LENGTH}" aria-describedby="comment-hint"${question.required ? html` required` : ""} class="r-textarea"></textarea><p id="comment-hint" class="r-hint">${hint}</p></div>`;
}

function driversForm(options: RenderOptions, view: Extract<Shown, { state: "drivers" }>, t: Translate): SafeHtml {
  const questions = driverQuestions(view.questions);
  const errors = options.errors ?? {};
  const errorKeys = questions.map((q) => q.key).filter((key) => errors[key]);
  const summary =
    errorKeys.length > 0
      ? html`<div class="r-alert" role="alert" data-testid="answer-errors"><p>${t("respond.error.summary")}</p><ul>${errorKeys.map((key) => html`<li><a href="#q-${key}">${fill(textIn(questions.find((q) => q.key === key)?.text, view.locale, view.fallback), view.brand)}</a></li>`)}</ul></div>`
      : "";
  const hidden = html`<input type="hidden" name="step" value="drivers"><input type="hidden" name="locale" value="${view.locale}">${view.resume ? html`<input type="hidden" name="r" value="${view.resume}">` : ""}${options.target.kind === "preview" ? html`<input type="hidden" name="lang" value="${view.locale}"><input type="hidden" name="score" value="${Number.isInteger(options.preselected) ? options.preselected : ""}">` : ""}`;
  const fields = questions.map((question) => driverField(question, view, t, options.values ?? (() => []), errors[question.key]));
  return html`${formOpen(options.target, "drivers", "drivers-form")}${hidden}${stepLine(2, 2, t)}<div><h1 class="r-title">${t("respond.drivers.title")}</h1><p class="r-hint">${t("respond.drivers.intro")}</p></div>${summary}${fields}<button type="submit" class="r-submit">${t("respond.drivers.submit")}</button></form>`;
}

function driverField(question: SurveyQuestion, view: SurveyShown, t: Translate, values: (name: string) => string[], error: AnswerError | undefined): SafeHtml {
  const { locale, fallback, brand } = view;
  const id = `q-${question.key}`;
  const errorId = `${id}-error`;
  const label = fill(textIn(question.text, locale, fallback), brand);
  const tag = html`<span class="r-tag">${question.required ? t("respond.required") : t("respond.optional")}</span>`;
  const errorLine = error ? html`<p id="${errorId}" class="r-err">${t(`respond.error.${error}`, { max: OPEN_TEXT_MAX_LENGTH })}</p>` : "";
  const described = error ? html` aria-describedby="${errorId}"` : "";
  const invalid = error ? html` aria-invalid="true"` : "";
  const req = question.required ? html` required` : "";
  const chosen = (name: string, value: string) => values(name).includes(value);

  const scale = (name: string, min: number, max: number, low: string, high: string, groupLabel?: string) => {
    const buttons = Array.from({ length: max - min + 1 }, (_, i) => min + i).map(
      (n) =>
        html`<label class="r-score"><input type="radio" name="${name}" value="${n}"${req}${chosen(name, String(n)) ? html` checked` : ""} class="r-sr" aria-label="${n === min ? `${n} – ${low}` : n === max ? `${n} – ${high}` : String(n)}"><span>${n}</span></label>`,
    );
    return html`<div class="r-subscale"${groupLabel ? html` role="radiogroup" aria-label="${groupLabel}"` : ""}>${groupLabel ? html`<p class="r-sublabel" aria-hidden="true">${groupLabel}</p>` : ""}<div class="r-scale r-scale-${max - min + 1}">${buttons}</div><div class="r-ends" aria-hidden="true"><span>${low}</span><span>${high}</span></div></div>`;
  };
  const options = (name: string, type: "radio" | "checkbox", items: { value: string; label: string }[]) =>
    html`<div class="r-options">${items.map(
      (item) =>
        html`<label class="r-option"><input type="${type}" name="${name}" value="${item.value}"${type === "radio" ? req : ""}${chosen(name, item.value) ? html` checked` : ""}><span>${item.label}</span></label>`,
    )}</div>`;

  let control: SafeHtml;
  switch (question.type) {
    case "RATING":
      control = scale(fieldName(question.key), SCALES.RATING.min, SCALES.RATING.max, textIn(question.settings.lowLabel, locale, fallback), textIn(question.settings.highLabel, locale, fallback));
      break;
    case "CSAT":
      control = scale(fieldName(question.key), SCALES.CSAT.min, SCALES.CSAT.max, t("respond.csat.1"), t("respond.csat.5"));
      break;
    case "CES":
      control = scale(fieldName(question.key), SCALES.CES.min, SCALES.CES.max, t("respond.ces.1"), t("respond.ces.7"));
      break;
    case "SINGLE_CHOICE":
    case "MULTIPLE_CHOICE":
      control = html`${question.type === "MULTIPLE_CHOICE" ? html`<p class="r-hint">${t("respond.chooseAll")}</p>` : ""}${options(
        fieldName(question.key),
        question.type === "SINGLE_CHOICE" ? "radio" : "checkbox",
        question.settings.options.map((option) => ({ value: option.key, label: fill(textIn(option.label, locale, fallback), brand) })),
      )}`;
      break;
    case "OPEN_TEXT": {
      const name = fieldName(question.key);
      return html`<div class="r-q" id="${id}"><label for="${name}" class="r-label">${label} ${tag}</label><textarea id="${name}" name="${name}" rows="3" maxlength="${OPEN_TEXT_MAX_LENGTH}"${req}${described}${invalid} class="r-textarea">${values(name)[0] ?? ""}</textarea>${errorLine}</div>`;
    }
    case "SERVQUAL":
      control = html`${scale(fieldName(question.key, "e"), SCALES.SERVQUAL.min, SCALES.SERVQUAL.max, t("respond.servqual.low"), t("respond.servqual.high"), t("respond.servqual.expectation"))}${scale(fieldName(question.key, "p"), SCALES.SERVQUAL.min, SCALES.SERVQUAL.max, t("respond.servqual.low"), t("respond.servqual.high"), fill(t("respond.servqual.perception", { brand }), brand))}`;
      break;
    case "KANO": {
      const answers = KANO_ANSWERS.map((answer) => ({ value: answer, label: t(`respond.kano.${answer}`) }));
      control = html`<p class="r-sublabel">${fill(textIn(question.settings.functional, locale, fallback), brand)}</p>${options(fieldName(question.key, "f"), "radio", answers)}<p class="r-sublabel">${fill(textIn(question.settings.dysfunctional, locale, fallback), brand)}</p>${options(fieldName(question.key, "d"), "radio", answers)}`;
      break;
    }
    default:
      return html``;
  }
  return html`<fieldset class="r-q" id="${id}"${described}${invalid}><legend class="r-label">${label} ${tag}</legend>${control}${errorLine}</fieldset>`;
}

function thanks(view: Extract<Shown, { state: "done" }>, t: Translate): SafeHtml {
  const { category, brand, locale, fallback, thankYou } = view;
  if (!category) return message(t("respondent.thanks.title"), t("respondent.thanks.none"), "thanks");
  let text: string;
  if (category === "DETRACTOR") {
    // Someone will follow up only when the respondent agreed to be contacted (PIPL): no promise without consent.
    const promise = view.followUpEnabled && !view.anonymous && view.contactConsent;
    text = promise ? t("respondent.thanks.DETRACTOR", { brand }) : t("respond.thanks.DETRACTOR.noFollowUp", { brand });
  } else text = t(`respondent.thanks.${category}`, { brand });
  const ask = category === "PROMOTER" ? fill(textIn(thankYou.promoterAsk, locale, fallback), brand) : "";
  const askBlock =
    category === "PROMOTER" && (ask || thankYou.promoterUrl)
      ? html`<div class="r-ask" data-testid="promoter-ask">${ask ? html`<p>${ask}</p>` : ""}${thankYou.promoterUrl ? html`<p><a class="r-button" href="${thankYou.promoterUrl}" rel="noopener noreferrer" target="_blank">${t("respond.thanks.promoterButton")}</a></p>` : ""}</div>`
      : "";
  return html`<div class="r-message" data-testid="thanks" data-category="${category}" role="status"><h1>${t("respondent.thanks.title")}</h1><p>${text}</p>${askBlock}</div>`;
}

function message(title: string, text: string, testId?: string): SafeHtml {
  return html`<div class="r-message"${testId ? html` data-testid="${testId}"` : ""} role="status"><h1>${title}</h1><p>${text}</p></div>`;
}

function languageLinks(options: RenderOptions): SafeHtml | string {
  const { view, target } = options;
  const shown = LOCALES.filter((l) => view.locales.includes(l));
  if (shown.length < 2) return "";
  const base = target.kind === "answer" ? `/s/${encodeURIComponent(target.token)}` : target.path;
  const keep = new URLSearchParams();
  if ((view.state === "drivers" || view.state === "done") && view.resume) keep.set("r", view.resume);
  if (view.state === "done" && options.justAnswered) keep.set("done", "1");
  if (view.state === "start" && Number.isInteger(options.preselected) && options.preselected >= 0 && options.preselected <= 10) {
    keep.set("score", String(options.preselected));
  }
  if (target.kind === "preview") {
    keep.set("step", view.state === "drivers" ? "drivers" : view.state === "done" ? "done" : "start");
    if (Number.isInteger(options.preselected)) keep.set("score", String(options.preselected));
  }
  const links = shown.map((locale) => {
    const label = createTranslator(locale)(`locale.${locale}`);
    const query = new URLSearchParams(keep);
    query.set("lang", locale);
    return locale === view.locale
      ? html`<span aria-current="true">${label}</span>`
      : html`<a href="${base}?${query.toString()}" lang="${locale}">${label}</a>`;
  });
  return html`<nav aria-label="Language / 语言" class="r-langs">${links}</nav>`;
}

/** The category a preview shows for a chosen score (preview links carry ?score=N). */
export function previewCategory(score: number): NpsCategory | null {
  return Number.isInteger(score) && score >= 0 && score <= 10 ? classifyScore(score) : null;
}
