/** English messages of the insights area; insights.zh-cn.ts must define the same keys. */
export const insightsEn = {} as const;
