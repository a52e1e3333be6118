"use client";

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export type ThemeTrendSeries = { key: string; label: string };
/** One month: "2026-11" and each series' share of the month's comments in percent (null: too few comments). */
export type ThemeTrendDatum = { month: string } & Record<string, number | string | null>;

const COLOURS = ["#b91c1c", "#1d4ed8", "#047857", "#a16207", "#7c3aed"];

/** Monthly share of comments per theme (percent), one line per theme; months with too few comments are gaps. */
export function ThemeTrendChart({ data, series, ariaLabel }: { data: ThemeTrendDatum[]; series: ThemeTrendSeries[]; ariaLabel: string }) {
  return (
    <div className="h-72 w-full" role="img" aria-label={ariaLabel}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 8, right: 12, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
          <XAxis dataKey="month" tickLine={false} axisLine={{ stroke: "#cbd5e1" }} minTickGap={16} />
          <YAxis tickLine={false} axisLine={false} width={40} unit="%" domain={[0, "auto"]} />
          <Tooltip formatter={(value) => (typeof value === "number" ? `${value.toFixed(1)}%` : "—")} />
          <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
          {series.map((s, index) => (
            <Line key={s.key} dataKey={s.key} name={s.label} stroke={COLOURS[index % COLOURS.length]} strokeWidth={2} dot={{ r: 2 }} isAnimationActive={false} />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
