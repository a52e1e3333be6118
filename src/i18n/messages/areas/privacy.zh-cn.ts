import type { privacyEn } from "./privacy.en";

/** 同意与个人信息（PIPL）相关的中文文本：脱敏显示、客户未同意联系时工单页的回复说明。 */
export const privacyZhCN: Record<keyof typeof privacyEn, string> = {
  "privacy.masked": "根据您的角色，个人信息已脱敏显示。",
  "privacy.searchMasked": "按邮箱、姓名、电话或客户号搜索需要 CX 经理或更高角色。",
  "privacy.consent.given": "是，{date}（{locale}，文本版本 {version}）",
  "privacy.consent.text": "当时显示的文本：“{text}”",
  "privacy.reply.noConsent": "客户未同意被联系，因此不能发送回复。您仍可在内部跟进此工单：备注、根因和状态。",
  "privacy.reply.refused": "客户未同意被联系：回复未发送。",
  "cases.statusForm.placeholder": "选择新状态…",
} as const;
