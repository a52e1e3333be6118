"use client";

import { useActionState, useEffect, useState, useTransition } from "react";
import { Button, Field, Select, TextInput } from "@/components/ui/form";
import type { Locale } from "@/i18n/locales";
import { interpolate } from "@/i18n/interpolate";
import { formatDateTime, formatNumber } from "@/lib/format";
import type { OrgSettingsField, OrgSettingsProblem } from "@/schemas/org-settings";
import type { AggregateRebuildView } from "@/server/org-settings/aggregate-rebuilds";
import type { GeneralFormState, GeneralFormValues } from "./actions";

type Labels = Record<
  | "identity" | "figures" | "name" | "brandZh" | "brandEn" | "brandHint" | "timeZone" | "timeZoneHint" | "defaultLocale" | "defaultLocaleHint"
  | "minN" | "minNHint" | "suppressN" | "suppressNHint" | "throttleDays" | "throttleDaysHint" | "save" | "saving" | "saved" | "unchanged" | "failed"
  | "rebuildTitle" | "rebuildPENDING" | "rebuildStarting" | "rebuildRUNNING" | "rebuildDONE" | "rebuildFAILED" | "rebuildMeanwhile" | "rebuildRetry" | "rebuildProgress",
  string
>;

type Props = {
  action: (state: GeneralFormState, formData: FormData) => Promise<GeneralFormState>;
  statusAction: () => Promise<AggregateRebuildView | null>;
  retryAction: () => Promise<AggregateRebuildView | null>;
  values: GeneralFormValues;
  rebuild: AggregateRebuildView | null;
  timeZones: string[];
  locales: { value: string; label: string }[];
  locale: Locale;
  /** The organisation's current time zone (the rebuild's finishing time is shown in it). */
  organizationTimeZone: string;
  problemText: Record<OrgSettingsProblem, string>;
  labels: Labels;
};

const POLL_MS = 1000;

