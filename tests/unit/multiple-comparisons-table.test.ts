import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { SegmentsTable } from "@/components/analytics/segments-table";
import { createTranslator } from "@/i18n/translate";
import { adjustBenjaminiHochberg, isDiscovery } from "@/lib/multiple-comparisons";
import { compareNps, npsFromCounts } from "@/lib/nps";
import type { Segment } from "@/server/analytics/get-segments";

// Issue 13: with many segment rows each tested at 0.05, some look significant by chance. The table shows the
// Benjamini–Hochberg decision, says so in its tooltip, and keeps the raw p beside it.
function segments(): Segment[] {
  // 20 branches: one really different (branch-00), one borderline (raw p ≈ 0.018, q ≈ 0.18), the rest like everyone else.
  const counts = Array.from({ length: 20 }, (_, i) =>
    i === 0 ? { promoters: 70, passives: 20, detractors: 10 } : i === 1 ? { promoters: 60, passives: 22, detractors: 18 } : { promoters: 45, passives: 30, detractors: 25 },
  );
  const total = counts.reduce((a, c) => ({ promoters: a.promoters + c.promoters, passives: a.passives + c.passives, detractors: a.detractors + c.detractors }), {
    promoters: 0,
    passives: 0,
    detractors: 0,
  });
  const rows = counts.map((c, i) => {
    const stats = npsFromCounts(c);
    const rest = npsFromCounts({ promoters: total.promoters - c.promoters, passives: total.passives - c.passives, detractors: total.detractors - c.detractors });
    return { key: `branch-${String(i).padStart(2, "0")}`, stats, vsRest: compareNps(stats, rest) };
  });
  const q = adjustBenjaminiHochberg(rows.map((r) => r.vsRest.pValue));
  return rows.map((r, i) => ({
    key: r.key,
    label: r.key,
    stats: r.stats,
    status: "ok",
    suppressedReason: null,
    vsRest: r.vsRest,
    vsRestAdjusted: { q: q[i] ?? 1, significant: isDiscovery(q[i]) },
  }));
}

function render(locale: "en" | "zh-CN") {
  return renderToStaticMarkup(
    createElement(SegmentsTable, {
      groups: segments(),
      t: createTranslator(locale),
      locale,
      suppressN: 5,
      minN: 30,
      sort: "key",
      desc: false,
      sortHref: () => "#",
      missingLabel: () => "—",
    }),
  );
}

describe("segment table significance after Benjamini–Hochberg", () => {
  it("the borderline row is significant raw but not after correction; the real one stays significant", () => {
    const rows = segments();
    expect(rows[1]?.vsRest?.pValue).toBeLessThan(0.05);
    expect(rows[1]?.vsRestAdjusted?.significant).toBe(false);
    expect(rows[0]?.vsRestAdjusted?.significant).toBe(true);
    const html = render("en");
    const cells = [...html.matchAll(/data-testid="segment-significance"[^>]*>(.*?)<\/td>/g)].map((m) => m[1] ?? "");
    expect(cells).toHaveLength(20);
    expect(cells[0]).toContain('data-significant="true"');
    expect(cells[1]).toContain('data-significant="false"');
    expect(cells[1]).toMatch(/Not significant \(q = 0\.\d{3}; raw p = 0\.0[0-4]\d\)/);
    expect(html.match(/data-significant="true"/g)).toHaveLength(1);
  });

  it("the tooltip names the correction and the number of tests, in English and Chinese", () => {
    const en = render("en");
    expect(en).toContain("Benjamini–Hochberg");
    expect(en).toContain("With 20 tests at once");
    expect(en).toContain("Significance (corrected)");
    const zh = render("zh-CN");
    expect(zh).toContain("Benjamini–Hochberg");
    expect(zh).toContain("同时做 20 次检验");
    expect(zh).toMatch(/不显著（q = 0\.\d{3}；原始 p = 0\.0[0-4]\d）/);
  });
});
