/**
 * Ranking small units honestly (product.md "Ranking small units"): pure, no I/O. The NPS maths — statistics,
 * k, shrinkage — is src/lib/nps.ts; this file only groups units by parent, applies the organisation's
 * minimum-n policy and numbers the ranks.
 */
import {
  MIN_BETWEEN_SD_POINTS,
  estimatePriorsByParent,
  npsFromCounts,
  sampleStatus,
  shrinkTowardOthers,
  type NpsCounts,
  type NpsSample,
  type NpsStats,
  type SampleStatus,
} from "./nps";

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

const EMPTY: NpsSample = { n: 0, promoters: 0, detractors: 0 };

function addSample(a: NpsSample, b: NpsSample): NpsSample {
  return { n: a.n + b.n, promoters: a.promoters + b.promoters, detractors: a.detractors + b.detractors };
}

/** `whole` minus `part`; null when `part` is not inside `whole` (inconsistent counts). */
function without(whole: NpsSample, part: NpsSample): NpsSample | null {
  const rest = { n: whole.n - part.n, promoters: whole.promoters - part.promoters, detractors: whole.detractors - part.detractors };
  return rest.n >= 0 && rest.promoters >= 0 && rest.detractors >= 0 && rest.promoters + rest.detractors <= rest.n ? rest : null;
}

function sampleOf(counts: NpsCounts): NpsSample {
  return { n: counts.promoters + counts.passives + counts.detractors, promoters: counts.promoters, detractors: counts.detractors };
}

/**
 * Shrinks each item toward its own parent's NPS without the item (shrinkTowardOthers: its siblings, plus the
 * parent's answers outside every child; when the parent has no other answers — a team that is its branch's only
 * child — the level's other items; with nothing to compare against, the raw figure), with the between-unit
 * variance estimated per parent (estimatePriorsByParent: the parent's own children when it has enough, else the
 * level's children around their own parents, τ floored at 5 points; docs/decisions/0026). Then ranks the items with at least minN answers
 * by the shrunk estimate (ties: more answers first, then id). Items below minN keep their figures but get no
 * rank; items below suppressN lose their figures. Input order is preserved.
 */
export function rankByShrinkage(items: readonly RankInput[], parents: ReadonlyMap<string, NpsCounts>, thresholds: Thresholds): RankedFigure[] {
  const samples = items.map((item) => ({ ...sampleOf(item), id: item.id, parentKey: item.parentKey }));
  const priors = estimatePriorsByParent(samples);
  const shrunk = new Map<string, number>();
  const withinVariance = priors.withinVariance;
  const children = new Map<string, typeof samples>();
  for (const sample of samples) children.set(sample.parentKey, [...(children.get(sample.parentKey) ?? []), sample]);
  // The parent's answers outside every child at this level (e.g. a branch's own desk) count as one more sibling.
  const outsideOf = new Map<string, NpsSample | null>();
  for (const [parentKey, group] of children) {
    const parentCounts = parents.get(parentKey);
    const outside = parentCounts ? without(sampleOf(parentCounts), group.reduce((a, s) => addSample(a, s), EMPTY)) : null;
    outsideOf.set(parentKey, outside && outside.n > 0 ? outside : null);
  }
  const answered = samples.filter((s) => s.n > 0);
  for (const sample of samples) {
    if (sample.n === 0 || withinVariance === null) continue;
    const siblings = (children.get(sample.parentKey) ?? []).filter((s) => s.id !== sample.id && s.n > 0);
    const outside = outsideOf.get(sample.parentKey) ?? null;
    let others: NpsSample[] = outside ? [...siblings, outside] : siblings;
    // The parent has no answers but the unit's (a team that is its branch's only child): the level's other units.
    if (others.length === 0) others = answered.filter((s) => s.id !== sample.id);
    const betweenVariance = priors.byParent.get(sample.parentKey)?.betweenVariance ?? (MIN_BETWEEN_SD_POINTS / 100) ** 2;
    const estimate = shrinkTowardOthers(sample, others, { withinVariance, betweenVariance });
    if (estimate !== null) shrunk.set(sample.id, estimate);
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
