"use client";

import { Area, Bar, CartesianGrid, ComposedChart, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export type TrendDatum = {
  period: string;
  nps: number | null;
  band: [number, number] | null;
  n: number;
  low: boolean;
  ciLabel: string;
  nLabel: string;
  npsLabel: string;
};

type DotProps = { cx?: number; cy?: number; payload?: TrendDatum };

function Dot({ cx, cy, payload }: DotProps) {
  if (cx === undefined || cy === undefined || !payload) return null;
  return payload.low ? (
    <circle cx={cx} cy={cy} r={4} fill="#fff" stroke="#1e40af" strokeWidth={2} />
  ) : (
    <circle cx={cx} cy={cy} r={4} fill="#1e40af" stroke="#1e40af" strokeWidth={1} />
  );
}

function TrendTooltip({ active, payload }: { active?: boolean; payload?: { payload?: TrendDatum }[] }) {
  const datum = payload?.[0]?.payload;
  if (!active || !datum) return null;
  return (
    <div className="rounded-md border border-slate-200 bg-white px-3 py-2 text-xs shadow">
      <p className="font-semibold">{datum.period}</p>
      <p>NPS {datum.npsLabel}</p>
      <p className="text-slate-600">{datum.ciLabel}</p>
      <p className="text-slate-600">{datum.nLabel}</p>
    </div>
  );
}

/** NPS per period with its CI as a band; hollow points mark periods below the minimum n. */
export function TrendChart({ data, ariaLabel }: { data: TrendDatum[]; ariaLabel: string }) {
  return (
    <div className="h-72 w-full" role="img" aria-label={ariaLabel}>
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={data} margin={{ top: 8, right: 12, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
          <XAxis dataKey="period" tickLine={false} axisLine={{ stroke: "#cbd5e1" }} minTickGap={24} />
          <YAxis yAxisId="nps" domain={[-100, 100]} ticks={[-100, -50, 0, 50, 100]} tickLine={false} axisLine={false} width={48} />
          {/* n per point as faint bars on their own scale (kept low: the top quarter of the chart is NPS only). */}
          <YAxis yAxisId="n" orientation="right" domain={[0, (max: number) => Math.max(1, max) * 4]} hide />
          <ReferenceLine yAxisId="nps" y={0} stroke="#94a3b8" />
          <Bar yAxisId="n" dataKey="n" fill="#cbd5e1" fillOpacity={0.7} barSize={10} isAnimationActive={false} />
          <Tooltip content={<TrendTooltip />} />
          <Area yAxisId="nps" dataKey="band" stroke="none" fill="#93c5fd" fillOpacity={0.45} isAnimationActive={false} connectNulls />
          <Line yAxisId="nps" dataKey="nps" stroke="#1e40af" strokeWidth={2} dot={<Dot />} activeDot={{ r: 6 }} isAnimationActive={false} connectNulls />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
