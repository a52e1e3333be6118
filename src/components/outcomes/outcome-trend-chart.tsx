"use client";

import { CartesianGrid, ErrorBar, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

/** One quarter's detractor/promoter rate ratio with its 95 % interval as [below, above] distances (null: hidden or undefined). */
export type RatioPoint = { period: string; ratio: number | null; error: [number, number] | null };

/** The detractor/promoter rate ratio per quarter with its interval; the dashed line at 1 is "no relationship". */
export function RatioTrendChart({ points, labels }: { points: RatioPoint[]; labels: { aria: string; y: string; none: string } }) {
  const top = Math.max(2, ...points.map((p) => (p.ratio ?? 0) + (p.error?.[1] ?? 0)));
  return (
    <div className="h-64 w-full" role="img" aria-label={labels.aria} data-testid="outcomes-trend-chart">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={points} margin={{ top: 12, right: 12, bottom: 8, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
          <XAxis dataKey="period" tickLine={false} fontSize={11} />
          <YAxis domain={[0, Math.ceil(top)]} tickLine={false} width={40} fontSize={12} allowDecimals={false} label={{ value: labels.y, angle: -90, position: "insideLeft", fontSize: 12, fill: "#475569", dy: 50 }} />
          <ReferenceLine y={1} stroke="#64748b" strokeDasharray="4 4" label={{ value: labels.none, position: "insideBottomRight", fontSize: 11, fill: "#475569" }} />
          <Tooltip formatter={(value) => [String(value), labels.y]} />
          <Line type="monotone" dataKey="ratio" stroke="#b91c1c" strokeWidth={2} dot={{ r: 3 }} connectNulls={false} isAnimationActive={false}>
            <ErrorBar dataKey="error" width={6} stroke="#0f172a" strokeWidth={1.2} direction="y" />
          </Line>
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
