/** English messages of the analytics area; analytics.zh-cn.ts must define the same keys. */
export const analyticsEn = {} as const;
