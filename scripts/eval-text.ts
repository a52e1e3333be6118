/**
 * `npm run eval:text`: scores the comment reader (src/lib/text) on the labelled evaluation set
 * (tests/fixtures/text-eval/comments.tsv, see its README): per-theme precision / recall / F1, micro-F1, and polarity
 * accuracy per language, for the development part and the held-out third (id divisible by 3) separately, plus the
 * tagging speed. Floors (issue 14): polarity accuracy ≥ 0.85 in each language, theme micro-F1 ≥ 0.80.
 * Exits non-zero when a floor is missed on the whole set.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { analyzeText, compileTaxonomy, type CompiledTaxonomy } from "../src/lib/text/analyze.ts";
import { themeTemplate, INDUSTRIES, type Industry } from "../src/lib/text/theme-templates.ts";

type Row = { id: number; industry: Industry; language: string; polarity: string; themes: string[]; text: string };

export function readEvaluationSet(file = path.join(import.meta.dirname, "..", "tests", "fixtures", "text-eval", "comments.tsv")): Row[] {
  const [, ...lines] = readFileSync(file, "utf8").trim().split("\n");
  return lines.map((line) => {
    const [id, industry, language, polarity, themes, text] = line.split("\t");
    return {
      id: Number(id),
      industry: industry as Industry,
      language: language!,
      polarity: polarity!,
      themes: themes === "-" ? [] : themes!.split(","),
      text: text!,
    };
  });
}

type Counts = { tp: number; fp: number; fn: number };
type Score = { perTheme: Map<string, Counts>; polarity: Map<string, { right: number; all: number }>; errors: string[] };

function score(rows: Row[], taxonomies: Map<Industry, CompiledTaxonomy>): Score {
  const perTheme = new Map<string, Counts>();
  const polarity = new Map<string, { right: number; all: number }>();
  const errors: string[] = [];
  const counts = (key: string) => perTheme.get(key) ?? (perTheme.set(key, { tp: 0, fp: 0, fn: 0 }), perTheme.get(key)!);
  for (const row of rows) {
    const result = analyzeText(row.text, taxonomies.get(row.industry)!);
    const found = new Set(result.themes.map((t) => t.key));
    const expected = new Set(row.themes);
    for (const key of found) counts(key)[expected.has(key) ? "tp" : "fp"] += 1;
    for (const key of expected) if (!found.has(key)) counts(key).fn += 1;
    const p = polarity.get(row.language) ?? (polarity.set(row.language, { right: 0, all: 0 }), polarity.get(row.language)!);
    p.all += 1;
    if (result.polarity === row.polarity) p.right += 1;
    if (result.polarity !== row.polarity || [...found].sort().join() !== [...expected].sort().join()) {
      errors.push(`  #${row.id} ${row.polarity}/${result.polarity} (${result.sentiment}) [${[...expected].join(",")}] → [${[...found].join(",")}] ${row.text}`);
    }
  }
  return { perTheme, polarity, errors };
}

function micro(perTheme: Map<string, Counts>): { precision: number; recall: number; f1: number } {
  let tp = 0, fp = 0, fn = 0;
  for (const c of perTheme.values()) {
    tp += c.tp;
    fp += c.fp;
    fn += c.fn;
  }
  const precision = tp / Math.max(1, tp + fp);
  const recall = tp / Math.max(1, tp + fn);
  return { precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 };
}

function report(title: string, s: Score): { f1: number; polarity: Map<string, number> } {
  const m = micro(s.perTheme);
  console.log(`\n${title}`);
  console.log(`  theme micro: precision ${m.precision.toFixed(3)}  recall ${m.recall.toFixed(3)}  F1 ${m.f1.toFixed(3)}`);
  const accuracies = new Map<string, number>();
  for (const [language, p] of s.polarity) {
    accuracies.set(language, p.right / p.all);
    console.log(`  polarity accuracy ${language}: ${(p.right / p.all).toFixed(3)} (${p.right}/${p.all})`);
  }
  return { f1: m.f1, polarity: accuracies };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = readEvaluationSet();
  const taxonomies = new Map(INDUSTRIES.map((industry) => [industry, compileTaxonomy(themeTemplate(industry))]));
  for (const row of rows) {
    const keys = new Set(themeTemplate(row.industry).map((t) => t.key));
    for (const t of row.themes) if (!keys.has(t)) throw new Error(`#${row.id}: theme ${t} is not in the ${row.industry} template`);
  }
  console.log(`evaluation set: ${rows.length} comments (${rows.filter((r) => r.language === "zh-CN").length} Chinese, ${rows.filter((r) => r.language === "en").length} English); held out: id divisible by 3`);
  const dev = score(rows.filter((r) => r.id % 3 !== 0), taxonomies);
  const held = score(rows.filter((r) => r.id % 3 === 0), taxonomies);
  const all = score(rows, taxonomies);
  report("development (2/3)", dev);
  report("held out (1/3, only scored)", held);
  const whole = report("whole set", all);
  const table = [...all.perTheme].sort(([a], [b]) => a.localeCompare(b));
  console.log("\n  per theme (whole set):  precision  recall  F1   (tp/fp/fn)");
  for (const [key, c] of table) {
    const p = c.tp / Math.max(1, c.tp + c.fp);
    const r = c.tp / Math.max(1, c.tp + c.fn);
    console.log(`    ${key.padEnd(22)} ${p.toFixed(2).padStart(9)} ${r.toFixed(2).padStart(7)} ${(p + r ? (2 * p * r) / (p + r) : 0).toFixed(2).padStart(5)}   (${c.tp}/${c.fp}/${c.fn})`);
  }
  if (process.argv.includes("--errors")) console.log(`\nmisread (development part only):\n${dev.errors.join("\n")}`);
  // Speed: every comment tagged repeatedly.
  const texts = rows.map((r) => [r.text, taxonomies.get(r.industry)!] as const);
  const started = performance.now();
  let done = 0;
  while (performance.now() - started < 2000) {
    for (const [text, taxonomy] of texts) analyzeText(text, taxonomy);
    done += texts.length;
  }
  console.log(`\nspeed: ${Math.round(done / ((performance.now() - started) / 1000)).toLocaleString("en")} comments/s (one core)`);
  const misses = [
    ...(whole.f1 < 0.8 ? [`theme micro-F1 ${whole.f1.toFixed(3)} < 0.80`] : []),
    ...[...whole.polarity].filter(([, a]) => a < 0.85).map(([l, a]) => `polarity accuracy ${l} ${a.toFixed(3)} < 0.85`),
  ];
  console.log(misses.length ? `\nMISS: ${misses.join("; ")}` : "\nfloors met: theme micro-F1 ≥ 0.80, polarity accuracy ≥ 0.85 in each language");
  process.exitCode = misses.length ? 1 : 0;
}
