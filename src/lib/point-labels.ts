/**
 * Labels of a scatter chart's points (the key drivers' importance × performance quadrant), laid out so that no two
 * overlap, none covers a point or an obstacle (the quadrants' names) and every one stays inside the plot area.
 *
 * Each label tries positions beside its point (right, left, the four diagonals, above, below, slid up or down),
 * then positions further away joined to the point by a leader line; a bounded search picks one position per label.
 * When the names cannot all be placed, every label becomes the point's number (1, 2, …) — the same mode for all,
 * so the chart reads alike — and the caller shows a key naming each number.
 */
export type Box = { x: number; y: number; width: number; height: number };

export type LabelledPoint = {
  /** Centre of the point, in pixels. */
  x: number;
  y: number;
  /** Vertical extent of the point's interval bar in pixels (top < bottom), if it has one: no name crosses it, a number only when it must. */
  bar?: { top: number; bottom: number };
};

export type Leader = { x1: number; y1: number; x2: number; y2: number };

export type PlacedLabel = { text: string; box: Box; leader: Leader | null };

export type PointLabelLayout = {
  mode: "names" | "numbers";
  labels: PlacedLabel[];
  /** False only when even the numbers could not be placed apart (labels may then overlap). */
  complete: boolean;
};

export type PointLabelOptions = {
  points: readonly LabelledPoint[];
  names: readonly string[];
  plot: Box;
  /** Width of a text in pixels at the labels' font. */
  measure: (text: string) => number;
  /** Height of a label's box in pixels. */
  labelHeight: number;
  /** Radius of a point's dot in pixels. */
  dotRadius: number;
  /** Boxes no label may cover (e.g. the quadrants' names; a leader line may cross them); dropped only as a last resort before overlapping. */
  obstacles?: readonly Box[];
  /** Free pixels kept between two labels. */
  gap?: number;
  /** Horizontal padding added to each side of a measured text. */
  padding?: number;
  /** Steps of the search per attempt before it gives up. */
  budget?: number;
};

type Candidate = { box: Box; leader: Leader | null; cost: number };

export function boxesIntersect(a: Box, b: Box, gap = 0): boolean {
  return a.x < b.x + b.width + gap && b.x < a.x + a.width + gap && a.y < b.y + b.height + gap && b.y < a.y + a.height + gap;
}

function inside(box: Box, plot: Box): boolean {
  return box.x >= plot.x && box.y >= plot.y && box.x + box.width <= plot.x + plot.width && box.y + box.height <= plot.y + plot.height;
}

/** Whether the segment crosses the box (Liang–Barsky clipping). */
export function segmentHitsBox(s: Leader, box: Box): boolean {
  const dx = s.x2 - s.x1;
  const dy = s.y2 - s.y1;
  let t0 = 0;
  let t1 = 1;
  const edges: [number, number][] = [
    [-dx, s.x1 - box.x],
    [dx, box.x + box.width - s.x1],
    [-dy, s.y1 - box.y],
    [dy, box.y + box.height - s.y1],
  ];
  for (const [p, q] of edges) {
    if (p === 0) {
      if (q < 0) return false;
      continue;
    }
    const t = q / p;
    if (p < 0) t0 = Math.max(t0, t);
    else t1 = Math.min(t1, t);
    if (t0 > t1) return false;
  }
  return true;
}

const NEAR_SLIDES = [0, -0.5, 0.5, -1, 1];
const FAR_DISTANCES = [14, 24, 36, 50, 66, 84];
const FAR_DIRECTIONS = 16;

function candidatesFor(point: LabelledPoint, width: number, height: number, dotRadius: number): Candidate[] {
  const out: Candidate[] = [];
  const r = dotRadius + 3;
  const side = dotRadius - 1; // diagonal positions start just past the bar's cap
  const near: [number, number][] = [
    [point.x + r, point.y - height / 2],
    [point.x - r - width, point.y - height / 2],
    [point.x + side, point.y - r - height],
    [point.x + side, point.y + r],
    [point.x - side - width, point.y - r - height],
    [point.x - side - width, point.y + r],
    [point.x - width / 2, point.y - r - height],
    [point.x - width / 2, point.y + r],
  ];
  near.forEach(([x, y], i) => out.push({ box: { x, y, width, height }, leader: null, cost: i }));
  // Beside the point, slid up or down by half a label or a whole one.
  NEAR_SLIDES.slice(1).forEach((slide, i) => {
    out.push({ box: { x: point.x + r, y: point.y - height / 2 + slide * height, width, height }, leader: null, cost: 10 + i });
    out.push({ box: { x: point.x - r - width, y: point.y - height / 2 + slide * height, width, height }, leader: null, cost: 10.5 + i });
  });
  // Further away, with a leader line from the dot's edge to the label.
  for (const distance of FAR_DISTANCES) {
    for (let k = 0; k < FAR_DIRECTIONS; k++) {
      const angle = (2 * Math.PI * k) / FAR_DIRECTIONS;
      const cos = Math.cos(angle);
      const sin = Math.sin(angle);
      const ax = point.x + (dotRadius + distance) * cos;
      const ay = point.y + (dotRadius + distance) * sin;
      let x: number;
      let y: number;
      if (cos > 0.3) [x, y] = [ax, ay - height / 2];
      else if (cos < -0.3) [x, y] = [ax - width, ay - height / 2];
      else [x, y] = [ax - width / 2, sin < 0 ? ay - height : ay];
      // Horizontal directions read best; the cost grows with the distance.
      out.push({
        box: { x, y, width, height },
        leader: { x1: point.x + dotRadius * cos, y1: point.y + dotRadius * sin, x2: ax, y2: ay },
        cost: 20 + distance + 4 * Math.abs(sin),
      });
    }
  }
  return out;
}

