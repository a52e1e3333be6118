"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import { CartesianGrid, ErrorBar, ReferenceLine, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis, usePlotArea, useXAxisScale, useYAxisScale } from "recharts";
import { boxesIntersect, layoutPointLabels, type Box, type PointLabelLayout } from "@/lib/point-labels";

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

const DOT_RADIUS = 6;
const FONT_PX = 11;
/** A label's box: tall enough for CJK glyphs' ascent and descent at 11 px. */
const LABEL_BOX_PX = 17;
const LABEL_PADDING_PX = 2;

function Dot({ cx, cy, payload }: DotProps) {
  if (cx === undefined || cy === undefined || !payload) return null;
  return <circle cx={cx} cy={cy} r={DOT_RADIUS} fill={COLOURS[payload.quadrant]} stroke="#fff" strokeWidth={1.5} />;
}

/** Width of `text` at the labels' font, measured on a canvas (an estimate where there is none). */
function measurer(family: string): (text: string) => number {
  const context = typeof document === "undefined" ? null : document.createElement("canvas").getContext("2d");
  if (context) {
    context.font = `${FONT_PX}px ${family}`;
    return (text) => context.measureText(text).width;
  }
  return (text) => [...text].reduce((w, ch) => w + (/[\u2e80-\uffff]/.test(ch) ? FONT_PX : FONT_PX * 0.6), 0);
}

type Corner = { quadrant: QuadrantPoint["quadrant"]; text: string; box: Box };

/**
 * The points' labels and the quadrants' names, drawn inside the chart with its own scales: the names of the top
 * quadrants above the plot, those of the bottom ones in the plot's bottom corners (which the point labels avoid).
 */
function PointLabels({
  points,
  measure,
  quadrants,
  onLayout,
}: {
  points: QuadrantPoint[];
  measure: (text: string) => number;
  quadrants: Record<QuadrantPoint["quadrant"], string>;
  onLayout: (layout: Pick<PointLabelLayout, "mode" | "complete">) => void;
}) {
  const plot = usePlotArea();
  const xScale = useXAxisScale();
  const yScale = useYAxisScale();
  const computed = useMemo(() => {
    if (!plot || !xScale || !yScale || plot.width <= 0 || plot.height <= 0) return null;
    const area: Box = { x: plot.x, y: plot.y, width: plot.width, height: plot.height };
    const cornerBox = (text: string, right: boolean, top: boolean): Box => {
      const width = Math.ceil(measure(text)) + 2 * LABEL_PADDING_PX;
      return { x: right ? area.x + area.width - width - 2 : area.x + 2, y: top ? area.y - LABEL_BOX_PX - 1 : area.y + area.height - LABEL_BOX_PX - 2, width, height: LABEL_BOX_PX };
    };
    const located = points.map((p) => {
      const top = yScale(p.importance + p.error[1]);
      const bottom = yScale(p.importance - p.error[0]);
      return {
        x: xScale(p.performancePct) ?? area.x,
        y: yScale(p.importance) ?? area.y + area.height,
        bar: top !== undefined && bottom !== undefined ? { top: Math.min(top, bottom), bottom: Math.max(top, bottom) } : undefined,
      };
    });
    const topLeft = cornerBox(quadrants.priority_fix, false, true);
    const topRight = cornerBox(quadrants.key_strength, true, true);
    const bottomLeft = cornerBox(quadrants.secondary_weakness, false, false);
    const bottomRight = cornerBox(quadrants.secondary_strength, true, false);
    // Where the two names of a row do not fit side by side (a phone), the right one moves into the plot: a row down
    // at the top, one or two rows up at the bottom, where it covers no point if it can.
    const clear = (box: Box) => located.every((p) => !boxesIntersect(box, { x: p.x - DOT_RADIUS, y: p.y - DOT_RADIUS, width: 2 * DOT_RADIUS, height: 2 * DOT_RADIUS }));
    if (topLeft.x + topLeft.width + 8 > topRight.x) topRight.y = area.y + 2;
    if (bottomLeft.x + bottomLeft.width + 8 > bottomRight.x) {
      const rows = [1, 2, 3].map((n) => bottomRight.y - n * LABEL_BOX_PX);
      bottomRight.y = rows.find((y) => clear({ ...bottomRight, y })) ?? rows[0]!;
    }
    const corners: Corner[] = [
      { quadrant: "priority_fix", text: quadrants.priority_fix, box: topLeft },
      { quadrant: "key_strength", text: quadrants.key_strength, box: topRight },
      { quadrant: "secondary_weakness", text: quadrants.secondary_weakness, box: bottomLeft },
      { quadrant: "secondary_strength", text: quadrants.secondary_strength, box: bottomRight },
    ];
    const layout = layoutPointLabels({
      points: located,
      names: points.map((p) => p.name),
      plot: area,
      measure,
      labelHeight: LABEL_BOX_PX,
      dotRadius: DOT_RADIUS,
      padding: LABEL_PADDING_PX,
      obstacles: corners.filter((c) => c.box.y >= area.y).map((c) => c.box),
    });
    return { layout, corners };
  }, [plot, xScale, yScale, points, measure, quadrants]);
  const mode = computed?.layout.mode;
  const complete = computed?.layout.complete;
  useEffect(() => {
    if (mode && complete !== undefined) onLayout({ mode, complete });
  }, [mode, complete, onLayout]);
  if (!computed) return null;
  const { layout, corners } = computed;
  return (
    <g className="driver-quadrant-labels" pointerEvents="none">
      {corners.map((corner) => (
        <text
          key={corner.quadrant}
          x={corner.box.x + LABEL_PADDING_PX}
          y={corner.box.y + corner.box.height / 2}
          dominantBaseline="central"
          fontSize={FONT_PX}
          fontWeight={500}
          fill={COLOURS[corner.quadrant]}
        >
          {corner.text}
        </text>
      ))}
      {layout.labels.map((label, i) => (
        <g key={i}>
          {label.leader && <line x1={label.leader.x1} y1={label.leader.y1} x2={label.leader.x2} y2={label.leader.y2} stroke="#94a3b8" strokeWidth={1} />}
          <text
            x={label.box.x + LABEL_PADDING_PX}
            y={label.box.y + label.box.height / 2}
            dominantBaseline="central"
            fontSize={FONT_PX}
            fontWeight={layout.mode === "numbers" ? 600 : 400}
            fill="#0f172a"
            stroke="#fff"
            strokeWidth={3}
            strokeLinejoin="round"
            paintOrder="stroke"
            data-testid="driver-quadrant-label"
          >
            {label.text}
          </text>
        </g>
      ))}
    </g>
  );
}

