/** English messages of the app layout (header, menu, loading states); layout.zh-cn.ts must define the same keys. */
export const layoutEn = {
  "layout.menu.open": "Menu",
  "layout.menu.close": "Close",
  "layout.loading": "Loading…",
} as const;
