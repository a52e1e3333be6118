/** English messages of the api area; api.zh-cn.ts must define the same keys. */
export const apiEn = {} as const;
