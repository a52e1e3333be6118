/**
 * Pure rules of survey content: which texts a published survey must have in every language, what may
 * change once responses exist, and how a respondent's driver answers are read and checked. No I/O.
 */
import type { Locale } from "@/i18n/locales";
import { isKanoAnswer, type KanoAnswer } from "./kano";
import type { NpsCategory } from "./nps";
import type { SurveyContent, SurveyQuestion } from "@/schemas/survey-content";
import { FOLLOW_UP_KEY } from "@/schemas/survey-content";

type Text = Partial<Record<Locale, string>>;

/** Points of each rating-like scale (the NPS question is always 0–10). */
export const SCALES = {
  RATING: { min: 1, max: 5 },
  CSAT: { min: 1, max: 5 },
  CES: { min: 1, max: 7 },
  SERVQUAL: { min: 1, max: 7 },
} as const;

export const OPEN_TEXT_MAX_LENGTH = 2000;

const filled = (value: string | undefined) => (value ?? "").trim() !== "";

/** A place in the content whose text is missing in a locale, e.g. {path: "questions.2.text", locale: "en"}. */
export type MissingText = { path: string; locale: Locale };

/**
 * Texts a survey needs in every one of its locales before it can be published. Per-category follow-up
 * wordings and the promoter ask are optional, but once written in one language they are needed in all.
 */
export function missingTranslations(content: SurveyContent, locales: readonly Locale[]): MissingText[] {
  const missing: MissingText[] = [];
  const need = (path: string, value: Text | undefined, optional = false) => {
    if (optional && !Object.values(value ?? {}).some(filled)) return;
    for (const locale of locales) if (!filled(value?.[locale])) missing.push({ path, locale });
  };
  content.questions.forEach((question, index) => {
    const at = `questions.${index}`;
    need(`${at}.text`, question.text);
    switch (question.type) {
      case "NPS":
      case "RATING":
        need(`${at}.settings.lowLabel`, question.settings.lowLabel);
        need(`${at}.settings.highLabel`, question.settings.highLabel);
        break;
      case "OPEN_TEXT":
        for (const category of ["PROMOTER", "PASSIVE", "DETRACTOR"] as const) {
          need(`${at}.settings.byCategory.${category}`, question.settings.byCategory[category], true);
        }
        break;
      case "SINGLE_CHOICE":
      case "MULTIPLE_CHOICE":
        question.settings.options.forEach((option, o) => need(`${at}.settings.options.${o}.label`, option.label));
        break;
      case "KANO":
        need(`${at}.settings.functional`, question.settings.functional);
        need(`${at}.settings.dysfunctional`, question.settings.dysfunctional);
        break;
      default:
        break;
    }
  });
  need("thankYou.promoterAsk", content.thankYou.promoterAsk, true);
  return missing;
}

/** Why a change to a survey with responses was refused. */
export type LockViolation = { key: string; reason: "removed" | "type_changed" | "options_removed" | "dimension_changed" };

/**
 * Once a survey has responses its questions cannot change meaning: no question may be removed or change
 * type (the NPS scale stays 0–10), choice options may be added or reworded but not removed, a SERVQUAL
 * item stays in its dimension. Wording, order, required flags and new questions are allowed.
 */
export function lockViolations(previous: readonly SurveyQuestion[], next: readonly SurveyQuestion[]): LockViolation[] {
  const byKey = new Map(next.map((question) => [question.key, question]));
  const violations: LockViolation[] = [];
  for (const before of previous) {
    const after = byKey.get(before.key);
    if (!after) {
      violations.push({ key: before.key, reason: "removed" });
      continue;
    }
    if (after.type !== before.type) {
      violations.push({ key: before.key, reason: "type_changed" });
      continue;
    }
    if ((before.type === "SINGLE_CHOICE" || before.type === "MULTIPLE_CHOICE") && (after.type === "SINGLE_CHOICE" || after.type === "MULTIPLE_CHOICE")) {
      const kept = new Set(after.settings.options.map((option) => option.key));
      if (before.settings.options.some((option) => !kept.has(option.key))) violations.push({ key: before.key, reason: "options_removed" });
    }
    if (before.type === "SERVQUAL" && after.type === "SERVQUAL" && before.settings.dimension !== after.settings.dimension) {
      violations.push({ key: before.key, reason: "dimension_changed" });
    }
  }
  return violations;
}

/** Order-independent JSON of a value, for "did anything change" comparisons. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

/** The text in `locale`, else in `fallback`, else any. */
export function textIn(value: Text | undefined, locale: Locale, fallback: Locale): string {
  const pick = (l: Locale) => (filled(value?.[l]) ? value?.[l] : undefined);
  return pick(locale) ?? pick(fallback) ?? Object.values(value ?? {}).find(filled) ?? "";
}

/** The follow-up question's wording for a category: its own wording if written, else the general one. */
export function followUpWording(question: SurveyQuestion, category: NpsCategory | null, locale: Locale, fallback: Locale): string {
  if (category && question.type === "OPEN_TEXT") {
    const specific = textIn(question.settings.byCategory[category], locale, fallback);
    if (specific) return specific;
  }
  return textIn(question.text, locale, fallback);
}

