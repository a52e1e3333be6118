"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

/** One root cause: how many cases, and the NPS of the responses behind them (null when suppressed). */
export type RootCauseBar = { label: string; cases: number; nps: number | null; ciLow: number | null; ciHigh: number | null; n: number };

/**
 * Horizontal bars of cases per root cause, most frequent first; the tooltip and the accessible label carry
 * the NPS and its 95 % interval where it is shown. Plain data in, labels translated by the page.
 */
export function RootCauseChart({
  data,
  labels,
}: {
  data: RootCauseBar[];
  labels: { chart: string; cases: string; nps: string; ci: string; n: string; suppressed: string };
}) {
  const describe = (d: RootCauseBar) =>
    `${d.label}: ${labels.cases} ${d.cases}, ${labels.n} ${d.n}, ${labels.nps} ${
      d.nps === null || d.ciLow === null || d.ciHigh === null
        ? labels.suppressed
        : `${d.nps.toFixed(1)} (${labels.ci} ${d.ciLow.toFixed(1)} – ${d.ciHigh.toFixed(1)})`
    }`;
  return (
    <div
      className="w-full"
      style={{ height: Math.max(140, 36 * data.length + 48) }}
      role="img"
      aria-label={`${labels.chart}. ${data.map(describe).join("; ")}`}
      data-testid="root-cause-chart"
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} layout="vertical" margin={{ top: 8, right: 24, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} stroke="#e2e8f0" />
          <XAxis type="number" allowDecimals={false} tickLine={false} axisLine={{ stroke: "#cbd5e1" }} />
          <YAxis type="category" dataKey="label" width={140} tickLine={false} axisLine={false} />
          <Tooltip
            cursor={{ fill: "#f1f5f9" }}
            formatter={(_value, _name, item) => {
              const bar = item.payload as RootCauseBar | undefined;
              return bar ? [describe(bar).slice(bar.label.length + 2), ""] : ["", ""];
            }}
          />
          <Bar dataKey="cases" name={labels.cases} fill="#1d4ed8" isAnimationActive={false} barSize={18} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
