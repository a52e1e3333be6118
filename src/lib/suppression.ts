/**
 * Small-cell suppression (product.md: below suppressN, default 5, segment figures are hidden — also to protect
 * respondents' anonymity). Pure, isomorphic; the analytics services and the API apply it, so a figure hidden in
 * one answer cannot be read from another:
 * - a group with 0 < n < suppressN is hidden ("small");
 * - complementary suppression: while the hidden groups could be recovered as overall − the visible ones (exactly
 *   one hidden group, or hidden groups holding fewer than suppressN answers together), the smallest visible group
 *   is hidden too ("complementary") — for segments and for day / week / month periods alike;
 * - a result narrowed to a segment (a channel, touchpoint, attribute or unit filter) with 0 < n < suppressN is
 *   hidden whole — the plain filtered answer, the headline and a grouped answer's `overall` — so `attr.x=v`
 *   does not show what `groupBy=attribute:x` hides. docs/decisions/0026-suppression-and-shrinkage.md.
 */

export type SuppressionReason = "small" | "complementary";

/** True when n answers are too few to show (0 < n < suppressN). n = 0 has no figures to hide. */
export function isSmallCell(n: number, suppressN: number): boolean {
  return n > 0 && n < suppressN;
}

/**
 * Which groups to hide, in the input order: "small", "complementary" or null (shown). `order` breaks ties
 * between equally small visible groups: the later one in the input is hidden first (callers pass groups sorted
 * by n descending, then key, so the hidden one is the last row shown).
 */
export function suppressGroups(ns: readonly number[], suppressN: number): (SuppressionReason | null)[] {
  const reasons: (SuppressionReason | null)[] = ns.map((n) => (isSmallCell(n, suppressN) ? "small" : null));
  const hiddenTotal = () => ns.reduce((sum, n, i) => sum + (reasons[i] !== null ? n : 0), 0);
  const hiddenCount = () => reasons.filter((r) => r !== null).length;
  for (;;) {
    const count = hiddenCount();
    if (count === 0 || (count >= 2 && hiddenTotal() >= suppressN)) break;
    // The smallest visible group with answers (the later one on ties).
    let pick = -1;
    ns.forEach((n, i) => {
      if (reasons[i] !== null || n <= 0) return;
      const current = pick >= 0 ? (ns[pick] ?? 0) : Infinity;
      if (n <= current) pick = i;
    });
    if (pick < 0) break;
    reasons[pick] = "complementary";
  }
  return reasons;
}

/** Whether a whole result (a filtered answer, a headline, a grouped answer's overall) is hidden. */
export function isResultSuppressed(n: number, suppressN: number, narrowedToSegment: boolean): boolean {
  return narrowedToSegment && isSmallCell(n, suppressN);
}