/** Settings → General: the organisation's settings form and the progress of a time-zone change's recomputation. */
export function GeneralSettingsForm({ action, statusAction, retryAction, values, rebuild: initialRebuild, timeZones, locales, locale, organizationTimeZone, problemText, labels }: Props) {
  const [state, submit, pending] = useActionState(action, {});
  const [rebuild, setRebuild] = useState<AggregateRebuildView | null>(initialRebuild);
  const [retrying, startRetry] = useTransition();
  const shown = state.values ?? values;
  const problem = (field: OrgSettingsField) => {
    const reason = state.problems?.[field];
    return reason ? problemText[reason] : undefined;
  };

  // A save hands over where the rebuild stands (adjusting state while rendering, as React recommends over an effect).
  const [handedOver, setHandedOver] = useState(state.rebuild);
  if (state.rebuild !== handedOver) {
    setHandedOver(state.rebuild);
    if (state.rebuild !== undefined) setRebuild(state.rebuild);
  }

  const active = rebuild?.status === "PENDING" || rebuild?.status === "RUNNING";
  useEffect(() => {
    if (!active) return;
    let cancelled = false;
    const timer = setInterval(() => {
      void statusAction().then(
        (next) => {
          if (!cancelled) setRebuild(next);
        },
        () => undefined,
      );
    }, POLL_MS);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [active, statusAction]);

  const zones = timeZones.includes(shown.timeZone) ? timeZones : [shown.timeZone, ...timeZones];

  return (
    <div className="space-y-6">
      {rebuild && <RebuildStatus rebuild={rebuild} labels={labels} locale={locale} timeZone={organizationTimeZone} retrying={retrying} onRetry={() => startRetry(async () => setRebuild(await retryAction()))} />}
      <form action={submit} className="space-y-6" data-testid="org-settings-form" noValidate>
        <fieldset className="space-y-4">
          <legend className="mb-2 text-base font-semibold text-slate-900">{labels.identity}</legend>
          <Field label={labels.name} htmlFor="org-name" error={problem("name")}>
            <TextInput id="org-name" name="name" defaultValue={shown.name} invalid={Boolean(problem("name"))} maxLength={120} required />
          </Field>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label={labels.brandZh} htmlFor="org-brand-zh" hint={labels.brandHint} error={problem("brandZh")}>
              <TextInput id="org-brand-zh" name="brandZh" lang="zh-CN" defaultValue={shown.brandZh} invalid={Boolean(problem("brandZh"))} maxLength={120} />
            </Field>
            <Field label={labels.brandEn} htmlFor="org-brand-en" hint={labels.brandHint} error={problem("brandEn")}>
              <TextInput id="org-brand-en" name="brandEn" lang="en" defaultValue={shown.brandEn} invalid={Boolean(problem("brandEn"))} maxLength={120} />
            </Field>
          </div>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label={labels.timeZone} htmlFor="org-time-zone" hint={labels.timeZoneHint} error={problem("timeZone")}>
              {/* Keyed by the value: React applies a select's defaultValue only when it mounts, and resets the form after
                  its action, which would show the zone before the save again. */}
              <Select key={shown.timeZone} id="org-time-zone" name="timeZone" defaultValue={shown.timeZone} aria-invalid={problem("timeZone") ? true : undefined}>
                {zones.map((zone) => (
                  <option key={zone} value={zone}>
                    {zone}
                  </option>
                ))}
              </Select>
            </Field>
            <Field label={labels.defaultLocale} htmlFor="org-default-locale" hint={labels.defaultLocaleHint} error={problem("defaultLocale")}>
              <Select key={shown.defaultLocale} id="org-default-locale" name="defaultLocale" defaultValue={shown.defaultLocale}>
                {locales.map((option) => (
                  <option key={option.value} value={option.value}>
                    {option.label}
                  </option>
                ))}
              </Select>
            </Field>
          </div>
        </fieldset>
        <fieldset className="space-y-4">
          <legend className="mb-2 text-base font-semibold text-slate-900">{labels.figures}</legend>
          <div className="grid gap-4 sm:grid-cols-3">
            <Field label={labels.minN} htmlFor="org-min-n" hint={labels.minNHint} error={problem("minN")}>
              <TextInput id="org-min-n" name="minN" type="number" inputMode="numeric" min={1} max={1000} step={1} defaultValue={shown.minN} invalid={Boolean(problem("minN"))} />
            </Field>
            <Field label={labels.suppressN} htmlFor="org-suppress-n" hint={labels.suppressNHint} error={problem("suppressN")}>
              <TextInput id="org-suppress-n" name="suppressN" type="number" inputMode="numeric" min={1} max={100} step={1} defaultValue={shown.suppressN} invalid={Boolean(problem("suppressN"))} />
            </Field>
            <Field label={labels.throttleDays} htmlFor="org-throttle-days" hint={labels.throttleDaysHint} error={problem("throttleDays")}>
              <TextInput id="org-throttle-days" name="throttleDays" type="number" inputMode="numeric" min={0} max={365} step={1} defaultValue={shown.throttleDays} invalid={Boolean(problem("throttleDays"))} />
            </Field>
          </div>
        </fieldset>
        <div aria-live="polite">
          {state.saved && (
            <p className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-900" role="status" data-testid="org-settings-saved">
              {labels.saved}
            </p>
          )}
          {state.unchanged && (
            <p className="rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-700" role="status">
              {labels.unchanged}
            </p>
          )}
          {state.failed && (
            <p className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800" role="alert">
              {labels.failed}
            </p>
          )}
        </div>
        <Button type="submit" disabled={pending} data-testid="org-settings-save">
          {pending ? labels.saving : labels.save}
        </Button>
      </form>
    </div>
  );
}

function RebuildStatus({ rebuild, labels, locale, timeZone, retrying, onRetry }: { rebuild: AggregateRebuildView; labels: Labels; locale: Locale; timeZone: string; retrying: boolean; onRetry: () => void }) {
  const params = {
    timeZone: rebuild.timeZone ?? timeZone,
    done: formatNumber(rebuild.done, locale),
    total: formatNumber(rebuild.total, locale),
    finishedAt: rebuild.finishedAt ? formatDateTime(new Date(rebuild.finishedAt), locale, timeZone) : "",
  };
  // Running but not yet counted (it may wait for another rebuild of the organisation): no "0 of 0".
  const template =
    rebuild.status === "RUNNING" && rebuild.total === 0
      ? labels.rebuildStarting
      : { PENDING: labels.rebuildPENDING, RUNNING: labels.rebuildRUNNING, DONE: labels.rebuildDONE, FAILED: labels.rebuildFAILED }[rebuild.status];
  const active = rebuild.status === "PENDING" || rebuild.status === "RUNNING";
  const tone =
    rebuild.status === "FAILED" ? "border-red-200 bg-red-50 text-red-900" : rebuild.status === "DONE" ? "border-emerald-200 bg-emerald-50 text-emerald-900" : "border-blue-200 bg-blue-50 text-blue-900";
  return (
    <section className={`rounded-lg border p-4 text-sm ${tone}`} aria-labelledby="org-rebuild-title" data-testid="org-rebuild" data-status={rebuild.status}>
      <h2 id="org-rebuild-title" className="font-semibold">
        {labels.rebuildTitle}
      </h2>
      <p className="mt-1" role="status" aria-live="polite" data-testid="org-rebuild-text">
        {interpolate(template, params)}
      </p>
      {active && (
        <>
          <progress
            className="mt-3 h-2 w-full"
            aria-label={labels.rebuildProgress}
            max={Math.max(rebuild.total, 1)}
            value={rebuild.status === "RUNNING" && rebuild.total > 0 ? rebuild.done : undefined}
          />
          <p className="mt-2 text-xs">{labels.rebuildMeanwhile}</p>
        </>
      )}
      {rebuild.status === "FAILED" && (
        <Button type="button" variant="secondary" className="mt-3" onClick={onRetry} disabled={retrying} data-testid="org-rebuild-retry">
          {labels.rebuildRetry}
        </Button>
      )}
    </section>
  );
}
