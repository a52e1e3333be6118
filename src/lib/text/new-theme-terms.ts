/**
 * "Possible new themes": ranking the words and two-word phrases of a period's comments that no theme covers.
 * The counts come from SQL (src/server/text/suggest-new-themes.ts: in how many comments of the period and of the
 * organisation's earlier comments each term occurs); this file scores them by TF-IDF, keeps topic words only and
 * drops what the taxonomy already matches. Pure, isomorphic.
 */
import type { CompiledTaxonomy } from "./analyze";
import { normalizeText } from "./normalize";
import { ZH_CONTRAST, ZH_INTENSIFIERS, ZH_NEGATORS, EN_CONTRAST, EN_INTENSIFIERS, EN_NEGATORS } from "./sentiment-lexicon";
import { sentimentSum } from "./sentiment";
import { matchThemes } from "./themes";
import { isStopWord } from "./stop-words";

/** A term's document frequencies: `parts` is one token (a word) or two adjacent tokens (a phrase). */
export type TermCounts = { parts: string[]; period: number; background: number };

export type NewThemeTerm = {
  /** As shown and as added to a theme: a Chinese phrase joined without a space (转账限额), English with one. */
  term: string;
  parts: string[];
  /** Comments of the period containing it. */
  count: number;
  /** Comments of the comparison sample (earlier comments of the organisation) containing it. */
  background: number;
  /** TF-IDF: count × (ln((1 + N_background) / (1 + background)) + 1). */
  score: number;
};

const CJK_EDGE = /[\u3400-\u9fff]$/u;
const CJK_START = /^[\u3400-\u9fff]/u;
const FUNCTION_WORDS = new Set<string>([...ZH_NEGATORS, ...EN_NEGATORS, ...ZH_CONTRAST, ...EN_CONTRAST, ...Object.keys(ZH_INTENSIFIERS), ...Object.keys(EN_INTENSIFIERS)]);

/** The term as a keyword: Chinese parts joined directly (转账 + 限额 → 转账限额), otherwise with a space. */
export function joinTermParts(parts: readonly string[]): string {
  let out = "";
  for (const part of parts) {
    if (out === "") out = part;
    else out += CJK_EDGE.test(out) && CJK_START.test(part) ? part : ` ${part}`;
  }
  return out;
}

/**
 * A word that can name a topic: not a stop word, negator, intensifier or contrast word, not a sentiment word (太低,
 * great: they say how, not what), at least two characters in Chinese and three letters in English, not a number.
 */
export function isTopicWord(word: string): boolean {
  if (!word || isStopWord(word) || FUNCTION_WORDS.has(word)) return false;
  if (/^[0-9.,%]+$/u.test(word)) return false;
  if (CJK_START.test(word) ? [...word].length < 2 : word.length < 3) return false;
  return sentimentSum(normalizeText(word)) === 0;
}

export type RankOptions = {
  /** Comments in the period's sample and in the comparison sample. */
  periodComments: number;
  backgroundComments: number;
  /** A term needs at least this many comments of the period. */
  minCount?: number;
  limit?: number;
};

/**
 * Scores the candidate terms by TF-IDF against the comparison sample, leaves out those that are not topic words
 * or that the taxonomy already matches (the term read as a comment gets a theme), and, when a phrase accounts for
 * most of a word's occurrences (≥ 80 %), shows the phrase only (转账限额 rather than 转账 and 限额 as well).
 */
export function rankNewThemeTerms(candidates: readonly TermCounts[], taxonomy: CompiledTaxonomy, options: RankOptions): NewThemeTerm[] {
  const { backgroundComments, minCount = 3, limit = 10 } = options;
  const scored: NewThemeTerm[] = [];
  for (const c of candidates) {
    if (c.period < minCount || c.parts.length === 0 || !c.parts.every(isTopicWord)) continue;
    const term = joinTermParts(c.parts);
    if (matchThemes(normalizeText(term), taxonomy).length > 0) continue;
    const idf = Math.log((1 + backgroundComments) / (1 + c.background)) + 1;
    scored.push({ term, parts: [...c.parts], count: c.period, background: c.background, score: Math.round(c.period * idf * 1000) / 1000 });
  }
  const phrases = scored.filter((t) => t.parts.length > 1);
  const covered = (word: NewThemeTerm) => phrases.some((p) => p.parts.includes(word.parts[0]!) && p.count >= 0.8 * word.count);
  return scored
    .filter((t) => t.parts.length > 1 || !covered(t))
    .sort((a, b) => b.score - a.score || b.count - a.count || a.term.localeCompare(b.term))
    .slice(0, limit);
}
