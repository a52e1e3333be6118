import "server-only";
import { analyzeText, compileTaxonomy } from "@/lib/text/analyze";
import { textAnalyzeSchema, type TextAnalyzeResult, type ThemeLabel } from "@/schemas/text";
import { loadTaxonomy } from "./taxonomy";

/**
 * POST /api/v1/text/analyze: reads each text with the organisation's taxonomy (tokens, themes with their own
 * sentiment, overall sentiment). Nothing is stored. `input` is the unparsed body, validated here.
 */
export async function analyzeTexts({ organizationId, input }: { organizationId: string; input: unknown }): Promise<{ results: TextAnalyzeResult[] }> {
  const { texts } = textAnalyzeSchema.parse(input);
  const rules = await loadTaxonomy(organizationId);
  const labels = new Map<string, ThemeLabel>(rules.map((r) => [r.key, { "zh-CN": r.labelZh, en: r.labelEn }]));
  const taxonomy = compileTaxonomy(rules);
  return {
    results: texts.map((text) => {
      const result = analyzeText(text, taxonomy);
      return {
        tokens: result.tokens,
        themes: result.themes.map((t) => ({ key: t.key, label: labels.get(t.key)!, sentiment: t.sentiment, polarity: t.polarity })),
        sentiment: result.sentiment,
        polarity: result.polarity,
      };
    }),
  };
}
