/**
 * Value at stake (issue 15, docs/decisions/0028-value-at-stake.md): revenue-weighted NPS and revenue at risk, from
 * per-category sums over the report's rows (one row per contact: their latest answer at least one window old, their
 * revenue in the window after it, whether they churned in that window).
 *
 * - Revenue-weighted NPS: each contact weighted by w = max(0, revenue in the window);
 *   RW-NPS = 100 · (Σ_promoters w − Σ_detractors w) / Σ w. 95 % interval from the ratio estimator's linearised
 *   variance: R = Σ w·s / Σ w with s = +1 / 0 / −1, V(R) ≈ n/(n − 1) · Σ w²(s − R)² / (Σ w)², R ± 1.96·√V, clipped.
 * - Revenue at risk: W_D · (c_D − c_P), the detractors' revenue in the window times their churn rate in excess of
 *   promoters'. Interval by the delta method on n_D · m_D · Δ (m_D the detractors' mean revenue, Δ = c_D − c_P):
 *   V ≈ n_D² · (Δ²·V(m_D) + m_D²·(V(c_D) + V(c_P)) + 2·m_D·Δ·Cov(m_D, c_D)).
 *
 * Pure and isomorphic.
 */
import { roundTo, Z_95 } from "./nps";

/** One NPS category's sums over its contacts: revenue weights w ≥ 0, churn c ∈ {0, 1}. */
export type ValueSums = {
  n: number;
  /** Σ w. */
  revenue: number;
  /** Σ w². */
  revenueSquares: number;
  /** Σ c: contacts who churned in the window. */
  churned: number;
  /** Σ w·c: the revenue of those who churned. */
  churnedRevenue: number;
};

export type ValueCategories = { promoter: ValueSums; passive: ValueSums; detractor: ValueSums };

export type RevenueWeightedNps = {
  /** Points, −100 … 100, 1 decimal. */
  nps: number;
  ciLow: number;
  ciHigh: number;
  /** Σ w over all contacts. */
  revenue: number;
  /** Contacts with revenue > 0 (the only ones that weigh). */
  n: number;
};

/**
 * Revenue-weighted NPS with its 95 % interval; null when no contact has revenue in the window or fewer than two
 * contacts are counted (the interval needs n − 1 > 0).
 */
export function revenueWeightedNps(categories: ValueCategories): RevenueWeightedNps | null {
  const { promoter: p, passive: o, detractor: d } = categories;
  const total = p.revenue + o.revenue + d.revenue;
  const n = p.n + o.n + d.n;
  if (!(total > 0) || n < 2) return null;
  const r = (p.revenue - d.revenue) / total;
  // Σ w²(s − R)² per category (s = 1, 0, −1).
  const residual = p.revenueSquares * (1 - r) ** 2 + o.revenueSquares * r * r + d.revenueSquares * (1 + r) ** 2;
  const se = Math.sqrt(((n / (n - 1)) * residual) / (total * total));
  const clip = (v: number) => Math.min(100, Math.max(-100, v));
  return {
    nps: roundTo(100 * r, 1),
    ciLow: roundTo(clip(100 * (r - Z_95 * se)), 1),
    ciHigh: roundTo(clip(100 * (r + Z_95 * se)), 1),
    revenue: total,
    n,
  };
}

export type RevenueAtRisk = {
  /** W_D · (c_D − c_P), 2 decimals; negative when detractors churn less than promoters. */
  amount: number;
  /** Delta-method 95 % interval, 2 decimals; null when it cannot be computed (n < 2 on a side). */
  ciLow: number | null;
  ciHigh: number | null;
  /** The detractors' revenue in the window, W_D. */
  detractorRevenue: number;
  /** Churn rates, 4 decimals. */
  detractorChurn: number;
  promoterChurn: number;
  /** c_D − c_P, 4 decimals. */
  excessChurn: number;
};

/** Revenue at risk; null when there are no detractors or no promoters to compare. */
export function revenueAtRisk(categories: ValueCategories): RevenueAtRisk | null {
  const { promoter: p, detractor: d } = categories;
  if (d.n === 0 || p.n === 0) return null;
  const cD = d.churned / d.n;
  const cP = p.churned / p.n;
  const delta = cD - cP;
  const m = d.revenue / d.n;
  const amount = d.revenue * delta;
  let ciLow: number | null = null;
  let ciHigh: number | null = null;
  if (d.n >= 2 && p.n >= 2) {
    const varMean = Math.max(0, (d.revenueSquares - d.n * m * m) / (d.n - 1)) / d.n;
    const covMeanChurn = (d.churnedRevenue - d.n * m * cD) / (d.n - 1) / d.n;
    const varDelta = (cD * (1 - cD)) / d.n + (cP * (1 - cP)) / p.n;
    const variance = Math.max(0, delta * delta * varMean + m * m * varDelta + 2 * m * delta * covMeanChurn);
    const half = Z_95 * d.n * Math.sqrt(variance);
    ciLow = roundTo(amount - half, 2);
    ciHigh = roundTo(amount + half, 2);
  }
  return {
    amount: roundTo(amount, 2),
    ciLow,
    ciHigh,
    detractorRevenue: roundTo(d.revenue, 2),
    detractorChurn: roundTo(cD, 4),
    promoterChurn: roundTo(cP, 4),
    excessChurn: roundTo(delta, 4),
  };
}
