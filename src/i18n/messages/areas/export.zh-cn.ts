import type { exportEn } from "./export.en";

export const exportZhCN: Record<keyof typeof exportEn, string> = {};
