/**
 * Theme rules and matching. A theme has display names in both languages, an optional parent, keywords and
 * exclusions in either language. Matching works on the normalised text clause by clause:
 * - a Chinese keyword matches as a substring of the clause (segmentation varies: 排队 inside 排队等候);
 * - an English keyword matches whole words by Porter stem ("crashes" hits "crash"; "mobile app" hits "mobile apps");
 * - `A&B` matches when every part occurs in the same clause (等&久 hits 等了很久);
 * - an exclusion is cut out of the clause before the keywords are tried (等级 is not 等, "wait list" is not "wait").
 * Each mention carries the sentiment of the clauses it was found in.
 */
import { isCjk, normalizeText } from "./normalize";
import { clausesOf, sentimentOfNormalized, type Polarity } from "./sentiment";
import { stemWord } from "./tokenize";

export type ThemeRule = {
  key: string;
  labelZh: string;
  labelEn: string;
  parentKey?: string | null;
  keywords: readonly string[];
  exclusions?: readonly string[];
};

export type ThemeMention = { key: string; sentiment: number; polarity: Polarity };

type CompiledPart = { kind: "zh"; text: string } | { kind: "en"; stems: string[] };
type CompiledRule = { key: string; keywords: CompiledPart[][]; exclusions: CompiledPart[] };

function compilePart(part: string): CompiledPart | null {
  const text = normalizeText(part);
  if (!text) return null;
  if (isCjk(text.replace(/\s+/gu, ""))) return { kind: "zh", text: text.replace(/\s+/gu, "") };
  const stems = (text.match(/[a-z0-9]+(?:['’][a-z]+)?/gu) ?? []).map(stemWord);
  return stems.length ? { kind: "en", stems } : { kind: "zh", text };
}

export function compileRules(rules: readonly ThemeRule[]): CompiledRule[] {
  return rules.map((rule) => ({
    key: rule.key,
    keywords: rule.keywords
      .map((k) => k.split("&").map(compilePart))
      .filter((parts): parts is CompiledPart[] => parts.length > 0 && parts.every((p) => p !== null)),
    exclusions: (rule.exclusions ?? []).map(compilePart).filter((p): p is CompiledPart => p !== null),
  }));
}

type Clause = { text: string; stems: string[] };

function prepareClause(text: string): Clause {
  return { text, stems: (text.match(/[a-z0-9]+(?:['’][a-z]+)?/gu) ?? []).map(stemWord) };
}

function stemsInclude(haystack: string[], needle: string[]): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/** The clause with every exclusion cut out (Chinese: replaced by a gap; English: its stems removed). */
function withoutExclusions(clause: Clause, exclusions: CompiledPart[]): Clause {
  let text = clause.text;
  let stems = clause.stems;
  for (const ex of exclusions) {
    if (ex.kind === "zh") text = text.split(ex.text).join("｜");
    else {
      let at = stemsInclude(stems, ex.stems);
      while (at >= 0) {
        stems = [...stems.slice(0, at), "|", ...stems.slice(at + ex.stems.length)];
        at = stemsInclude(stems, ex.stems);
      }
    }
  }
  return { text, stems };
}

function partMatches(clause: Clause, part: CompiledPart): boolean {
  return part.kind === "zh" ? clause.text.includes(part.text) : stemsInclude(clause.stems, part.stems) >= 0;
}

/** The themes of already-normalised text, in the taxonomy's order, each with the sentiment of its clauses. */
export function matchThemes(normalized: string, rules: CompiledRule[]): ThemeMention[] {
  const clauses = clausesOf(normalized).map(prepareClause);
  const mentions: ThemeMention[] = [];
  for (const rule of rules) {
    const hit: string[] = [];
    for (const clause of clauses) {
      const cut = rule.exclusions.length ? withoutExclusions(clause, rule.exclusions) : clause;
      if (rule.keywords.some((parts) => parts.every((p) => partMatches(cut, p)))) hit.push(clause.text);
    }
    if (hit.length) {
      const { score, polarity } = sentimentOfNormalized(hit.join("，"));
      mentions.push({ key: rule.key, sentiment: score, polarity });
    }
  }
  return mentions;
}
