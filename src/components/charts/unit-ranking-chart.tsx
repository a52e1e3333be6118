"use client";

import { Bar, CartesianGrid, ComposedChart, ErrorBar, ResponsiveContainer, Scatter, Tooltip, XAxis, YAxis } from "recharts";

/** One unit: raw NPS with its 95 % interval, and the adjusted (shrunk) estimate used for ranking. */
export type UnitRankingBar = { label: string; nps: number; ciLow: number; ciHigh: number; shrunk: number; n: number };

/**
 * Horizontal bars of raw NPS per unit with the adjusted-Wald interval as error bars and the shrunk estimate as
 * a dot — so a wide interval and a pull toward the parent are visible at once. Plain data in, labels translated.
 */
export function UnitRankingChart({ data, labels }: { data: UnitRankingBar[]; labels: { chart: string; raw: string; shrunk: string; ci: string; n: string } }) {
  const rows = data.map((d) => ({ ...d, error: [d.nps - d.ciLow, d.ciHigh - d.nps] }));
  const describe = (d: UnitRankingBar) =>
    `${d.label}: ${labels.raw} ${d.nps.toFixed(1)}, ${labels.ci} ${d.ciLow.toFixed(1)} – ${d.ciHigh.toFixed(1)}, ${labels.shrunk} ${d.shrunk.toFixed(1)}, ${labels.n} ${d.n}`;
  return (
    <div className="w-full" style={{ height: Math.max(160, 40 * rows.length + 48) }} role="img" aria-label={`${labels.chart}. ${data.map(describe).join("; ")}`}>
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={rows} layout="vertical" margin={{ top: 8, right: 24, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} stroke="#e2e8f0" />
          <XAxis type="number" domain={[-100, 100]} ticks={[-100, -50, 0, 50, 100]} tickLine={false} axisLine={{ stroke: "#cbd5e1" }} />
          <YAxis type="category" dataKey="label" width={130} tickLine={false} axisLine={false} />
          <Tooltip
            cursor={{ fill: "#f1f5f9" }}
            formatter={(_value, _name, item) => {
              const bar = item.payload as UnitRankingBar | undefined;
              return bar ? [describe(bar).slice(bar.label.length + 2), ""] : ["", ""];
            }}
          />
          <Bar dataKey="nps" name={labels.raw} fill="#93c5fd" isAnimationActive={false} barSize={18}>
            <ErrorBar dataKey="error" direction="x" width={6} strokeWidth={1.5} stroke="#0f172a" />
          </Bar>
          <Scatter dataKey="shrunk" name={labels.shrunk} fill="#d9622b" isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
