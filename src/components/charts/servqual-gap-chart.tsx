"use client";

import { Bar, BarChart, CartesianGrid, Cell, ErrorBar, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

/** One bar: a dimension's gap (perception − expectation) and its 95 % interval (null when n < 2). */
export type ServqualGapBar = { label: string; gap: number; lower: number | null; upper: number | null; n: number };

// Colour-blind-safe pair (blue / orange, as the score distribution chart): above / below expectation.
const POSITIVE = "#1d6fb8";
const NEGATIVE = "#d9622b";

function niceBound(value: number): number {
  return Math.max(1, Math.ceil(value * 2) / 2);
}

/**
 * Horizontal bars of the SERVQUAL gap per dimension with 95 % confidence intervals as error bars, a zero
 * line in the middle. Takes plain data; labels come translated and numbers formatted by `format`.
 */
export function ServqualGapChart({
  data,
  labels,
  decimals = 2,
}: {
  data: ServqualGapBar[];
  labels: { gap: string; ci: string; n: string; chart: string };
  decimals?: number;
}) {
  const rows = data.map((d) => ({
    ...d,
    // ErrorBar wants the distances below and above the bar's end.
    error: d.lower !== null && d.upper !== null ? [d.gap - d.lower, d.upper - d.gap] : null,
  }));
  const extent = niceBound(Math.max(0, ...data.flatMap((d) => [Math.abs(d.gap), Math.abs(d.lower ?? 0), Math.abs(d.upper ?? 0)])));
  const fmt = (value: number) => value.toFixed(decimals);
  const describe = (d: ServqualGapBar) =>
    `${d.label}: ${labels.gap} ${fmt(d.gap)}${d.lower !== null && d.upper !== null ? `, ${labels.ci} ${fmt(d.lower)} – ${fmt(d.upper)}` : ""}, ${labels.n} ${d.n}`;
  return (
    <div className="w-full" style={{ height: Math.max(160, 48 * rows.length + 48) }} role="img" aria-label={`${labels.chart}. ${data.map(describe).join("; ")}`}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows} layout="vertical" margin={{ top: 8, right: 24, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} stroke="#e2e8f0" />
          <XAxis type="number" domain={[-extent, extent]} tickFormatter={(v: number) => v.toFixed(1)} tickLine={false} axisLine={{ stroke: "#cbd5e1" }} />
          <YAxis type="category" dataKey="label" width={120} tickLine={false} axisLine={false} />
          <ReferenceLine x={0} stroke="#475569" />
          <Tooltip
            cursor={{ fill: "#f1f5f9" }}
            formatter={(_value, _name, item) => {
              const bar = item.payload as ServqualGapBar | undefined;
              return bar ? [describe(bar).slice(bar.label.length + 2), ""] : ["", ""];
            }}
          />
          <Bar dataKey="gap" isAnimationActive={false} barSize={22}>
            {rows.map((entry) => (
              <Cell key={entry.label} fill={entry.gap < 0 ? NEGATIVE : POSITIVE} />
            ))}
            <ErrorBar dataKey="error" direction="x" width={8} strokeWidth={1.5} stroke="#0f172a" />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
