"use client";

import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export type FunnelBar = { key: string; label: string; count: number; tone: "flow" | "bad" | "neutral" };

const COLOURS = { flow: "#1d6fb8", bad: "#d9622b", neutral: "#9aa5b1" } as const;

/** The funnel as horizontal bars. Takes plain data; labels come translated. */
export function FunnelChart({ data, countLabel }: { data: FunnelBar[]; countLabel: string }) {
  return (
    <div className="h-72 w-full" role="img" aria-label={data.map((d) => `${d.label}: ${d.count}`).join(", ")}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} layout="vertical" margin={{ top: 4, right: 16, bottom: 4, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} stroke="#e2e8f0" />
          <XAxis type="number" allowDecimals={false} tickLine={false} axisLine={{ stroke: "#cbd5e1" }} />
          <YAxis type="category" dataKey="label" width={150} tickLine={false} axisLine={false} />
          <Tooltip cursor={{ fill: "#f1f5f9" }} formatter={(value) => [String(value), countLabel]} />
          <Bar dataKey="count" radius={[0, 4, 4, 0]} isAnimationActive={false}>
            {data.map((entry) => (
              <Cell key={entry.key} fill={COLOURS[entry.tone]} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
