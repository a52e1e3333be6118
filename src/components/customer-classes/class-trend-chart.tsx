"use client";

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export type ClassTrendSeries = { key: string; name: string };
export type ClassTrendDatum = { month: string } & Record<string, number | string>;

const COLORS = ["#1e40af", "#0f766e", "#b45309", "#b91c1c", "#6d28d9", "#475569", "#be185d", "#15803d"];

/** Customers per class, one line per class, month by month (plain data from the server). */
export function ClassTrendChart({ data, series, label }: { data: ClassTrendDatum[]; series: ClassTrendSeries[]; label: string }) {
  return (
    <div className="h-72 w-full" role="img" aria-label={label} data-testid="class-trend-chart">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
          <XAxis dataKey="month" tick={{ fontSize: 12 }} />
          <YAxis allowDecimals={false} tick={{ fontSize: 12 }} width={48} />
          <Tooltip />
          {/* In the series' order (as the cards and lists beside the chart), not recharts' default alphabetical order. */}
          <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
          {series.map((s, i) => (
            <Line key={s.key} type="monotone" dataKey={s.key} name={s.name} stroke={COLORS[i % COLORS.length]} strokeWidth={2} dot={{ r: 3 }} isAnimationActive={false} />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
