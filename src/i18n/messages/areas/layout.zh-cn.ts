import type { layoutEn } from "./layout.en";

export const layoutZhCN: Record<keyof typeof layoutEn, string> = {
  "layout.menu.open": "菜单",
  "layout.menu.close": "关闭",
  "layout.loading": "正在加载…",
};
