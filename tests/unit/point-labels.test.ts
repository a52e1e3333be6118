import { describe, expect, it } from "vitest";
import { boxesIntersect, layoutPointLabels, segmentHitsBox, type Box, type LabelledPoint, type PointLabelLayout } from "@/lib/point-labels";

// 6 px per Latin character, 11 px per Chinese one: the estimate of an 11 px font.
const measure = (text: string) => [...text].reduce((w, ch) => w + (/[\u2e80-\uffff]/.test(ch) ? 11 : 6), 0);
const PLOT: Box = { x: 56, y: 20, width: 600, height: 300 };
const base = { measure, labelHeight: 16, dotRadius: 6, plot: PLOT };

/** Every label inside the plot, apart from every other label and from every point's dot. */
function expectApart(layout: PointLabelLayout, points: readonly LabelledPoint[], plot: Box = PLOT, gap = 2) {
  expect(layout.complete).toBe(true);
  layout.labels.forEach((label, i) => {
    expect(label.box.x).toBeGreaterThanOrEqual(plot.x);
    expect(label.box.y).toBeGreaterThanOrEqual(plot.y);
    expect(label.box.x + label.box.width).toBeLessThanOrEqual(plot.x + plot.width);
    expect(label.box.y + label.box.height).toBeLessThanOrEqual(plot.y + plot.height);
    for (const p of points) expect(boxesIntersect(label.box, { x: p.x - 6, y: p.y - 6, width: 12, height: 12 })).toBe(false);
    layout.labels.slice(i + 1).forEach((other) => expect(boxesIntersect(label.box, other.box, gap), `${label.text} / ${other.text}`).toBe(false));
  });
}