/**
 * Importance (y, % of R² with its 95 % interval as a bar) against performance (x, 0–100), split into the four
 * quadrants by the average importance and the average performance. Corner labels name the quadrants. Each point
 * carries its driver's name, placed where it overlaps nothing (beside the point, or further off with a leader line);
 * where the names cannot all fit (a phone, many drivers close together) the points carry numbers and a key under
 * the chart names them.
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
  const ref = useRef<HTMLDivElement>(null);
  const [family, setFamily] = useState("sans-serif");
  const [layout, setLayout] = useState<Pick<PointLabelLayout, "mode" | "complete"> | null>(null);
  const mode = layout?.mode ?? null;
  useEffect(() => {
    if (ref.current) setFamily(getComputedStyle(ref.current).fontFamily || "sans-serif");
  }, []);
  const measure = useMemo(() => measurer(family), [family]);
  return (
    <div ref={ref} className="w-full" data-testid="driver-quadrant-wrap" data-labels={mode ?? ""} data-labels-apart={layout ? String(layout.complete) : ""}>
      <div className="relative h-96 w-full" role="img" aria-label={labels.aria} data-testid="driver-quadrant-chart">
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
            </Scatter>
            <PointLabels points={points} measure={measure} quadrants={labels.quadrants} onLayout={setLayout} />
          </ScatterChart>
        </ResponsiveContainer>
      </div>
      {mode === "numbers" && (
        <ol className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-700" data-testid="driver-quadrant-key">
          {points.map((point, i) => (
            <li key={i} className="flex items-start gap-1">
              <span className="mt-1 inline-block h-2 w-2 shrink-0 rounded-full" style={{ backgroundColor: COLOURS[point.quadrant] }} aria-hidden="true" />
              <span>
                <span className="font-semibold tabular-nums">{i + 1}</span> {point.name}
              </span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
