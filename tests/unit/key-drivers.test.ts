import { describe, expect, it } from "vitest";
import { analyseDrivers, driverScale, priorityDriver, toApiDrivers, type DriverQuestion } from "@/lib/key-drivers";
import { seededRandom } from "@/lib/random";
import { momentsOfRows } from "@/lib/relative-weights";

const QUESTIONS: DriverQuestion[] = [
  { questionId: "a", key: "staff", type: "CSAT", label: { en: "Staff", "zh-CN": "员工" }, scale: { min: 1, max: 5 } },
  { questionId: "b", key: "app", type: "CES", label: { en: "App", "zh-CN": "应用" }, scale: { min: 1, max: 7 } },
  { questionId: "c", key: "queue", type: "RATING", label: { en: "Queue", "zh-CN": "排队" }, scale: { min: 1, max: 5 } },
];

function data(n: number) {
  const random = seededRandom(3);
  const rows: number[] = [];
  for (let i = 0; i < n; i++) {
    // staff matters and scores low; app barely matters and scores high; queue matters a little.
    const staff = 1 + Math.floor(random() * 3);
    const app = 4 + Math.floor(random() * 4);
    const queue = 1 + Math.floor(random() * 5);
    const y = Math.max(0, Math.min(10, Math.round(2.5 * staff + 0.05 * app + 0.6 * queue - 1 + (random() - 0.5) * 2)));
    rows.push(staff, app, queue, y);
  }
  return rows;
}

describe("analyseDrivers", () => {
  it("orders by importance, places quadrants and names the priority driver", () => {
    const rows = data(300);
    const analysis = analyseDrivers(QUESTIONS, momentsOfRows(rows, 4), rows, { resamples: 200 });
    expect(analysis.status).toBe("ok");
    expect(analysis.minN).toBe(30);
    expect(analysis.drivers.map((d) => d.key)).toEqual(["staff", "queue", "app"]);
    const staff = analysis.drivers[0]!;
    expect(staff.quadrant).toBe("priority_fix"); // important, performs below the average
    expect(analysis.drivers.find((d) => d.key === "app")!.quadrant).toBe("secondary_strength");
    expect(priorityDriver(analysis)?.key).toBe("staff");
    expect(analysis.bootstrap).toEqual({ resamples: 200, sampleSize: 300, sampleLimit: 20_000, sampled: false });
    expect(analysis.averageImportance).toBeCloseTo(100 / 3, 12);
  });

  it("is too_few below max(30, 10k) and no_drivers without questions, with null figures", () => {
    const rows = data(29);
    const few = analyseDrivers(QUESTIONS, momentsOfRows(rows, 4), rows);
    expect(few.status).toBe("too_few");
    expect(few.drivers.every((d) => d.importance === null && d.quadrant === null && d.performance === null)).toBe(true);
    expect(priorityDriver(few)).toBeNull();
    expect(analyseDrivers([], { n: 10, sums: [0], cross: [0] }, []).status).toBe("no_drivers");
  });

  it("says no_variance when the score never varies", () => {
    const rows = data(100).map((v, i) => (i % 4 === 3 ? 9 : v));
    expect(analyseDrivers(QUESTIONS, momentsOfRows(rows, 4), rows).status).toBe("no_variance");
  });

  it("writes the contract's body with half-away-from-zero rounding", () => {
    const rows = data(300);
    const analysis = analyseDrivers(QUESTIONS, momentsOfRows(rows, 4), rows, { resamples: 100 });
    const body = toApiDrivers(analysis);
    expect(Object.keys(body)).toEqual(["n", "r2", "method", "status", "minN", "drivers"]);
    expect(Object.keys(body.drivers[0]!)).toEqual([
      "questionId", "label", "scale", "importance", "ciLow", "ciHigh", "rawWeight", "correlation", "performance", "performancePct", "quadrant",
    ]);
    const staff = analysis.drivers[0]!;
    expect(body.drivers[0]!.importance).toBe(Math.round(staff.importance! * 100) / 100);
    expect(body.r2).toBe(Math.round(analysis.r2! * 10_000) / 10_000);
    expect(body.drivers[0]!.rawWeight).toBe(Math.round(staff.rawWeight! * 10_000) / 10_000);
  });

  it("knows each driver type's scale", () => {
    expect(driverScale("CES")).toEqual({ min: 1, max: 7 });
    expect(driverScale("SERVQUAL", 5)).toEqual({ min: 1, max: 5 });
    expect(driverScale("RATING")).toEqual({ min: 1, max: 5 });
  });
});
