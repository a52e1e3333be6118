/**
 * Sentiment of a comment, −1 … 1, and its polarity, from the project's CX lexicon (sentiment-lexicon.ts) in both
 * languages. Rules, applied clause by clause (a clause ends at ，。！？；,.!? or a line break):
 * - Chinese entries are matched longest-first at each character (不错 before 不), English by word.
 * - A negator (不/没/未/别/无 …, not/never/no/n't …) flips the next sentiment word of its clause, at 3/4 strength
 *   (不好 is bad, 不差 only mildly good); two negators cancel.
 * - An intensifier (很/太/非常/特别 …, very/so/too …) multiplies the next sentiment word; 好 and 太 are intensifiers
 *   only right before a sentiment word (好慢 = very slow).
 * - Contrast (但是/不过/可是 …, but/however …): what came before counts half, what follows one and a half.
 * The sum is squashed to −1 … 1 by s / √(s² + 15) (as VADER does). The NPS category is never an input.
 */
import {
  EN_CONTRAST,
  EN_INTENSIFIERS,
  EN_NEGATORS,
  EN_SENTIMENT,
  ZH_CONTRAST,
  ZH_INTENSIFIERS,
  ZH_NEGATORS,
  SOFT_NEGATORS,
  ZH_NEUTRAL,
  ZH_SENTIMENT,
} from "./sentiment-lexicon";
import { normalizeText } from "./normalize";

export type Polarity = "negative" | "neutral" | "positive";

/** Scores within ±POLARITY_THRESHOLD are neutral. */
export const POLARITY_THRESHOLD = 0.3;

/**
 * A negator with no sentiment word close after it in its clause (没人接, "never answers", 不给退) still tells of a
 * failure in a service comment: it counts as this much.
 */
export const DANGLING_NEGATION = -2;

/** How far (characters of the clause) a negator reaches: 不太满意 and "not very good" are negated, 没有排队 too. */
const NEGATION_REACH = { zh: 3, en: 12 } as const;

type RoleKind =
  | { kind: "sentiment"; value: number }
  | { kind: "negator"; soft?: boolean }
  | { kind: "intensifier"; factor: number; value?: number }
  | { kind: "contrast" }
  | { kind: "neutral" };
type Role = RoleKind & { start: number; end: number; lang: "zh" | "en" };

const ZH_ENTRIES = new Map<string, RoleKind>();
for (const [word, value] of Object.entries(ZH_SENTIMENT)) ZH_ENTRIES.set(word, { kind: "sentiment", value });
for (const word of ZH_NEGATORS) ZH_ENTRIES.set(word, { kind: "negator", soft: SOFT_NEGATORS.includes(word) });
for (const [word, factor] of Object.entries(ZH_INTENSIFIERS)) {
  const existing = ZH_ENTRIES.get(word);
  ZH_ENTRIES.set(word, { kind: "intensifier", factor, value: existing?.kind === "sentiment" ? existing.value : undefined });
}
for (const word of ZH_CONTRAST) ZH_ENTRIES.set(word, { kind: "contrast" });
for (const word of ZH_NEUTRAL) ZH_ENTRIES.set(word, { kind: "neutral" });
const ZH_MAX = Math.max(...[...ZH_ENTRIES.keys()].map((w) => w.length));

const EN_ENTRIES = new Map<string, RoleKind>();
for (const [word, value] of Object.entries(EN_SENTIMENT)) EN_ENTRIES.set(word, { kind: "sentiment", value });
for (const word of EN_NEGATORS) EN_ENTRIES.set(word, { kind: "negator" });
for (const [word, factor] of Object.entries(EN_INTENSIFIERS)) EN_ENTRIES.set(word, { kind: "intensifier", factor });
for (const word of EN_CONTRAST) EN_ENTRIES.set(word, { kind: "contrast" });

const CLAUSE_BREAK = /[，。！？；,.!?;:：\n~～…、]+/u;
const CJK = /[\u3400-\u9fff]/u;
const LATIN = /[a-z]/u;

