import "server-only";
import { npsFromCounts, type NpsCounts } from "@/lib/nps";
import { suppressGroups } from "@/lib/suppression";
import type { ApiGroupedNpsBody, ApiNpsStatsBody } from "@/schemas/api";
import { toApiGroup, toApiResult } from "./get-survey-nps";

/**
 * The OpenAPI document's NPS examples, computed from counts with the code that answers the endpoint
 * (npsFromCounts → toApiStats, the suppression rule), so an example's interval always matches its counts.
 * Scores' sums give the means (e.g. 华东: 120 answers summing to 912 → mean 7.6).
 */
const EXAMPLE_GROUPS: { key: string; counts: NpsCounts }[] = [
  { key: "华东", counts: { promoters: 60, passives: 30, detractors: 30, sum: 912 } },
  { key: "华北", counts: { promoters: 38, passives: 34, detractors: 24, sum: 717 } },
  { key: "华南", counts: { promoters: 17, passives: 15, detractors: 9, sum: 308 } },
  { key: "西北", counts: { promoters: 1, passives: 1, detractors: 1, sum: 20 } },
];

const SUPPRESS_N = 5;

/** Without groupBy: the product's contract example (120 answers, 60 promoters, 30 detractors). */
export function npsStatsExample(): ApiNpsStatsBody {
  const first = EXAMPLE_GROUPS[0];
  if (!first) throw new Error("no example group");
  return toApiResult(npsFromCounts(first.counts), false) as ApiNpsStatsBody;
}

/** groupBy=attribute:region: a small region (西北, 3 answers) and its complement (华南) hidden, the overall of all four. */
export function groupedNpsExample(): ApiGroupedNpsBody {
  const stats = EXAMPLE_GROUPS.map((g) => ({ key: g.key, stats: npsFromCounts(g.counts) }));
  const reasons = suppressGroups(
    stats.map((g) => g.stats.n),
    SUPPRESS_N,
  );
  const total = EXAMPLE_GROUPS.reduce<Required<NpsCounts>>(
    (acc, g) => ({
      promoters: acc.promoters + g.counts.promoters,
      passives: acc.passives + g.counts.passives,
      detractors: acc.detractors + g.counts.detractors,
      sum: acc.sum + (g.counts.sum ?? 0),
      sumSquares: 0,
    }),
    { promoters: 0, passives: 0, detractors: 0, sum: 0, sumSquares: 0 },
  );
  return {
    groups: stats.map((g, i) => toApiGroup(g.key, g.stats, reasons[i] !== null)),
    overall: toApiResult(npsFromCounts({ promoters: total.promoters, passives: total.passives, detractors: total.detractors, sum: total.sum }), false),
  };
}
