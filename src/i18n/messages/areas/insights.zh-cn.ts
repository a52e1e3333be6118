import type { insightsEn } from "./insights.en";

export const insightsZhCN: Record<keyof typeof insightsEn, string> = {};
