import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { nonResponseTableLabels, samplePlannerLabels, verbatimListLabels } from "@/components/insights/labels";
import { NonResponseTable } from "@/components/insights/non-response-table";
import { SamplePlanner } from "@/components/insights/sample-planner";
import { VerbatimList } from "@/components/insights/verbatim-list";
import { insightsEn } from "@/i18n/messages/areas/insights.en";
import { insightsZhCN } from "@/i18n/messages/areas/insights.zh-cn";
import { createTranslator } from "@/i18n/translate";
import type { NonResponse } from "@/server/analytics/get-non-response";
import type { Verbatim } from "@/server/analytics/list-verbatims";

const en = createTranslator("en");
const zh = createTranslator("zh-CN");

const items: Verbatim[] = [
  {
    id: "0194f5d2-7b3a-7c4e-8f00-000000000002",
    createdAt: new Date("2026-03-01T15:59:59Z"),
    score: 3,
    category: "DETRACTOR",
    comment: '<script>alert("x")</script> 排队太久',
    locale: "zh-CN",
    surveyName: "Relationship 2026",
    touchpoint: "开户",
    attributes: { region: "华东", tier: "gold" },
  },
  {
    id: "0194f5d2-7b3a-7c4e-8f00-000000000001",
    createdAt: new Date("2026-02-28T02:00:00Z"),
    score: null,
    category: null,
    comment: "Friendly staff",
    locale: "en",
    surveyName: "Relationship 2026",
    touchpoint: null,
    attributes: {},
  },
];

describe("insights catalogue", () => {
  it("has the same keys in en and zh-CN, all non-empty, and really translated", () => {
    expect(Object.keys(insightsZhCN).sort()).toEqual(Object.keys(insightsEn).sort());
    for (const [key, text] of Object.entries(insightsZhCN)) {
      expect(text.trim(), key).not.toBe("");
      expect(text, key).not.toBe(insightsEn[key as keyof typeof insightsEn]);
    }
  });
});

describe("VerbatimList", () => {
  const render = (props: Partial<Parameters<typeof VerbatimList>[0]> = {}) =>
    renderToStaticMarkup(
      createElement(VerbatimList, {
        items,
        nextCursor: "0194f5d2-7b3a-7c4e-8f00-000000000001",
        hiddenParams: [["range", "30d"], ["attr.region", "华东"], ["before", "stale"]],
        category: "DETRACTOR",
        search: "排队",
        locale: "en",
        timeZone: "Asia/Shanghai",
        labels: verbatimListLabels(en),
        ...props,
      }),
    );

  it("escapes comments and shows them as written, in their language", () => {
    const html = render();
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; 排队太久");
    expect(html).toContain('lang="zh-CN"');
    expect(html).toContain("Friendly staff");
  });

  it("shows the category as colour and text, the score, the local date, and segment chips", () => {
    const html = render();
    expect(html).toContain("bg-detractor");
    expect(html).toContain("Detractor");
    expect(html).toContain("Score 3");
    expect(html).toContain("No score");
    // 15:59:59Z is 23:59 on 1 March in Shanghai.
    expect(html).toContain("Mar 1, 2026, 11:59");
    expect(html).toContain("华东");
    expect(html).toContain("gold");
    expect(html).toContain("开户");
  });

  it("keeps the other URL parameters as hidden inputs and in the 'more' link with before=<cursor>", () => {
    const html = render();
    expect(html).toContain('<input type="hidden" name="range" value="30d"/>');
    expect(html).toContain('<input type="hidden" name="attr.region" value="华东"/>');
    expect(html).not.toContain('name="before"');
    const href = html.match(/href="\?([^"]*)"[^>]*data-testid="verbatims-more"/)?.[1];
    expect(href).toBeDefined();
    const more = new URLSearchParams((href ?? "").replaceAll("&amp;", "&"));
    expect([...more.entries()]).toEqual([
      ["range", "30d"],
      ["attr.region", "华东"],
      ["category", "DETRACTOR"],
      ["q", "排队"],
      ["before", "0194f5d2-7b3a-7c4e-8f00-000000000001"],
    ]);
  });

  it("has no 'more' link on the last page, and an empty state", () => {
    const html = render({ items: [], nextCursor: null, category: null, search: null });
    expect(html).not.toContain("verbatims-more");
    expect(html).toContain("No comments match this filter.");
  });

  it("speaks Chinese with zh-CN labels", () => {
    const html = renderToStaticMarkup(
      createElement(VerbatimList, { items, nextCursor: null, hiddenParams: [], locale: "zh-CN", timeZone: "Asia/Shanghai", labels: verbatimListLabels(zh) }),
    );
    expect(html).toContain("贬损者");
    expect(html).toContain("3 分");
    expect(html).toContain("2026年3月1日");
  });
});

