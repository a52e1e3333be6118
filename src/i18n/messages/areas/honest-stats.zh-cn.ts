import type { honestStatsEn } from "./honest-stats.en";

export const honestStatsZhCN: Record<keyof typeof honestStatsEn, string> = {
  "stats.segments.significance": "显著性（已校正）",
  "stats.segments.significant": "显著（{q}；原始 {p}）",
  "stats.segments.notSignificant": "不显著（{q}；原始 {p}）",
  "stats.segments.correctionHelp":
    "每一行都与其余回复比较。同时做 {m} 次检验时，总有一些会偶然显得显著，因此 p 值已按 Benjamini–Hochberg 方法校正（错误发现率 5%）：只有校正后的 q 小于 0.05 才算显著。旁边仍列出原始 p 值。",
  "stats.headline.suppressed": "符合这些筛选条件的回复少于 {suppressN} 份：为保护受访者，数字已隐藏。请放宽筛选条件或时间范围。",
  "stats.trend.hidden": "已隐藏",
  "stats.trend.hiddenHelp": "回复少于 {suppressN} 份的时段会被隐藏；若只有一个时段被隐藏，次小的时段也一并隐藏，以免从总数推算出来。",
};
