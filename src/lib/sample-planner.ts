/**
 * Glue for the sample planner: turns the planner's form inputs into responses and invitations needed, using
 * the one implementation in ./nps. The plan inverts the adjusted-Wald interval the product reports
 * (requiredSampleSizeAdjustedWald: the smallest n whose half-width meets the target for the expected promoter /
 * detractor shares), and "today's margin" is the half-width of the headline's own interval (adjustedWaldHalfWidth),
 * so the two figures on the dashboard agree. Pure, isomorphic, never throws on user input (invalid input gives an
 * error code instead).
 */
import {
  DEFAULT_PASSIVE_SHARE,
  adjustedWaldHalfWidth,
  expectedShares,
  invitationsNeeded,
  requiredSampleSizeAdjustedWald,
  type NpsSample,
} from "./nps";

export const DEFAULT_MARGIN_POINTS = 5;
/** Expected NPS when nothing has been measured yet. */
export const DEFAULT_EXPECTED_NPS = 30;
/** Accepted margins of error, in points. */
export const MIN_MARGIN_POINTS = 0.5;
export const MAX_MARGIN_POINTS = 50;

/** The planner's starting expected NPS: the current NPS rounded to a whole point, else 30. */
export function defaultExpectedNps(currentNps: number | null | undefined): number {
  if (currentNps === null || currentNps === undefined || !Number.isFinite(currentNps)) return DEFAULT_EXPECTED_NPS;
  const rounded = Math.round(Math.min(100, Math.max(-100, currentNps)));
  return rounded === 0 ? 0 : rounded;
}

/** A number typed into a form field ("5", " 7.5 ", "-10"); null when blank or not a number. */
export function parsePlannerNumber(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === "") return null;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : null;
}

export type SamplePlanInput = {
  /** Target half-width of the 95 % interval, in points. */
  marginPoints: number | null;
  /** Expected NPS, −100..100. */
  expectedNps: number | null;
  /** Observed response rate 0..1, null when no invitations were sent. */
  responseRate: number | null;
  /**
   * The counts behind the current headline, if known: "today's margin" is their interval's half-width, and their
   * passive share is the one assumed for the expected NPS (30 % when there are none).
   */
  current?: NpsSample | null;
};

/** Passive share assumed for a plan: the current one when there are answers, else 30 %. */
export function plannedPassiveShare(current: NpsSample | null | undefined): number {
  if (!current || !(current.n > 0)) return DEFAULT_PASSIVE_SHARE;
  return Math.min(1, Math.max(0, (current.n - current.promoters - current.detractors) / current.n));
}

export type SamplePlan =
  | { ok: false; error: "margin" | "expectedNps" }
  | {
      ok: true;
      /** Responses needed for the target margin. */
      responses: number;
      /** Invitations to send at the observed response rate; null unless `invitationsStatus` is "ok". */
      invitations: number | null;
      /** "noRate": no invitations were sent, so no rate is known; "zeroRate": none were answered. */
      invitationsStatus: "ok" | "noRate" | "zeroRate";
      /** Half-width (points) of the current headline's interval; null when unknown or no answers. */
      currentMargin: number | null;
      /** Passive share the plan assumed (0..1). */
      passiveShare: number;
    };

export function planSample(input: SamplePlanInput): SamplePlan {
  const { marginPoints, expectedNps, responseRate } = input;
  if (marginPoints === null || !(marginPoints >= MIN_MARGIN_POINTS && marginPoints <= MAX_MARGIN_POINTS)) {
    return { ok: false, error: "margin" };
  }
  if (expectedNps === null || !(expectedNps >= -100 && expectedNps <= 100)) return { ok: false, error: "expectedNps" };
  const passiveShare = plannedPassiveShare(input.current);
  const responses = requiredSampleSizeAdjustedWald(expectedShares(expectedNps, passiveShare), marginPoints);
  let invitations: number | null = null;
  let invitationsStatus: "ok" | "noRate" | "zeroRate" = "noRate";
  if (responseRate !== null && Number.isFinite(responseRate)) {
    if (responseRate > 0) {
      invitations = invitationsNeeded(responses, Math.min(1, responseRate));
      invitationsStatus = "ok";
    } else {
      invitationsStatus = "zeroRate";
    }
  }
  const current = input.current;
  const currentMargin = current && current.n > 0 ? adjustedWaldHalfWidth(current) : null;
  return { ok: true, responses, invitations, invitationsStatus, currentMargin, passiveShare };
}
