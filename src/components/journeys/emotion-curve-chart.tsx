"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import { Area, CartesianGrid, ComposedChart, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { stageAxisLayout, type StageAxisLayout } from "@/lib/stage-axis-labels";

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

const TICK_FONT_PX = 12;
const TICK_LINE_PX = 14;
/** Horizontal space of the plot besides the stages' bands: the chart's margins and the y axis. */
const MARGIN = { top: 12, right: 16, bottom: 8, left: 0 } as const;
const Y_AXIS_WIDTH = 44;

/** Width of `text` at the axis' font, measured on a canvas (an estimate where there is none). */
function measurer(family: string): (text: string) => number {
  const context = typeof document === "undefined" ? null : document.createElement("canvas").getContext("2d");
  if (context) {
    context.font = `${TICK_FONT_PX}px ${family}`;
    return (text) => context.measureText(text).width;
  }
  // Wide (CJK) characters take about the font size, others a little more than half of it.
  return (text) => [...text].reduce((w, ch) => w + (/[\u2e80-\uffff]/.test(ch) ? TICK_FONT_PX : TICK_FONT_PX * 0.6), 0);
}

type TickProps = { x?: number; y?: number; payload?: { value?: unknown; index?: number } };

function StageTick({ x = 0, y = 0, payload, layout }: TickProps & { layout: StageAxisLayout }) {
  const index = payload?.index ?? 0;
  const lines = layout.lines[index] ?? [String(payload?.value ?? "")];
  return (
    <text x={x} y={y} textAnchor="middle" fontSize={TICK_FONT_PX} fill="#475569" className="stage-tick" data-testid="emotion-curve-tick">
      {lines.map((line, i) => (
        <tspan key={i} x={x} dy={i === 0 ? TICK_LINE_PX - 2 : TICK_LINE_PX}>
          {line}
        </tspan>
      ))}
    </text>
  );
}

/**
 * The journey's emotion curve: each stage's NPS in stage order with its 95 % interval as a band, the journey's
 * overall NPS as a dashed line; pain points red, delight points green, hollow points below the minimum n.
 * The stage names on the axis are wrapped to the width each stage has (at most three lines); where even that does
 * not fit (a phone, many stages) the axis shows the stages' numbers and a key below the chart names them.
 */
export function EmotionCurveChart({
  data,
  overall,
  overallLabel,
  ariaLabel,
  keyLabel,
}: {
  data: EmotionPoint[];
  overall: number | null;
  overallLabel: string;
  ariaLabel: string;
  /** Heading of the key shown when the axis carries stage numbers. */
  keyLabel: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const [{ width, family }, setBox] = useState({ width: 0, family: "sans-serif" });
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const fontFamily = getComputedStyle(element).fontFamily || "sans-serif";
    const observer = new ResizeObserver(([entry]) => setBox({ width: Math.floor(entry?.contentRect.width ?? 0), family: fontFamily }));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  const measure = useMemo(() => measurer(family), [family]);
  const names = data.map((d) => d.stage);
  const band = data.length === 0 ? 0 : (width - MARGIN.left - MARGIN.right - Y_AXIS_WIDTH) / data.length;
  // Before the first measurement: numbers (never overlapping); the measured layout follows at once.
  const layout = width === 0 ? stageAxisLayout(names, 0, () => Infinity) : stageAxisLayout(names, band - 6, measure);
  const axisHeight = 8 + TICK_LINE_PX * Math.max(1, ...layout.lines.map((l) => l.length));
  return (
    <div ref={ref} className="w-full" data-testid="emotion-curve-wrap" data-axis={layout.mode}>
      <div className="w-full" style={{ height: 260 + axisHeight }} role="img" aria-label={ariaLabel} data-testid="emotion-curve">
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={data} margin={MARGIN}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
            <XAxis
              dataKey="stage"
              tickLine={false}
              axisLine={{ stroke: "#cbd5e1" }}
              interval={0}
              height={axisHeight}
              // Half a band of padding at each end puts every stage at the centre of its own band, the width its label is laid out for.
              padding={{ left: Math.max(0, Math.floor(band / 2)), right: Math.max(0, Math.floor(band / 2)) }}
              tick={<StageTick layout={layout} />}
            />
            <YAxis domain={[-100, 100]} ticks={[-100, -50, 0, 50, 100]} tickLine={false} axisLine={false} width={Y_AXIS_WIDTH} />
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
      {layout.mode === "numbers" && width > 0 && (
        <div className="mt-1 text-xs text-slate-700" data-testid="emotion-curve-key">
          <span className="sr-only">{keyLabel}</span>
          <ol className="flex flex-wrap gap-x-3 gap-y-1">
            {names.map((name, i) => (
              <li key={i}>
                <span className="font-semibold tabular-nums">{i + 1}</span> {name}
              </li>
            ))}
          </ol>
        </div>
      )}
    </div>
  );
}
