/**
 * Distinctive words of one group against another: the weighted log-odds ratio with an informative Dirichlet prior
 * (Monroe, Colaresi & Quinn 2008, "Fightin' Words", eq. 16–22). For word w, counts y_w in group a and b, totals n:
 *   α_w = α₀ · (y_w^a + y_w^b) / (n^a + n^b)          (prior from the pooled counts, strength α₀)
 *   δ_w = ln((y_w^a + α_w) / (n^a + α₀ − y_w^a − α_w)) − ln((y_w^b + α_w) / (n^b + α₀ − y_w^b − α_w))
 *   σ²(δ_w) ≈ 1/(y_w^a + α_w) + 1/(y_w^b + α_w),   z_w = δ_w / σ(δ_w)
 * Positive z: distinctive of group a (e.g. detractors), negative: of group b (promoters).
 */
export type WordCounts = ReadonlyMap<string, number>;
export type DistinctiveWord = { word: string; countA: number; countB: number; delta: number; z: number };

/** The default prior strength α₀: the pooled corpus counted as this many words (Monroe et al. use the corpus size). */
export function logOdds(a: WordCounts, b: WordCounts, priorStrength?: number): DistinctiveWord[] {
  const words = new Set([...a.keys(), ...b.keys()]);
  const total = (m: WordCounts) => [...m.values()].reduce((s, v) => s + v, 0);
  const nA = total(a);
  const nB = total(b);
  const pooled = nA + nB;
  if (pooled === 0) return [];
  const alpha0 = priorStrength ?? pooled;
  const result: DistinctiveWord[] = [];
  for (const word of words) {
    const yA = a.get(word) ?? 0;
    const yB = b.get(word) ?? 0;
    const alpha = (alpha0 * (yA + yB)) / pooled;
    const delta = Math.log((yA + alpha) / (nA + alpha0 - yA - alpha)) - Math.log((yB + alpha) / (nB + alpha0 - yB - alpha));
    const variance = 1 / (yA + alpha) + 1 / (yB + alpha);
    result.push({ word, countA: yA, countB: yB, delta, z: delta / Math.sqrt(variance) });
  }
  return result.sort((x, y) => y.z - x.z || x.word.localeCompare(y.word));
}
