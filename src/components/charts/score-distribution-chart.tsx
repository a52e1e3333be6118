"use client";

import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export type ScoreBar = { score: number; count: number; category: "PROMOTER" | "PASSIVE" | "DETRACTOR" };

const COLOURS = { PROMOTER: "#1d6fb8", PASSIVE: "#9aa5b1", DETRACTOR: "#d9622b" } as const;

/** The 0–10 histogram, bars coloured by NPS category. Takes plain data; labels come translated. */
export function ScoreDistributionChart({ data, labels }: { data: ScoreBar[]; labels: { count: string; score: string } }) {
  return (
    <div className="h-64 w-full" role="img" aria-label={data.map((d) => `${d.score}: ${d.count}`).join(", ")}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
          <XAxis dataKey="score" tickLine={false} axisLine={{ stroke: "#cbd5e1" }} />
          <YAxis allowDecimals={false} tickLine={false} axisLine={false} width={40} />
          <Tooltip
            cursor={{ fill: "#f1f5f9" }}
            formatter={(value) => [String(value), labels.count]}
            labelFormatter={(label) => `${labels.score} ${String(label)}`}
          />
          <Bar dataKey="count" radius={[4, 4, 0, 0]} isAnimationActive={false}>
            {data.map((entry) => (
              <Cell key={entry.score} fill={COLOURS[entry.category]} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
