/**
 * Multiple comparisons: Benjamini–Hochberg (1995) false-discovery-rate adjusted p-values, computed exactly as
 * R's `p.adjust(p, "BH")`: sort descending, q_(i) = min over j ≥ i of (m / j) · p_(j) (step-up, so the adjusted
 * values are monotone in the raw ones), capped at 1, returned in the input order. A table that tests many rows
 * at once (segments, themes, journey stages) calls it once over all its p-values and reads "significant" as
 * q < alpha. Pure, isomorphic.
 */

/** Significance level the product uses everywhere (product.md: "significant at p < 0.05 only"). */
export const FDR_ALPHA = 0.05;

/**
 * BH-adjusted p-values in the order given. `null` entries (rows with no test, e.g. suppressed or too few) stay
 * `null` and do not count towards m, like R's NA handling with the default `n = length(p[!is.na(p)])`.
 * Throws a RangeError for a value outside [0, 1] or not a number (a programming error, never user input).
 */
export function adjustBenjaminiHochberg(pValues: readonly (number | null)[]): (number | null)[] {
  const present: { index: number; p: number }[] = [];
  pValues.forEach((p, index) => {
    if (p === null) return;
    if (!Number.isFinite(p) || p < 0 || p > 1) throw new RangeError(`p-value out of range at ${index}: ${p}`);
    present.push({ index, p });
  });
  const m = present.length;
  const adjusted: (number | null)[] = pValues.map(() => null);
  // Largest p first; stable for ties (ties get the same value either way because of the running minimum).
  present.sort((a, b) => b.p - a.p);
  let runningMin = Infinity;
  present.forEach(({ index, p }, position) => {
    const rank = m - position;
    runningMin = Math.min(runningMin, (m / rank) * p);
    adjusted[index] = Math.min(1, runningMin);
  });
  return adjusted;
}

/** Whether a BH-adjusted p-value (q) counts as significant at the product's level. */
export function isDiscovery(q: number | null | undefined, alpha: number = FDR_ALPHA): boolean {
  return q !== null && q !== undefined && q < alpha;
}

/** "q = 0.031" / "q < 0.001": an adjusted p-value as the tables print it (the raw one is formatPValue's "p = …"). */
export function formatQValue(q: number): string {
  return q < 0.001 ? "q < 0.001" : `q = ${q.toFixed(3)}`;
}
