import type { exportEn } from "./export.en";

export const exportZhCN: Record<keyof typeof exportEn, string> = {
  "export.sheet.responses": "回复明细",
  "export.sheet.summary": "汇总",

  "export.column.respondedAt": "回复时间",
  "export.column.survey": "问卷",
  "export.column.score": "评分 (0–10)",
  "export.column.category": "类别",
  "export.column.comment": "评论",
  "export.column.language": "语言",
  "export.column.channel": "渠道",
  "export.column.touchpoint": "触点",
  "export.column.contactEmail": "联系人邮箱",

  "export.category.PROMOTER": "推荐者",
  "export.category.PASSIVE": "被动者",
  "export.category.DETRACTOR": "贬损者",

  "export.channel.EMAIL": "邮件",
  "export.channel.LINK": "链接",
  "export.channel.QR": "二维码",
  "export.channel.API": "API 接口",
  "export.channel.SMS": "短信",

  "export.summary.figure": "指标",
  "export.summary.value": "数值",
  "export.summary.period": "时间范围",
  "export.summary.periodValue": "{from} 至 {to}",
  "export.summary.timeZone": "时区",
  "export.summary.filters": "筛选条件",
  "export.summary.noFilters": "无",
  "export.summary.filter.surveys": "问卷",
  "export.summary.filter.channels": "渠道",
  "export.summary.filter.touchpoints": "触点",
  "export.summary.rows": "导出的回复数（含未打分）",
  "export.summary.n": "回答了 NPS 问题的人数 (n)",
  "export.summary.promoters": "推荐者 (9–10)",
  "export.summary.passives": "被动者 (7–8)",
  "export.summary.detractors": "贬损者 (0–6)",
  "export.summary.nps": "净推荐值 NPS（−100 至 +100）",
  "export.summary.ciLow": "95% 置信区间下限（调整 Wald 法）",
  "export.summary.ciHigh": "95% 置信区间上限（调整 Wald 法）",
  "export.summary.mean": "平均分",
  "export.summary.exportedAt": "导出时间",
  "export.summary.note":
    "根据导出的回复计算：NPS = 推荐者占比 − 贬损者占比，分母为回答了 0–10 分问题的人数，未打分的回复不计入。与仪表盘在相同筛选条件下的数字一致。",
};
