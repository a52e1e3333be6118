/**
 * Pain and delight points of a customer journey (issue 13) — pure, isomorphic.
 *
 * Each stage's answers (the 0–10 histogram of the responses at its touchpoints; a touchpoint belongs to one stage
 * only, so the stages' samples are disjoint) are compared with the rest of the journey — the other stages' answers
 * pooled — by the product's one difference test (compareNps: adjusted-Wald z, independent samples). Testing against
 * the rest rather than against the overall keeps the two samples independent, and a stage lies below (above) the
 * journey's overall exactly when it lies below (above) the rest, since the overall is their weighted mean. The p-values
 * of all tested stages are adjusted together by Benjamini–Hochberg: a **pain point** is a stage significantly below
 * (q < 0.05), a **delight point** one significantly above. Suppression as everywhere (src/lib/suppression.ts): a stage
 * with 0 < n < suppressN is hidden, and complementarily one more while the hidden ones could be worked out as
 * overall − the shown ones; hidden stages are not tested (their answers still count in the overall and the rest).
 */
import { adjustBenjaminiHochberg, isDiscovery } from "./multiple-comparisons";
import { compareNps, npsFromHistogram, sampleStatus, type NpsComparison, type NpsStats } from "./nps";
import { isResultSuppressed, suppressGroups, type SuppressionReason } from "./suppression";

export type JourneyPoint = "pain" | "delight";

/** "ok" / "low" (greyed, below minN) / "suppressed" (hidden) / "empty" (no answers in the period). */
export type StageStatus = "ok" | "low" | "suppressed" | "empty";

export type StageAssessment = {
  stats: NpsStats;
  status: StageStatus;
  suppressedReason: SuppressionReason | null;
  /** This stage against the journey's other stages pooled; null when hidden, empty or nothing to compare. */
  vsRest: NpsComparison | null;
  /** vsRest's p adjusted by Benjamini–Hochberg across the journey's tested stages. */
  adjusted: { q: number; significant: boolean } | null;
  point: JourneyPoint | null;
};

export type JourneyAssessment = {
  /** All the journey's answers pooled (every stage, hidden ones included). */
  overall: NpsStats;
  /** The whole journey is hidden: narrowed to a segment with fewer than suppressN answers. */
  overallSuppressed: boolean;
  stages: StageAssessment[];
  /** How many stages were tested (m of the BH correction). */
  tests: number;
};

const EMPTY = Array.from({ length: 11 }, () => 0);

function sum(histograms: readonly (readonly number[])[]): number[] {
  return EMPTY.map((_, i) => histograms.reduce((acc, h) => acc + (h[i] ?? 0), 0));
}

/**
 * Stage figures, their tests against the rest of the journey and the pain / delight flags. `histograms[i]` is
 * stage i's 0–10 histogram (11 counts). `narrowedToSegment`: the page's filter narrows to a segment (the whole
 * journey is then hidden below suppressN, like any filtered result).
 */
export function assessJourneyStages(
  histograms: readonly (readonly number[])[],
  thresholds: { minN: number; suppressN: number },
  narrowedToSegment = false,
): JourneyAssessment {
  const total = sum(histograms);
  const overall = npsFromHistogram(total);
  const overallSuppressed = isResultSuppressed(overall.n, thresholds.suppressN, narrowedToSegment);
  const stats = histograms.map((h) => npsFromHistogram(h));
  const reasons = suppressGroups(
    stats.map((s) => s.n),
    thresholds.suppressN,
  );
  const stages = stats.map((s, i): StageAssessment => {
    const reason: SuppressionReason | null = overallSuppressed && s.n > 0 ? "small" : (reasons[i] ?? null);
    const status: StageStatus = s.n === 0 ? "empty" : reason ? "suppressed" : sampleStatus(s.n, thresholds) === "low" ? "low" : "ok";
    const histogram = histograms[i] ?? EMPTY;
    const rest = npsFromHistogram(total.map((count, k) => count - (histogram[k] ?? 0)));
    return {
      stats: s,
      status,
      suppressedReason: s.n === 0 ? null : reason,
      vsRest: status === "empty" || status === "suppressed" || rest.n === 0 ? null : compareNps(s, rest),
      adjusted: null,
      point: null,
    };
  });
  const q = adjustBenjaminiHochberg(stages.map((s) => s.vsRest?.pValue ?? null));
  stages.forEach((stage, i) => {
    const value = q[i];
    if (!stage.vsRest || value === null || value === undefined) return;
    const significant = isDiscovery(value);
    stage.adjusted = { q: value, significant };
    if (significant && stage.vsRest.z !== 0) stage.point = stage.vsRest.z < 0 ? "pain" : "delight";
  });
  return { overall, overallSuppressed, stages, tests: stages.filter((s) => s.adjusted !== null).length };
}
