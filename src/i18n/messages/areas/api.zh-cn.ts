import type { apiEn } from "./api.en";

export const apiZhCN: Record<keyof typeof apiEn, string> = {};
