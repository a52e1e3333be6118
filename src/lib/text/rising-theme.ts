/**
 * The digest's "rising theme of the week" (issue 14, Seeing it → Digest): among the themes of this week's read
 * comments, the one whose share of comments rose most against the four weeks before. A theme needs at least
 * `minCount` comments this week, so two mentions in a quiet week never win; ties go to the larger count, then the
 * key. Pure.
 */

/** Comments this week a theme needs before it can be called rising. */
export const RISING_THEME_MIN_COUNT = 5;

export type ThemeWeekCount = { key: string; weekCount: number; baselineCount: number };

export type RisingThemePick = {
  key: string;
  weekCount: number;
  /** Share of this week's read comments that carry the theme, 0–1. */
  weekShare: number;
  /** The same share over the four weeks before (0 when they had no read comments). */
  baselineShare: number;
  /** weekShare − baselineShare, in share points (0–1). */
  rise: number;
};

export function pickRisingTheme(
  counts: readonly ThemeWeekCount[],
  totals: { week: number; baseline: number },
  { minCount = RISING_THEME_MIN_COUNT }: { minCount?: number } = {},
): RisingThemePick | null {
  if (totals.week <= 0) return null;
  let best: RisingThemePick | null = null;
  for (const row of counts) {
    if (row.weekCount < minCount) continue;
    const weekShare = row.weekCount / totals.week;
    const baselineShare = totals.baseline > 0 ? row.baselineCount / totals.baseline : 0;
    const rise = weekShare - baselineShare;
    if (rise <= 0) continue;
    const candidate = { key: row.key, weekCount: row.weekCount, weekShare, baselineShare, rise };
    if (
      !best ||
      rise > best.rise + 1e-12 ||
      (Math.abs(rise - best.rise) <= 1e-12 && (row.weekCount > best.weekCount || (row.weekCount === best.weekCount && row.key < best.key)))
    ) {
      best = candidate;
    }
  }
  return best;
}
