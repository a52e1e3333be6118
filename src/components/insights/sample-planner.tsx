"use client";

import { useId, useState } from "react";
import type { Locale } from "@/i18n/locales";
import { formatNumber, formatShare } from "@/lib/format";
import {
  DEFAULT_MARGIN_POINTS,
  MAX_MARGIN_POINTS,
  MIN_MARGIN_POINTS,
  defaultExpectedNps,
  parsePlannerNumber,
  planSample,
} from "@/lib/sample-planner";
import { Field, TextInput } from "@/components/ui/form";
import { interpolate } from "@/i18n/interpolate";
import type { NpsSample } from "@/lib/nps";

export type SamplePlannerLabels = {
  margin: string;
  marginHint: string;
  expectedNps: string;
  expectedNpsHint: string;
  responses: string;
  invitations: string;
  /** With `{rate}`. */
  atRate: string;
  noRate: string;
  zeroRate: string;
  /** With `{n}`, `{margin}`. */
  currentMargin: string;
  /** With `{min}`, `{max}`. */
  errorMargin: string;
  errorNps: string;
};

export type SamplePlannerProps = {
  /** The current NPS (points) to start from; null → 30. */
  currentNps: number | null;
  /** Observed response rate 0..1 (headline.responseRate.rate); null when no invitations were sent. */
  responseRate: number | null;
  /** Counts behind the current NPS (the headline's), to show today's margin of error (its interval's half-width); optional. */
  current?: NpsSample | null;
  /** Starting margin of error in points; default 5. */
  defaultMargin?: number;
  locale: Locale;
  labels: SamplePlannerLabels;
};

/** Responses (and invitations, at the observed response rate) needed for a target margin of error. Live. */
export function SamplePlanner({
  currentNps,
  responseRate,
  current = null,
  defaultMargin = DEFAULT_MARGIN_POINTS,
  locale,
  labels,
}: SamplePlannerProps) {
  const id = useId();
  const [marginText, setMarginText] = useState(String(defaultMargin));
  const [npsText, setNpsText] = useState(String(defaultExpectedNps(currentNps)));
  const plan = planSample({
    marginPoints: parsePlannerNumber(marginText),
    expectedNps: parsePlannerNumber(npsText),
    responseRate,
    current,
  });
  const marginError =
    !plan.ok && plan.error === "margin"
      ? interpolate(labels.errorMargin, { min: formatNumber(MIN_MARGIN_POINTS, locale, 1), max: formatNumber(MAX_MARGIN_POINTS, locale) })
      : undefined;
  const npsError = !plan.ok && plan.error === "expectedNps" ? labels.errorNps : undefined;

  return (
    <div className="grid gap-6 md:grid-cols-2" data-testid="sample-planner">
      <div className="grid content-start gap-4">
        <Field label={labels.margin} htmlFor={`${id}-margin`} hint={labels.marginHint} error={marginError}>
          <TextInput
            id={`${id}-margin`}
            type="number"
            inputMode="decimal"
            min={MIN_MARGIN_POINTS}
            max={MAX_MARGIN_POINTS}
            step={0.5}
            value={marginText}
            onChange={(event) => setMarginText(event.target.value)}
            invalid={marginError !== undefined}
            data-testid="planner-margin"
          />
        </Field>
        <Field label={labels.expectedNps} htmlFor={`${id}-nps`} hint={labels.expectedNpsHint} error={npsError}>
          <TextInput
            id={`${id}-nps`}
            type="number"
            inputMode="numeric"
            min={-100}
            max={100}
            step={1}
            value={npsText}
            onChange={(event) => setNpsText(event.target.value)}
            invalid={npsError !== undefined}
            data-testid="planner-nps"
          />
        </Field>
      </div>
      <div aria-live="polite">
        {plan.ok && (
          <dl className="grid gap-4">
            <div>
              <dt className="text-sm text-slate-600">{labels.responses}</dt>
              <dd className="text-3xl font-bold tabular-nums text-slate-900" data-testid="planner-responses">
                {formatNumber(plan.responses, locale)}
              </dd>
              {plan.currentMargin !== null && current !== null && (
                <dd className="mt-1 text-xs text-slate-500">
                  {interpolate(labels.currentMargin, {
                    n: formatNumber(current.n, locale),
                    margin: formatNumber(plan.currentMargin, locale, 1),
                  })}
                </dd>
              )}
            </div>
            <div>
              <dt className="text-sm text-slate-600">{labels.invitations}</dt>
              {plan.invitations !== null && responseRate !== null ? (
                <>
                  <dd className="text-3xl font-bold tabular-nums text-slate-900" data-testid="planner-invitations">
                    {formatNumber(plan.invitations, locale)}
                  </dd>
                  <dd className="mt-1 text-xs text-slate-500">{interpolate(labels.atRate, { rate: formatShare(responseRate, locale) })}</dd>
                </>
              ) : (
                <dd className="mt-1 rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-700" data-testid="planner-no-rate">
                  {plan.invitationsStatus === "zeroRate" ? labels.zeroRate : labels.noRate}
                </dd>
              )}
            </div>
          </dl>
        )}
      </div>
    </div>
  );
}