describe("point labels", () => {
  it("puts each name to the right of its point when the points are far apart", () => {
    const points = [
      { x: 100, y: 60 },
      { x: 300, y: 200 },
      { x: 450, y: 100 },
    ];
    const layout = layoutPointLabels({ ...base, points, names: ["Waiting time", "Staff", "Mobile app"] });
    expect(layout.mode).toBe("names");
    expect(layout.labels.map((l) => l.text)).toEqual(["Waiting time", "Staff", "Mobile app"]);
    layout.labels.forEach((label, i) => {
      expect(label.leader).toBeNull();
      expect(label.box.x).toBeGreaterThan(points[i]!.x);
      expect(label.box.y + label.box.height / 2).toBeCloseTo(points[i]!.y);
    });
    expectApart(layout, points);
  });

  it("moves one of two colliding names (the demo's two close drivers) to another side, still as names", () => {
    const points = [
      { x: 300, y: 180 },
      { x: 306, y: 186 },
    ];
    const names = ["请为手机银行 App 打分", "示例银行让开户变得很轻松"];
    const layout = layoutPointLabels({ ...base, points, names });
    expect(layout.mode).toBe("names");
    expectApart(layout, points);
    // Without the layout both would sit to the right, one on top of the other.
    const naive = points.map((p, i): Box => ({ x: p.x + 9, y: p.y - 8, width: measure(names[i]!) + 4, height: 16 }));
    expect(boxesIntersect(naive[0]!, naive[1]!)).toBe(true);
  });

  it("keeps a name inside the plot: a point at the right edge gets its label on the left", () => {
    const points = [{ x: 650, y: 100 }];
    const layout = layoutPointLabels({ ...base, points, names: ["Waiting time"] });
    expect(layout.mode).toBe("names");
    expect(layout.labels[0]!.box.x + layout.labels[0]!.box.width).toBeLessThanOrEqual(650);
    expectApart(layout, points);
  });

  it("avoids the obstacles (the quadrants' names) and its own interval bar", () => {
    const corner: Box = { x: 56, y: 20, width: 120, height: 16 };
    const points: LabelledPoint[] = [{ x: 90, y: 44, bar: { top: 30, bottom: 80 } }];
    const layout = layoutPointLabels({ ...base, points, names: ["Waiting"], obstacles: [corner] });
    expect(layout.mode).toBe("names");
    expect(boxesIntersect(layout.labels[0]!.box, corner)).toBe(false);
    expect(boxesIntersect(layout.labels[0]!.box, { x: 86, y: 30, width: 8, height: 50 })).toBe(false);
  });

  it("never lays a name across another point's interval bar: numbers instead when there is no other room", () => {
    const plot: Box = { x: 56, y: 20, width: 200, height: 120 };
    // The name fits only to the left of A, or to the right, across B's bar; elsewhere the plot's edges or B's bar.
    const points: LabelledPoint[] = [
      { x: 150, y: 80, bar: { top: 70, bottom: 90 } },
      { x: 180, y: 80, bar: { top: 21, bottom: 139 } },
    ];
    const names = ["A name that is long", "B"];
    const layout = layoutPointLabels({ ...base, plot, points, names });
    const barB: Box = { x: 176, y: 21, width: 8, height: 118 };
    if (layout.mode === "names") expect(boxesIntersect(layout.labels[0]!.box, barB)).toBe(false);
    expectApart(layout, points, plot);
    // Wider than the room left of A: numbers.
    const crowded = layoutPointLabels({ ...base, plot, points: [{ ...points[0]!, x: 110 }, points[1]!], names: ["A much longer driver name", "B"] });
    expect(crowded.mode).toBe("numbers");
    expectApart(crowded, points.map((p, i) => (i === 0 ? { ...p, x: 110 } : p)), plot);
  });

  it("uses leader lines when the sides next to a point are taken", () => {
    // A tight cluster: eight points within 20 px.
    const points = Array.from({ length: 8 }, (_, i) => ({ x: 300 + (i % 4) * 14, y: 150 + Math.floor(i / 4) * 14 }));
    const layout = layoutPointLabels({ ...base, points, names: points.map((_, i) => `D${i}`) });
    expect(layout.mode).toBe("names");
    expectApart(layout, points);
    expect(layout.labels.some((l) => l.leader !== null)).toBe(true);
    for (const label of layout.labels.filter((l) => l.leader)) {
      for (const other of layout.labels) if (other !== label) expect(segmentHitsBox(label.leader!, other.box)).toBe(false);
    }
  });

  it("falls back to numbers for every label when the names cannot fit (a phone)", () => {
    const plot: Box = { x: 56, y: 20, width: 240, height: 140 };
    const points = [
      { x: 140, y: 60 },
      { x: 150, y: 70 },
      { x: 160, y: 50 },
      { x: 230, y: 130 },
      { x: 110, y: 100 },
      { x: 200, y: 90 },
      { x: 260, y: 40 },
      { x: 90, y: 140 },
    ];
    const names = ["请为排队等候时间打分。", "请为手机银行 App 打分", "示例银行让开户变得很轻松", "请为柜员的专业程度打分。", "主题：排队等待", "主题：手机银行", "主题：柜员服务", "主题：收费"];
    const layout = layoutPointLabels({ ...base, plot, points, names });
    expect(layout.mode).toBe("numbers");
    expect(layout.labels.map((l) => l.text)).toEqual(["1", "2", "3", "4", "5", "6", "7", "8"]);
    expectApart(layout, points, plot);
    // A name wider than the plot can only be a number.
    expect(layoutPointLabels({ ...base, plot, points: [{ x: 150, y: 80 }], names: ["示例银行让开户变得很轻松，柜员也很专业"] }).mode).toBe("numbers");
  });

  it("places numbers apart for many drivers crowded on the plot's bottom edge (themes of low importance), coincident points too", () => {
    const plot: Box = { x: 56, y: 20, width: 260, height: 300 };
    const bottom = plot.y + plot.height;
    const points = [
      ...Array.from({ length: 10 }, (_, i) => ({ x: 60 + i * 9, y: bottom - (i % 3) * 2 })),
      { x: 80, y: bottom },
      { x: 80, y: bottom },
      { x: 200, y: 120 },
      { x: 204, y: 124 },
    ];
    const corners: Box[] = [
      { x: plot.x + 2, y: bottom - 19, width: 70, height: 17 },
      { x: plot.x + plot.width - 72, y: bottom - 19, width: 70, height: 17 },
    ];
    const layout = layoutPointLabels({ ...base, plot, points, names: points.map((_, i) => `主题：第 ${i + 1} 个主题`), obstacles: corners });
    expect(layout.mode).toBe("numbers");
    expectApart(layout, points, plot);
  });

  it("keeps numbers off a quadrant's name even for points in the plot's corner, on top of each other", () => {
    const plot: Box = { x: 56, y: 20, width: 900, height: 280 };
    const bottom = plot.y + plot.height;
    const corner: Box = { x: plot.x + 2, y: bottom - 19, width: 48, height: 17 };
    const points: LabelledPoint[] = [
      { x: plot.x, y: bottom },
      { x: plot.x + 1, y: bottom - 6 },
      { x: plot.x + 16, y: bottom - 24, bar: { top: bottom - 50, bottom } },
      { x: plot.x + 35, y: bottom - 10, bar: { top: bottom - 30, bottom } },
      { x: plot.x + 55, y: bottom - 3 },
    ];
    const layout = layoutPointLabels({ ...base, plot, points, names: points.map((_, i) => `主题：很长的第 ${i + 1} 个主题名称很长很长`), obstacles: [corner] });
    expectApart(layout, points, plot);
    for (const label of layout.labels) expect(boxesIntersect(label.box, corner), label.text).toBe(false);
  });

  it("is deterministic and places labels apart on many random layouts", () => {
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (let run = 0; run < 40; run++) {
      const count = 2 + Math.floor(random() * 10);
      const points = Array.from({ length: count }, () => ({ x: 70 + random() * 570, y: 30 + random() * 280 }));
      const names = points.map((_, i) => "Driver name ".slice(0, 4 + Math.floor(random() * 8)) + i);
      const layout = layoutPointLabels({ ...base, points, names });
      expectApart(layout, points);
      expect(layoutPointLabels({ ...base, points, names })).toEqual(layout);
    }
  });

  it("segment and box geometry", () => {
    const box: Box = { x: 10, y: 10, width: 10, height: 10 };
    expect(segmentHitsBox({ x1: 0, y1: 15, x2: 30, y2: 15 }, box)).toBe(true);
    expect(segmentHitsBox({ x1: 0, y1: 0, x2: 5, y2: 30 }, box)).toBe(false);
    expect(boxesIntersect(box, { x: 21, y: 10, width: 5, height: 5 })).toBe(false);
    expect(boxesIntersect(box, { x: 21, y: 10, width: 5, height: 5 }, 2)).toBe(true);
  });
});
