/**
 * Ranking small units honestly (product.md "Ranking small units"): pure, no I/O. The NPS maths — statistics,
 * k, shrinkage — is src/lib/nps.ts; this file only groups units by parent, applies the organisation's
 * minimum-n policy and numbers the ranks.
 */
import { estimateShrinkageK, npsFromCounts, sampleStatus, shrinkUnits, type NpsCounts, type NpsSample, type NpsStats, type SampleStatus } from "./nps";

export type RankInput = NpsCounts & {
  id: string;
  /** Key of the parent whose NPS small samples are pulled toward ("" = the organisation). */
  parentKey: string;
};

export type RankedFigure = {
  id: string;
  status: SampleStatus;
  /** Null when suppressed (n below suppressN): nothing but the status may be shown. */
  stats: NpsStats | null;
  /** The empirical-Bayes estimate in points; null when suppressed or with no answers. */
  shrunkNps: number | null;
  /** 1-based rank by the shrunk estimate among the "ok" items; null when below minN. */
  rank: number | null;
};

export type Thresholds = { minN: number; suppressN: number };

function sampleOf(counts: NpsCounts): NpsSample {
  return { n: counts.promoters + counts.passives + counts.detractors, promoters: counts.promoters, detractors: counts.detractors };
}

/**
 * Shrinks each item toward its parent's NPS (k estimated once over all items of this level, so a parent
 * with two children still gets a sensible k), then ranks the items with at least minN answers by the
 * shrunk estimate (ties: more answers first, then id). Items below minN keep their figures but get no rank;
 * items below suppressN lose their figures. Input order is preserved.
 */
export function rankByShrinkage(items: readonly RankInput[], parents: ReadonlyMap<string, NpsCounts>, thresholds: Thresholds): RankedFigure[] {
  const samples = items.map((item) => ({ ...sampleOf(item), id: item.id, parentKey: item.parentKey }));
  const { k } = estimateShrinkageK(samples);
  const shrunk = new Map<string, number>();
  const byParent = new Map<string, typeof samples>();
  for (const sample of samples) {
    const group = byParent.get(sample.parentKey) ?? [];
    group.push(sample);
    byParent.set(sample.parentKey, group);
  }
  for (const [parentKey, group] of byParent) {
    const parentCounts = parents.get(parentKey);
    const parent = parentCounts ? sampleOf(parentCounts) : undefined;
    for (const result of shrinkUnits(group, { k, ...(parent ? { parent } : {}) })) shrunk.set(result.id, result.shrunkNps);
  }
  const figures = items.map((item): RankedFigure => {
    const stats = npsFromCounts(item);
    const status = sampleStatus(stats.n, thresholds);
    if (status === "suppressed") return { id: item.id, status, stats: null, shrunkNps: null, rank: null };
    return { id: item.id, status, stats, shrunkNps: stats.n > 0 ? (shrunk.get(item.id) ?? null) : null, rank: null };
  });
  const ranked = figures
    .filter((f) => f.status === "ok" && f.shrunkNps !== null && f.stats)
    .sort((a, b) => (b.shrunkNps ?? 0) - (a.shrunkNps ?? 0) || (b.stats?.n ?? 0) - (a.stats?.n ?? 0) || a.id.localeCompare(b.id));
  ranked.forEach((figure, index) => {
    figure.rank = index + 1;
  });
  return figures;
}

/** Sum of several counts (a parent's figure from its parts). */
export function addCounts(parts: readonly NpsCounts[]): NpsCounts {
  return parts.reduce<NpsCounts>(
    (acc, c) => ({
      promoters: acc.promoters + c.promoters,
      passives: acc.passives + c.passives,
      detractors: acc.detractors + c.detractors,
      sum: (acc.sum ?? 0) + (c.sum ?? 0),
      sumSquares: (acc.sumSquares ?? 0) + (c.sumSquares ?? 0),
    }),
    { promoters: 0, passives: 0, detractors: 0, sum: 0, sumSquares: 0 },
  );
}
