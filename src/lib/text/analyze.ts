/**
 * One comment read: its content tokens, its themes (with each mention's sentiment) and its overall sentiment.
 * Pure and synchronous; the caller keeps the compiled taxonomy (compileRules) for a batch.
 */
import { normalizeText } from "./normalize";
import { sentimentOfNormalized, type Polarity } from "./sentiment";
import { matchThemes, type ThemeMention, compileRules, type ThemeRule } from "./themes";
import { contentTokens, tokenizeNormalized } from "./tokenize";

export type TextAnalysis = { tokens: string[]; themes: ThemeMention[]; sentiment: number; polarity: Polarity };

export type CompiledTaxonomy = ReturnType<typeof compileRules>;

export function compileTaxonomy(rules: readonly ThemeRule[]): CompiledTaxonomy {
  return compileRules(rules);
}

export function analyzeText(text: string, taxonomy: CompiledTaxonomy): TextAnalysis {
  const normalized = normalizeText(text);
  const { score, polarity } = sentimentOfNormalized(normalized);
  return {
    tokens: contentTokens(tokenizeNormalized(normalized)),
    themes: matchThemes(normalized, taxonomy),
    sentiment: score,
    polarity,
  };
}
