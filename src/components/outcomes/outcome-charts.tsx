"use client";

import { Bar, BarChart, CartesianGrid, Cell, ErrorBar, LabelList, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

/** One NPS category's rate in % with its Wilson interval, already localised by the page. */
export type CategoryBar = { key: "promoter" | "passive" | "detractor"; name: string; rate: number; error: [number, number]; label: string };
/** One score point's rate in % (null when hidden or empty). */
export type ScorePointDatum = { score: number; rate: number | null; n: number };

const COLOURS: Record<CategoryBar["key"], string> = { promoter: "#15803d", passive: "#64748b", detractor: "#b91c1c" };

/** The outcome's rate per NPS category (bars, %) with the 95 % Wilson interval as error bars. */
export function CategoryRateChart({ bars, labels }: { bars: CategoryBar[]; labels: { aria: string; y: string } }) {
  const top = Math.max(5, Math.ceil(Math.max(...bars.map((b) => b.rate + b.error[1])) / 5) * 5 + 5);
  return (
    <div className="h-72 w-full" role="img" aria-label={labels.aria} data-testid="outcomes-category-chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={bars} margin={{ top: 20, right: 12, bottom: 8, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" vertical={false} />
          <XAxis dataKey="name" tickLine={false} fontSize={12} interval={0} />
          <YAxis domain={[0, top]} tickLine={false} width={44} fontSize={12} label={{ value: labels.y, angle: -90, position: "insideLeft", fontSize: 12, fill: "#475569", dy: 40 }} />
          <Tooltip formatter={(value) => [`${String(value)}%`, labels.y]} />
          <Bar dataKey="rate" isAnimationActive={false} maxBarSize={72}>
            {bars.map((bar) => (
              <Cell key={bar.key} fill={COLOURS[bar.key]} />
            ))}
            <ErrorBar dataKey="error" width={10} stroke="#0f172a" strokeWidth={1.5} />
            <LabelList dataKey="label" position="insideTop" fill="#ffffff" fontSize={11} />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

/** The outcome's rate for each answer 0–10 (%), hidden points left as gaps. */
export function ScoreRateChart({ points, labels }: { points: ScorePointDatum[]; labels: { aria: string; x: string; y: string } }) {
  return (
    <div className="h-64 w-full" role="img" aria-label={labels.aria} data-testid="outcomes-score-chart">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={points} margin={{ top: 12, right: 12, bottom: 20, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
          <XAxis dataKey="score" tickLine={false} fontSize={12} label={{ value: labels.x, position: "insideBottom", offset: -12, fontSize: 12, fill: "#475569" }} />
          <YAxis tickLine={false} width={44} fontSize={12} label={{ value: labels.y, angle: -90, position: "insideLeft", fontSize: 12, fill: "#475569", dy: 40 }} />
          <Tooltip formatter={(value) => [`${String(value)}%`, labels.y]} />
          <Line type="monotone" dataKey="rate" stroke="#1d4ed8" strokeWidth={2} dot={{ r: 3 }} connectNulls={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
