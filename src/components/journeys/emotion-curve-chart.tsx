"use client";

import { Area, CartesianGrid, ComposedChart, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export type EmotionPoint = {
  stage: string;
  /** null: hidden (too few answers) or no answers — the curve skips it. */
  nps: number | null;
  band: [number, number] | null;
  /** Below minN: a hollow point. */
  low: boolean;
  point: "pain" | "delight" | null;
  /** Tooltip lines, already translated. */
  lines: string[];
};

const COLORS = { pain: "#b91c1c", delight: "#047857", plain: "#1e40af" } as const;

type DotProps = { cx?: number; cy?: number; payload?: EmotionPoint };

function Dot({ cx, cy, payload }: DotProps) {
  if (cx === undefined || cy === undefined || !payload || payload.nps === null) return null;
  const color = payload.point ? COLORS[payload.point] : COLORS.plain;
  const r = payload.point ? 7 : 5;
  return <circle cx={cx} cy={cy} r={r} fill={payload.low ? "#fff" : color} stroke={color} strokeWidth={2} />;
}

function CurveTooltip({ active, payload }: { active?: boolean; payload?: { payload?: EmotionPoint }[] }) {
  const datum = payload?.[0]?.payload;
  if (!active || !datum) return null;
  return (
    <div className="rounded-md border border-slate-200 bg-white px-3 py-2 text-xs shadow">
      <p className="font-semibold">{datum.stage}</p>
      {datum.lines.map((line) => (
        <p key={line} className="text-slate-700">
          {line}
        </p>
      ))}
    </div>
  );
}

/**
 * The journey's emotion curve: each stage's NPS in stage order with its 95 % interval as a band, the journey's
 * overall NPS as a dashed line; pain points red, delight points green, hollow points below the minimum n.
 */
export function EmotionCurveChart({ data, overall, overallLabel, ariaLabel }: { data: EmotionPoint[]; overall: number | null; overallLabel: string; ariaLabel: string }) {
  return (
    <div className="h-72 w-full" role="img" aria-label={ariaLabel} data-testid="emotion-curve">
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={data} margin={{ top: 12, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
          <XAxis dataKey="stage" tickLine={false} axisLine={{ stroke: "#cbd5e1" }} interval={0} tick={{ fontSize: 12 }} />
          <YAxis domain={[-100, 100]} ticks={[-100, -50, 0, 50, 100]} tickLine={false} axisLine={false} width={44} />
          <ReferenceLine y={0} stroke="#94a3b8" />
          {overall !== null && (
            <ReferenceLine y={overall} stroke="#475569" strokeDasharray="6 4" label={{ value: overallLabel, position: "insideTopRight", fontSize: 11, fill: "#334155" }} />
          )}
          <Tooltip content={<CurveTooltip />} />
          <Area dataKey="band" type="monotone" stroke="none" fill="#93c5fd" fillOpacity={0.45} isAnimationActive={false} connectNulls />
          <Line dataKey="nps" stroke="#1e40af" strokeWidth={2} type="monotone" dot={<Dot />} activeDot={{ r: 7 }} isAnimationActive={false} connectNulls />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
