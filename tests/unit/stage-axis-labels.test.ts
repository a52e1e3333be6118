import { describe, expect, it } from "vitest";
import { stageAxisLayout, wrapLabel } from "@/lib/stage-axis-labels";

// 6 px per Latin character, 12 px per Chinese one: the estimate of a 12 px font.
const measure = (text: string) => [...text].reduce((w, ch) => w + (/[\u2e80-\uffff]/.test(ch) ? 12 : 6), 0);

describe("stage axis labels", () => {
  it("keeps the names on one line when every name fits", () => {
    expect(stageAxisLayout(["Booking", "At the branch"], 100, measure)).toEqual({ mode: "names", lines: [["Booking"], ["At the branch"]] });
  });

  it("wraps English at spaces and Chinese between characters, never wider than the band", () => {
    const layout = stageAxisLayout(["Online application", "Signing with the manager", "Approval and payout"], 70, measure);
    expect(layout.mode).toBe("wrapped");
    expect(layout.lines[1]).toEqual(["Signing", "with the", "manager"]);
    for (const lines of layout.lines) for (const line of lines) expect(measure(line)).toBeLessThanOrEqual(70);
    expect(wrapLabel("客户经理面签", 40, measure, 3)).toEqual(["客户经", "理面签"]);
  });

  it("falls back to the stages' numbers when a name does not fit in three lines or a word is wider than the band", () => {
    expect(stageAxisLayout(["Signing with the manager", "Booking"], 40, measure)).toEqual({ mode: "numbers", lines: [["1"], ["2"]] });
    expect(stageAxisLayout(["客户经理面签审批放款线上申请"], 30, measure).mode).toBe("numbers");
    expect(stageAxisLayout(["a"], 0, measure).mode).toBe("numbers");
  });
});
