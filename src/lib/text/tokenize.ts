/**
 * Tokens of a comment in either language: jieba (with the project's CX dictionary, src/lib/text/cx-dictionary.ts)
 * segments Chinese, Latin words are lower-cased and Porter-stemmed for matching, stop words of both languages are
 * marked. Input is normalised first (normalize.ts: Traditional → Simplified, full-width → ASCII).
 */
import { Jieba } from "@node-rs/jieba";
import { dict } from "@node-rs/jieba/dict";
import { stemmer } from "stemmer";
import { cxDictionaryText } from "./cx-dictionary";
import { normalizeText } from "./normalize";
import { isStopWord } from "./stop-words";

let jieba: Jieba | null = null;

function segmenter(): Jieba {
  if (!jieba) {
    jieba = Jieba.withDict(dict);
    jieba.loadDict(Buffer.from(cxDictionaryText(), "utf8"));
  }
  return jieba;
}

export type Token = {
  /** The word as written (normalised). */
  text: string;
  /** What rules match on: the Porter stem of a Latin word, the word itself otherwise. */
  stem: string;
  kind: "zh" | "en" | "number";
  stop: boolean;
};

const LATIN = /^[a-z][a-z'’-]*$/u;
const CJK = /[\u3400-\u9fff]/u;
const NUMBER = /^[0-9]+([.,][0-9]+)?[a-z%]*$/u;

/** Stem of an English word ("crashing" → "crash", "waited" → "wait"); apostrophes dropped. */
export function stemWord(word: string): string {
  return stemmer(word.replace(/['’]/gu, ""));
}

/** Segments already-normalised text (see normalizeText) into word tokens; punctuation and spaces are dropped. */
export function tokenizeNormalized(normalized: string): Token[] {
  if (!normalized) return [];
  const tokens: Token[] = [];
  for (const raw of segmenter().cut(normalized, true)) {
    const text = raw.trim();
    if (!text) continue;
    if (LATIN.test(text)) {
      const clean = text.replace(/['’-]+$/u, "");
      tokens.push({ text: clean, stem: stemWord(clean), kind: "en", stop: isStopWord(clean) });
    } else if (CJK.test(text)) {
      tokens.push({ text, stem: text, kind: "zh", stop: isStopWord(text) });
    } else if (NUMBER.test(text)) {
      tokens.push({ text, stem: text, kind: "number", stop: true });
    } else if (/^[0-9a-z]+$/u.test(text)) {
      // Mixed letters and digits (5g, 4s, app2): a word.
      tokens.push({ text, stem: text, kind: "en", stop: false });
    }
  }
  return tokens;
}

/** normalizeText + tokenizeNormalized. */
export function tokenize(text: string): Token[] {
  return tokenizeNormalized(normalizeText(text));
}

/** The content words of a comment (no stop words, no numbers), as shown in the API's `tokens`. */
export function contentTokens(tokens: Token[]): string[] {
  return tokens.filter((t) => !t.stop).map((t) => t.text);
}