function barBox(point: LabelledPoint): Box | null {
  return point.bar ? { x: point.x - 4, y: point.bar.top, width: 8, height: point.bar.bottom - point.bar.top } : null;
}

type Attempt = { labels: (Candidate | null)[]; complete: boolean };

/**
 * One position per label: static checks (plot, dots, obstacles; with `strictLeaders`, leader lines that miss the
 * other dots; with `barsHard`, no interval bar crossed, else crossing one costs more) first, then a depth-first search, cheapest position first, that keeps labels and leader lines apart.
 * The search starts with the most constrained labels; when its budget runs out it starts again with the label it
 * could not place moved to the front. Null when no attempt succeeds.
 */
function place(options: PointLabelOptions, texts: readonly string[], useObstacles: boolean, strictLeaders: boolean, barsHard: boolean): (Candidate | null)[] | null {
  const { points, plot, measure, labelHeight, dotRadius } = options;
  const gap = options.gap ?? 2;
  const padding = options.padding ?? 2;
  const obstacles = useObstacles ? (options.obstacles ?? []) : [];
  const dots = points.map((p): Box => ({ x: p.x - dotRadius - 1, y: p.y - dotRadius - 1, width: 2 * dotRadius + 2, height: 2 * dotRadius + 2 }));
  const bars = points.map(barBox);
  const feasible = points.map((point, i) => {
    const width = Math.ceil(measure(texts[i] ?? "")) + 2 * padding;
    return candidatesFor(point, width, labelHeight, dotRadius)
      .filter((c) => inside(c.box, plot))
      .filter((c) => dots.every((dot) => !boxesIntersect(c.box, dot)))
      .filter((c) => obstacles.every((o) => !boxesIntersect(c.box, o)))
      .filter((c) => !strictLeaders || c.leader === null || dots.every((dot, j) => j === i || (c.leader !== null && !segmentHitsBox(c.leader, dot))))
      .map((c) => ({ ...c, crossed: bars.filter((bar) => bar !== null && boxesIntersect(c.box, bar)).length }))
      .filter((c) => !barsHard || c.crossed === 0)
      .map(({ crossed, ...c }) => ({ ...c, cost: c.cost + 30 * crossed }))
      .sort((a, b) => a.cost - b.cost);
  });
  if (feasible.some((list) => list.length === 0)) return null;
  const total = options.budget ?? 20_000;
  const restarts = Math.max(4, 2 * points.length);
  const perAttempt = Math.max(200, Math.floor(total / restarts));
  const order = points.map((_, i) => i).sort((a, b) => feasible[a]!.length - feasible[b]!.length || a - b);
  for (let attempt = 0; attempt < restarts; attempt++) {
    const chosen: (Candidate | null)[] = points.map(() => null);
    let steps = perAttempt;
    let deepest = 0;
    const fits = (c: Candidate): boolean =>
      chosen.every(
        (other) =>
          other === null ||
          (!boxesIntersect(c.box, other.box, gap) && !(c.leader && segmentHitsBox(c.leader, other.box)) && !(other.leader && segmentHitsBox(other.leader, c.box))),
      );
    const search = (depth: number): boolean => {
      if (depth === order.length) return true;
      deepest = Math.max(deepest, depth);
      const i = order[depth]!;
      for (const candidate of feasible[i]!) {
        if (--steps < 0) return false;
        if (!fits(candidate)) continue;
        chosen[i] = candidate;
        if (search(depth + 1)) return true;
        chosen[i] = null;
      }
      return false;
    };
    if (search(0)) return chosen;
    // Place the label that blocked the search first next time.
    const [stuck] = order.splice(deepest, 1);
    if (stuck === undefined || deepest === 0) return null;
    order.unshift(stuck);
  }
  return null;
}

/** Last resort: each number at its cheapest position inside the plot, overlaps and all. */
function bestEffort(options: PointLabelOptions, texts: readonly string[]): Attempt {
  const padding = options.padding ?? 2;
  const labels = options.points.map((point, i) => {
    const width = Math.ceil(options.measure(texts[i] ?? "")) + 2 * padding;
    const all = candidatesFor(point, width, options.labelHeight, options.dotRadius);
    return all.find((c) => inside(c.box, options.plot)) ?? all[0] ?? null;
  });
  return { labels, complete: false };
}

export function layoutPointLabels(options: PointLabelOptions): PointLabelLayout {
  const names = options.points.map((_, i) => (options.names[i] ?? "").trim());
  const numbers = options.points.map((_, i) => String(i + 1));
  // Names first — never across an interval bar, where a name would read as another point's —, then numbers; leader
  // lines clear of other dots, then the obstacles are given up before overlaps.
  const attempts: [PointLabelLayout["mode"], readonly string[], boolean, boolean, boolean][] = [
    ["names", names, true, true, true],
    ["numbers", numbers, true, true, false],
    ["numbers", numbers, true, false, false],
    ["numbers", numbers, false, false, false],
  ];
  for (const [mode, texts, useObstacles, strictLeaders, barsHard] of attempts) {
    const placed = place(options, texts, useObstacles, strictLeaders, barsHard);
    if (placed) return { mode, labels: toLabels(placed, texts), complete: true };
  }
  const fallback = bestEffort(options, numbers);
  return { mode: "numbers", labels: toLabels(fallback.labels, numbers), complete: fallback.complete };
}

function toLabels(placed: (Candidate | null)[], texts: readonly string[]): PlacedLabel[] {
  return placed.map((c, i) => ({ text: texts[i] ?? "", box: c?.box ?? { x: 0, y: 0, width: 0, height: 0 }, leader: c?.leader ?? null }));
}
