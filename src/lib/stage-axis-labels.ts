/**
 * Labels of a chart's category axis where each category has `maxWidth` pixels (the journey's emotion curve): the
 * names on one line when they all fit, else wrapped (words, or single characters of Chinese text) onto at most
 * `maxLines` lines, else the categories' numbers (1, 2, …) — the same mode for every label, so the axis reads alike.
 */
export type StageAxisLayout = { mode: "names" | "wrapped" | "numbers"; lines: string[][] };

/** Breakable pieces of a name: Latin words with their trailing space, single CJK characters. */
function pieces(name: string): string[] {
  return name.match(/[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]|[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]+\s*|\s+/g) ?? [name];
}

/** `name` greedily wrapped to `maxWidth`; null when a piece alone is wider or more than `maxLines` lines are needed. */
export function wrapLabel(name: string, maxWidth: number, measure: (text: string) => number, maxLines: number): string[] | null {
  const lines: string[] = [];
  let line = "";
  for (const piece of pieces(name.trim())) {
    const candidate = line + piece;
    if (measure(candidate.trimEnd()) <= maxWidth) {
      line = candidate;
      continue;
    }
    if (line.trim() === "" || measure(piece.trimEnd()) > maxWidth) return null;
    lines.push(line.trimEnd());
    line = piece.trimStart();
  }
  if (line.trim() !== "") lines.push(line.trimEnd());
  return lines.length <= maxLines ? lines : null;
}

export function stageAxisLayout(names: readonly string[], maxWidth: number, measure: (text: string) => number, maxLines = 3): StageAxisLayout {
  if (maxWidth > 0 && names.every((name) => measure(name.trim()) <= maxWidth)) return { mode: "names", lines: names.map((name) => [name.trim()]) };
  if (maxWidth > 0) {
    const wrapped = names.map((name) => wrapLabel(name, maxWidth, measure, maxLines));
    if (wrapped.every((lines): lines is string[] => lines !== null)) return { mode: "wrapped", lines: wrapped };
  }
  return { mode: "numbers", lines: names.map((_, i) => [String(i + 1)]) };
}