/** The lexicon entries of one clause, in order. */
function entriesOf(clause: string): Role[] {
  const roles: Role[] = [];
  let i = 0;
  while (i < clause.length) {
    const ch = clause[i]!;
    if (LATIN.test(ch)) {
      const match = /^[a-z]+(?:['’][a-z]+)?/u.exec(clause.slice(i))!;
      const word = match[0].replace("’", "'");
      i += match[0].length;
      const role = EN_ENTRIES.get(word) ?? (word.endsWith("n't") ? { kind: "negator" as const } : undefined);
      if (role) roles.push({ ...role, start: i - match[0].length, end: i, lang: "en" });
      continue;
    }
    if (CJK.test(ch)) {
      let found: RoleKind | undefined;
      let length = 0;
      for (let len = Math.min(ZH_MAX, clause.length - i); len >= 1; len--) {
        const role = ZH_ENTRIES.get(clause.slice(i, i + len));
        if (role) {
          found = role;
          length = len;
          break;
        }
      }
      if (found) {
        if (found.kind !== "neutral") roles.push({ ...found, start: i, end: i + length, lang: "zh" });
        i += length;
        continue;
      }
    }
    i += 1;
  }
  return roles;
}

type Accumulator = { before: number; after: number; contrasted: boolean };

/** Adds one clause's sentiment words (negation and intensifiers applied) to `acc`. */
function addClause(roles: Role[], acc: Accumulator): void {
  let negator: Role | null = null;
  let factor = 1;
  const dangling = () => {
    if (negator?.kind === "negator" && !negator.soft) acc.after += DANGLING_NEGATION;
    negator = null;
  };
  const add = (role: Role, value: number) => {
    const reach = negator ? NEGATION_REACH[negator.lang] : 0;
    const negated = negator !== null && role.start - negator.end <= reach;
    if (negator && !negated) dangling();
    acc.after += apply(value, factor, negated);
    negator = null;
    factor = 1;
  };
  roles.forEach((role, index) => {
    switch (role.kind) {
      case "negator":
        // Two negators in a row cancel (不是不好); a negator after an unused one starts afresh.
        if (negator && role.start - negator.end <= NEGATION_REACH[role.lang]) negator = null;
        else {
          dangling();
          negator = role;
        }
        return;
      case "contrast":
        dangling();
        acc.before += acc.after;
        acc.after = 0;
        acc.contrasted = true;
        factor = 1;
        return;
      case "intensifier": {
        const next = roles[index + 1];
        if (role.value !== undefined && next?.kind !== "sentiment") add(role, role.value);
        else factor *= role.factor;
        return;
      }
      case "sentiment":
        add(role, role.value);
        return;
      case "neutral":
        return;
    }
  });
  dangling();
}

function apply(value: number, factor: number, negated: boolean): number {
  const v = value * factor;
  return negated ? -v * 0.75 : v;
}

export type SentimentResult = { score: number; polarity: Polarity };

export function polarityOf(score: number): Polarity {
  if (score > POLARITY_THRESHOLD) return "positive";
  if (score < -POLARITY_THRESHOLD) return "negative";
  return "neutral";
}

/** The raw (unsquashed) sum of already-normalised text, contrast applied. */
export function sentimentSum(normalized: string): number {
  const acc: Accumulator = { before: 0, after: 0, contrasted: false };
  for (const clause of normalized.split(CLAUSE_BREAK)) {
    if (clause) addClause(entriesOf(clause), acc);
  }
  return acc.contrasted ? acc.before * 0.5 + acc.after * 1.5 : acc.after;
}

export function squash(sum: number): number {
  return sum === 0 ? 0 : sum / Math.sqrt(sum * sum + 15);
}

/** Sentiment of a comment in either language (or both mixed). */
export function sentiment(text: string): SentimentResult {
  return sentimentOfNormalized(normalizeText(text));
}

export function sentimentOfNormalized(normalized: string): SentimentResult {
  const score = Math.round(squash(sentimentSum(normalized)) * 10000) / 10000;
  return { score, polarity: polarityOf(score) };
}

/** The clauses of normalised text (for a theme mention's own sentiment). */
export function clausesOf(normalized: string): string[] {
  return normalized.split(CLAUSE_BREAK).filter(Boolean);
}
