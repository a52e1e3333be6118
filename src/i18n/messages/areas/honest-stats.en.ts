/** English messages of the honest-statistics area (multiple comparisons, suppression); honest-stats.zh-cn.ts must define the same keys. */
export const honestStatsEn = {
  "stats.segments.significance": "Significance (corrected)",
  "stats.segments.significant": "Significant ({q}; raw {p})",
  "stats.segments.notSignificant": "Not significant ({q}; raw {p})",
  "stats.segments.correctionHelp":
    "Each row is compared with the rest of the responses. With {m} tests at once, some would look significant by chance, so the p-values are adjusted with the Benjamini–Hochberg method (false discovery rate 5%): a row is significant only when its adjusted q is below 0.05. The raw p is shown beside it.",
  "stats.headline.suppressed":
    "Fewer than {suppressN} responses match these filters: the figures are hidden to protect respondents. Widen the filters or the period.",
  "stats.trend.hidden": "hidden",
  "stats.trend.hiddenHelp": "Periods with fewer than {suppressN} responses are hidden, and when only one is, the next smallest too, so it cannot be worked out from the total.",
} as const;
