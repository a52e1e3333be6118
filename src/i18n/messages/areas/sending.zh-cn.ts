import type { sendingEn } from "./sending.en";

/** 邀请单个客户（邮件发送）与发送活动前确认的中文文案。 */
export const sendingZhCN: Record<keyof typeof sendingEn, string> = {
  "sending.invite.delivery": "邀请方式",
  "sending.invite.deliveryEmail": "发送邀请邮件",
  "sending.invite.deliveryLink": "仅生成链接（自行复制）",
  "sending.invite.submitLink": "生成专属链接",
  "sending.invite.emailed": "给 {email} 的邀请邮件已在发送中（{language}）。其专属链接：",
  "validation.unsubscribed": "该联系人已退订问卷邮件：可改为生成链接，或请其重新订阅。",
  "campaigns.confirm.review": "检查并发送",
  "campaigns.confirm.reviewing": "正在统计受众……",
  "campaigns.confirm.title": "发送前请确认",
  "campaigns.confirm.audience": "符合受众条件的联系人：{count} 位。",
  "campaigns.confirm.sampled": "抽样选出其中 {count} 位。",
  "campaigns.confirm.recipients": "其中 {count} 位将收到邮件。",
  "campaigns.confirm.skipped": "不发送：{throttled} 位近期已调研（频次控制），{unsubscribed} 位已退订，{noEmail} 位没有邮箱。",
  "campaigns.confirm.sample": "部分收件人：",
  "campaigns.confirm.send": "发送给 {count} 位联系人",
  "campaigns.confirm.schedule": "定时发送给 {count} 位联系人",
  "campaigns.confirm.change": "修改活动",
  "campaigns.confirm.none": "没有人会收到邮件：请修改受众或抽样。",
  "campaigns.confirm.changed": "自您检查后受众发生了变化。请核对新的数字并再次确认。",
  "campaigns.confirm.localeNone": "问卷语言",
};
