import type { securityEn } from "./security.en";

/** 安全相关（登录限流）的中文文案。 */
export const securityZhCN: Record<keyof typeof securityEn, string> = {
  "security.signIn.locked": "该账号或当前网络的登录失败次数过多。为保护账号安全，登录已暂停：请于 {time} 后再试（约 {minutes} 分钟后）。",
};
