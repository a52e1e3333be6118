/** English messages of the export area; export.zh-cn.ts must define the same keys. */
export const exportEn = {} as const;
