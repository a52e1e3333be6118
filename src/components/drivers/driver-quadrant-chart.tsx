"use client";

import { CartesianGrid, ErrorBar, LabelList, ReferenceLine, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from "recharts";

/** One driver on the chart: plain, already-localised data from the page. */
export type QuadrantPoint = {
  name: string;
  performancePct: number;
  importance: number;
  /** [importance − low, high − importance] for the interval bar. */
  error: [number, number];
  quadrant: "priority_fix" | "key_strength" | "secondary_weakness" | "secondary_strength";
  tooltip: string[];
};

const COLOURS: Record<QuadrantPoint["quadrant"], string> = {
  priority_fix: "#b91c1c",
  key_strength: "#15803d",
  secondary_weakness: "#b45309",
  secondary_strength: "#475569",
};

function PointTooltip({ active, payload }: { active?: boolean; payload?: { payload?: QuadrantPoint }[] }) {
  const point = payload?.[0]?.payload;
  if (!active || !point) return null;
  return (
    <div className="rounded-md border border-slate-200 bg-white px-3 py-2 text-xs shadow">
      <p className="font-semibold">{point.name}</p>
      {point.tooltip.map((line) => (
        <p key={line} className="text-slate-600">
          {line}
        </p>
      ))}
    </div>
  );
}

type DotProps = { cx?: number; cy?: number; payload?: QuadrantPoint };

function Dot({ cx, cy, payload }: DotProps) {
  if (cx === undefined || cy === undefined || !payload) return null;
  return <circle cx={cx} cy={cy} r={6} fill={COLOURS[payload.quadrant]} stroke="#fff" strokeWidth={1.5} />;
}

/**
 * Importance (y, % of R² with its 95 % interval as a bar) against performance (x, 0–100), split into the four
 * quadrants by the average importance and the average performance. Corner labels name the quadrants.
 */
export function DriverQuadrantChart({
  points,
  importanceSplit,
  performanceSplit,
  labels,
}: {
  points: QuadrantPoint[];
  importanceSplit: number;
  performanceSplit: number;
  labels: { aria: string; x: string; y: string; quadrants: Record<QuadrantPoint["quadrant"], string> };
}) {
  const top = Math.min(100, Math.max(10, Math.ceil((Math.max(...points.map((p) => p.importance + p.error[1])) + 5) / 10) * 10));
  return (
    <div className="relative h-96 w-full" role="img" aria-label={labels.aria} data-testid="driver-quadrant-chart">
      <div className="pointer-events-none absolute inset-x-14 top-1 flex justify-between text-[11px] font-medium" aria-hidden="true">
        <span style={{ color: COLOURS.priority_fix }}>{labels.quadrants.priority_fix}</span>
        <span style={{ color: COLOURS.key_strength }}>{labels.quadrants.key_strength}</span>
      </div>
      <div className="pointer-events-none absolute inset-x-14 bottom-12 flex justify-between text-[11px] font-medium" aria-hidden="true">
        <span style={{ color: COLOURS.secondary_weakness }}>{labels.quadrants.secondary_weakness}</span>
        <span style={{ color: COLOURS.secondary_strength }}>{labels.quadrants.secondary_strength}</span>
      </div>
      <ResponsiveContainer width="100%" height="100%">
        <ScatterChart margin={{ top: 20, right: 16, bottom: 28, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
          <XAxis
            type="number"
            dataKey="performancePct"
            domain={[0, 100]}
            ticks={[0, 25, 50, 75, 100]}
            tickLine={false}
            label={{ value: labels.x, position: "insideBottom", offset: -16, fontSize: 12, fill: "#475569" }}
          />
          <YAxis
            type="number"
            dataKey="importance"
            domain={[0, top]}
            tickLine={false}
            width={48}
            label={{ value: labels.y, angle: -90, position: "insideLeft", offset: 4, fontSize: 12, fill: "#475569", dy: 60 }}
          />
          <ReferenceLine y={importanceSplit} stroke="#64748b" strokeDasharray="4 4" />
          <ReferenceLine x={performanceSplit} stroke="#64748b" strokeDasharray="4 4" />
          <Tooltip content={<PointTooltip />} cursor={{ strokeDasharray: "3 3" }} />
          <Scatter data={points} shape={<Dot />} isAnimationActive={false}>
            <ErrorBar dataKey="error" direction="y" width={6} stroke="#334155" strokeWidth={1.5} />
            <LabelList dataKey="name" position="right" fontSize={11} fill="#0f172a" />
          </Scatter>
        </ScatterChart>
      </ResponsiveContainer>
    </div>
  );
}