describe("NonResponseTable", () => {
  const data: NonResponse = {
    invitations: 300,
    respondents: 100,
    nonRespondents: 200,
    responseRate: 1 / 3,
    rows: [
      { key: "region", value: "华东", kind: "value", range: null, respondents: 60, nonRespondents: 80, respondentShare: 0.6, nonRespondentShare: 0.4, gapPoints: 20, pValue: 0.001, flagged: true },
      { key: "tier", value: "", kind: "missing", range: null, respondents: 2, nonRespondents: 5, respondentShare: 0.02, nonRespondentShare: 0.025, gapPoints: -0.5, pValue: 0.8, flagged: false },
    ],
    skippedKeys: [{ key: "customerId", distinctValues: 300 }],
    thresholds: { minGapPoints: 5, alpha: 0.05, maxDistinctValues: 30 },
  };

  it("shows both shares, the signed gap, a textual large-gap mark and the explanation", () => {
    const html = renderToStaticMarkup(createElement(NonResponseTable, { data, locale: "en", labels: nonResponseTableLabels(en) }));
    expect(html).toContain("Are the people who answered like the ones who didn&#x27;t?");
    expect(html).toContain("60%");
    expect(html).toContain("40%");
    expect(html).toContain("+20 pts");
    expect(html).toContain("−0.5 pts");
    expect(html).toContain("Large gap");
    expect(html.match(/data-flagged="true"/g)).toHaveLength(1);
    expect(html).toContain("(not set)");
    expect(html).toContain("customerId");
    expect(html).toContain("300 invitations · 100 answered · 200 did not answer · response rate 33%");
  });

  it("says when there is nothing to compare", () => {
    const empty: NonResponse = { ...data, invitations: 0, respondents: 0, nonRespondents: 0, responseRate: null, rows: [], skippedKeys: [] };
    const html = renderToStaticMarkup(createElement(NonResponseTable, { data: empty, locale: "zh-CN", labels: nonResponseTableLabels(zh) }));
    expect(html).toContain("此期间没有创建邀请");
    expect(html).not.toContain("<table");
  });
});

describe("SamplePlanner (server render of the initial state)", () => {
  it("starts from the current NPS and shows responses and invitations", () => {
    const html = renderToStaticMarkup(
      createElement(SamplePlanner, { currentNps: 30.2, responseRate: 0.25, locale: "en", labels: samplePlannerLabels(en) }),
    );
    expect(html).toContain('value="30"');
    expect(html).toContain('value="5"');
    expect(html).toMatch(/data-testid="planner-responses">935</);
    expect(html).toMatch(/data-testid="planner-invitations">3,740</);
    expect(html).toContain("at your response rate of 25%");
  });

  it("says so when there is no response rate", () => {
    const html = renderToStaticMarkup(createElement(SamplePlanner, { currentNps: null, responseRate: null, locale: "zh-CN", labels: samplePlannerLabels(zh) }));
    expect(html).toContain("暂无回复率");
    expect(html).not.toContain("planner-invitations");
  });
});
