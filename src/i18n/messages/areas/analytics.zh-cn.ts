import type { analyticsEn } from "./analytics.en";

export const analyticsZhCN: Record<keyof typeof analyticsEn, string> = {};
