import { describe, expect, it } from "vitest";
import { classifyCustomer, DEFAULT_CLASS_RULES, DEFAULT_CLASSES, type ClassRule } from "@/lib/customer-classes";

const NOW = new Date("2026-12-01T00:00:00Z");
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);
const event = (type: string, days: number, amount: number | null = null) => ({ type, occurredAt: daysAgo(days), amount });
const classify = (score: number | null, events: ReturnType<typeof event>[] = []) => classifyCustomer({ score, events }, DEFAULT_CLASS_RULES, NOW);

describe("default customer classes (loyal / potential / marginal / lost)", () => {
  it("puts a churned customer in lost whatever they answered — the first matching rule wins", () => {
    expect(classify(10, [event("churned", 30), event("purchased", 10)])).toBe("lost");
    expect(classify(2, [event("churned", 364)])).toBe("lost");
    expect(classify(null, [event("churned", 5)])).toBe("lost");
  });

  it("forgets a churn older than the window (365 days)", () => {
    expect(classify(3, [event("churned", 366)])).toBe("marginal");
  });

  it("calls a promoter with a recent purchase or steady revenue loyal, and one without potential", () => {
    expect(classify(9, [event("purchased", 179)])).toBe("loyal");
    expect(classify(10, [event("revenue", 20, 600), event("revenue", 90, 400)])).toBe("loyal");
    expect(classify(10, [event("revenue", 20, 600)])).toBe("potential"); // below the 1,000 total
    expect(classify(10, [event("purchased", 181)])).toBe("potential"); // outside the 180-day window
    expect(classify(10)).toBe("potential");
  });

  it("calls a detractor marginal, and a passive marginal only with a complaint", () => {
    expect(classify(0)).toBe("marginal");
    expect(classify(6, [event("purchased", 5)])).toBe("marginal");
    expect(classify(7, [event("complaint", 60)])).toBe("marginal");
    expect(classify(8)).toBe("potential");
    expect(classify(8, [event("complaint", 200)])).toBe("potential");
  });

  it("leaves a customer who never answered and never churned unclassified", () => {
    expect(classify(null)).toBeNull();
    expect(classify(null, [event("purchased", 1)])).toBeNull();
  });

  it("names every class of the rules in both languages", () => {
    const keys = new Set(DEFAULT_CLASSES.map((c) => c.key));
    for (const rule of DEFAULT_CLASS_RULES) expect(keys.has(rule.classKey)).toBe(true);
    expect(DEFAULT_CLASSES.find((c) => c.key === "marginal")!.label).toEqual({ "zh-CN": "边缘客户", en: "Marginal" });
  });
});

describe("organisation rules", () => {
  it("apply score ranges inclusively and an event in the future does not count", () => {
    const rules: ClassRule[] = [
      { classKey: "fans", scoreMin: 9, scoreMax: 10 },
      { classKey: "middle", scoreMin: 5, scoreMax: 8, all: [{ type: "vip_upgrade", present: true, windowDays: 30 }] },
    ];
    expect(classifyCustomer({ score: 9, events: [] }, rules, NOW)).toBe("fans");
    expect(classifyCustomer({ score: 5, events: [event("vip_upgrade", 30)] }, rules, NOW)).toBeNull(); // exactly 30 days: outside (window is (now − 30 d, now])
    expect(classifyCustomer({ score: 5, events: [event("vip_upgrade", 29)] }, rules, NOW)).toBe("middle");
    expect(classifyCustomer({ score: 8, events: [event("vip_upgrade", -2)] }, rules, NOW)).toBeNull();
    expect(classifyCustomer({ score: 4, events: [] }, rules, NOW)).toBeNull();
  });
});