/** The questions shown after the score (everything but the NPS question and its follow-up). */
export function driverQuestions<Q extends { type: string; key: string }>(questions: readonly Q[]): Q[] {
  return questions.filter((question) => question.type !== "NPS" && question.key !== FOLLOW_UP_KEY);
}

/** Form field names of a driver question (a plain HTML form posts them). */
export function fieldName(key: string, part?: "e" | "p" | "f" | "d"): string {
  return part ? `q_${key}_${part}` : `q_${key}`;
}

export type AnswerValue =
  | number
  | string
  | string[]
  | { expectation: number | null; perception: number | null }
  | { functional: KanoAnswer; dysfunctional: KanoAnswer };

export type AnswerError = "required" | "invalid" | "too_long" | "incomplete";

export type ParsedAnswers = { answers: Map<string, AnswerValue>; errors: Map<string, AnswerError> };

/**
 * Reads the driver answers of a submitted form. `read(name)` returns every value posted under a field
 * name. Unknown fields are ignored; out-of-range values, unknown options and over-long texts are errors;
 * a required question left blank is an error; an optional one left blank is simply not answered.
 */
export function parseDriverAnswers(questions: readonly SurveyQuestion[], read: (name: string) => string[]): ParsedAnswers {
  const answers = new Map<string, AnswerValue>();
  const errors = new Map<string, AnswerError>();
  const one = (name: string) => {
    const values = read(name).map((v) => v.trim()).filter((v) => v !== "");
    return values.length === 0 ? null : values.length === 1 ? (values[0] ?? null) : undefined;
  };
  const scaleValue = (raw: string, min: number, max: number) => {
    if (!/^\d{1,2}$/.test(raw)) return null;
    const n = Number(raw);
    return n >= min && n <= max ? n : null;
  };

  for (const question of driverQuestions(questions)) {
    const key = question.key;
    const fail = (error: AnswerError) => errors.set(key, error);
    switch (question.type) {
      case "RATING":
      case "CSAT":
      case "CES": {
        const raw = one(fieldName(key));
        if (raw === undefined) fail("invalid");
        else if (raw === null) {
          if (question.required) fail("required");
        } else {
          const { min, max } = SCALES[question.type];
          const value = scaleValue(raw, min, max);
          if (value === null) fail("invalid");
          else answers.set(key, value);
        }
        break;
      }
      case "SINGLE_CHOICE": {
        const raw = one(fieldName(key));
        if (raw === undefined) fail("invalid");
        else if (raw === null) {
          if (question.required) fail("required");
        } else if (!question.settings.options.some((option) => option.key === raw)) fail("invalid");
        else answers.set(key, raw);
        break;
      }
      case "MULTIPLE_CHOICE": {
        const raw = [...new Set(read(fieldName(key)).map((v) => v.trim()).filter((v) => v !== ""))];
        const known = new Set(question.settings.options.map((option) => option.key));
        if (raw.some((value) => !known.has(value))) fail("invalid");
        else if (raw.length === 0) {
          if (question.required) fail("required");
        } else answers.set(key, question.settings.options.map((o) => o.key).filter((k) => raw.includes(k)));
        break;
      }
      case "OPEN_TEXT": {
        const values = read(fieldName(key));
        if (values.length > 1) {
          fail("invalid");
          break;
        }
        const value = (values[0] ?? "").replace(/\r\n?/g, "\n").trim();
        if (value === "") {
          if (question.required) fail("required");
        } else if ([...value].length > OPEN_TEXT_MAX_LENGTH) fail("too_long");
        else answers.set(key, value);
        break;
      }
      case "SERVQUAL": {
        const e = one(fieldName(key, "e"));
        const p = one(fieldName(key, "p"));
        if (e === undefined || p === undefined) {
          fail("invalid");
          break;
        }
        const expectation = e === null ? null : scaleValue(e, SCALES.SERVQUAL.min, SCALES.SERVQUAL.max);
        const perception = p === null ? null : scaleValue(p, SCALES.SERVQUAL.min, SCALES.SERVQUAL.max);
        if ((e !== null && expectation === null) || (p !== null && perception === null)) fail("invalid");
        else if (expectation === null && perception === null) {
          if (question.required) fail("required");
        } else if (question.required && (expectation === null || perception === null)) fail("incomplete");
        else answers.set(key, { expectation, perception });
        break;
      }
      case "KANO": {
        const f = one(fieldName(key, "f"));
        const d = one(fieldName(key, "d"));
        if (f === undefined || d === undefined || (f !== null && !isKanoAnswer(f)) || (d !== null && !isKanoAnswer(d))) {
          fail("invalid");
          break;
        }
        if (f === null && d === null) {
          if (question.required) fail("required");
        } else if (f === null || d === null) fail("incomplete");
        else if (isKanoAnswer(f) && isKanoAnswer(d)) answers.set(key, { functional: f, dysfunctional: d });
        break;
      }
      default:
        break;
    }
  }
  return { answers, errors };
}
